// The static edition's page (conflictmap/site.py), after leaflet.js and timeline_core.js (DAY, toDay, toIso,
// bisectRight, paintDensity, showCached). Reads data/index.json, then fetches the outlines, the claims and the one
// control and events file per year that the shown date needs; other years when the timeline reaches them.
// Data text goes into the page only through textContent and DOM-built links: no innerHTML here.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  const fetched = {};  // url -> Promise of its JSON (each file fetched once)
  function getJSON(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then((r) => { if (!r.ok) throw new Error(url + ': HTTP ' + r.status); return r.json(); });
      fetched[url].catch(() => { delete fetched[url]; });
    }
    return fetched[url];
  }
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function fill(tpl, vals) {
    let out = tpl;
    for (const k of Object.keys(vals)) out = out.split('{' + k + '}').join(String(vals[k]));
    return out;
  }
  const svgCache = {};
  function svgNode(markup) {  // constant markup from site.py (category shapes), never data
    if (!svgCache[markup]) svgCache[markup] = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
    return document.importNode(svgCache[markup], true);
  }

  getJSON('data/index.json').then(start).catch((err) => {
    $('cm-status').textContent = 'data/index.json: ' + err.message;
    console.error(err);
  });

  function start(I) {
    const lang = I.strings[params.get('lang')] ? params.get('lang') : 'en';
    const S = I.strings[lang];
    const other = Object.keys(I.strings).find((l) => l !== lang);
    const tx = (obj, field) => (lang !== 'en' && obj[field + '_' + lang]) || obj[field];
    document.documentElement.lang = lang;
    document.title = S.app_title;
    $('cm-title').textContent = S.app_title;
    $('cm-lang').textContent = I.strings[other].lang_name;
    $('cm-lang').hreflang = other;
    $('cm-link').textContent = S.copy_link;
    $('cm-play').textContent = S.play;
    $('cm-prev-change').textContent = S.prev_change;
    $('cm-next-change').textContent = S.next_change;
    $('cm-prev-event').textContent = S.prev_event;
    $('cm-next-event').textContent = S.next_event;
    $('cm-h-control').textContent = S.control_sources + ' — ' + S.sources;
    $('cm-h-claims').textContent = S.claims_sources;
    $('cm-note').textContent = fill(S.site_note, { built: I.built });
    $('cm-licence').textContent = S.licence;
    buildLegend(I, S);

    const first = toDay(I.first), last = toDay(I.last);
    const slider = $('cm-slider');
    slider.min = String(first);
    slider.max = String(last);
    slider.setAttribute('aria-label', S.scrub_label);
    const density = $('cm-density');
    const repaint = () => paintDensity(density, I.marks, first, last);
    repaint();
    if (window.ResizeObserver) new ResizeObserver(repaint).observe(density);

    const map = L.map('cm-map', { zoomSnap: 0.25, minZoom: 4, maxZoom: 13 });
    window.cmMap = map;
    map.fitBounds(I.bounds);
    L.control.scale().addTo(map);
    map.attributionControl.setPrefix('Leaflet');  // Leaflet's default prefix is a link off the site

    const ctlDays = I.control.dates.map(toDay);
    const evDays = I.events.dates.map(toDay);
    const changeDays = I.change_dates.map(toDay);
    const ctlItems = [], ctlGeoms = [];  // filled per year file as it arrives (an assessment, and its area alone)
    const events = [];
    const slots = { control: { cache: {}, layer: null, shown: -2 }, claims: { cache: {}, layer: null, shown: -2 } };
    let claims = null, claimDays = [];
    let current = last, openEvent = null, evRange = null, evLayer = null, markers = {}, based = false;
    const windowDays = I.window_days;

    // Ensure the year files holding items lo..hi-1 of a table are loaded into `target`; true when they are.
    function ensure(table, lo, hi, target) {  // control: ctlGeoms follows ctlItems
      let ready = true;
      for (const f of table) {
        if (f.i0 >= hi || f.i1 <= lo || target[f.i0] !== undefined) continue;
        ready = false;
        getJSON(f.url).then((d) => {
          if (target[d.i0] !== undefined) return;
          d.items.forEach((item, k) => { target[d.i0 + k] = item; if (target === ctlItems) ctlGeoms[d.i0 + k] = item.g; });
          render(current);
        }).catch(loadError);
      }
      return ready;
    }
    function loadError(err) { $('cm-status').textContent = S.site_load_error; console.error(err); }

    function sourceItem(s) {
      const li = el('li');
      li.appendChild(document.createTextNode(s.p + ': '));
      if (/^https?:\/\//i.test(s.u)) {
        const a = el('a', null, s.t);
        a.href = s.u;
        a.rel = 'noopener noreferrer';
        li.appendChild(a);
      } else {
        li.appendChild(document.createTextNode(s.t + ' (' + S.withheld + ')'));
      }
      li.appendChild(document.createTextNode(' (' + s.d + ')'));
      return li;
    }
    function sourceList(ul, list) { clear(ul); for (const s of list) ul.appendChild(sourceItem(s)); }

    function popupEl(e) {
      const div = el('div', 'cm-popup');
      div.dataset.event = e.id;
      div.appendChild(el('h3', null, tx(e, 'title')));
      div.appendChild(el('p', 'muted', e.d + ' · ' + e.pl + ' · ' + (S.cats[e.c] || e.c)));
      if (tx(e, 'description')) div.appendChild(el('p', null, tx(e, 'description')));
      div.appendChild(el('b', null, S.sources));
      const ul = el('ul', 'src');
      sourceList(ul, e.src);
      div.appendChild(ul);
      return div;
    }

    function drawEvents(day) {
      const hi = bisectRight(evDays, day), lo = bisectRight(evDays, day - windowDays);
      $('cm-h-events').textContent = fill(S.events_window, { d: toIso(day) });
      if (!ensure(I.events.files, lo, hi, events)) return false;
      if (evRange === lo + ':' + hi) return true;
      if (evLayer) map.removeLayer(evLayer);
      evLayer = L.layerGroup();
      markers = {};
      const list = $('cm-events');
      clear(list);
      for (let k = hi - 1; k >= lo; k--) {
        const e = events[k];
        const icon = L.divIcon({ className: 'cm-ev', html: svgNode(I.shapes[e.c] || I.shapes['']), iconSize: [16, 16], iconAnchor: [8, 8] });
        const m = L.marker(e.ll, { icon: icon, keyboard: true, riseOnHover: true, title: e.d + ' · ' + tx(e, 'title') });
        m.bindPopup(() => popupEl(e), { maxWidth: 340 });
        m.on('popupopen', () => { openEvent = e.id; updateUrl(); });
        m.on('popupclose', () => { if (openEvent === e.id) { openEvent = null; updateUrl(); } });
        m.addTo(evLayer);
        markers[e.id] = m;
        const li = el('li');
        const a = el('a', null, e.d + ' · ' + tx(e, 'title'));
        a.href = '#';
        a.addEventListener('click', (ev) => { ev.preventDefault(); m.openPopup(); });
        li.appendChild(a);
        list.appendChild(li);
      }
      if (hi <= lo) list.appendChild(el('li', 'muted', S.no_events));
      evLayer.addTo(map);
      evRange = lo + ':' + hi;
      if (openEvent && markers[openEvent] && !markers[openEvent].isPopupOpen()) markers[openEvent].openPopup();
      return true;
    }

    function asOf(day, si) {
      const lastA = I.last_assessed ? toDay(I.last_assessed) : null;
      let lastLine = I.last_assessed ? fill(S.as_of_last, { d: I.last_assessed }) : '';
      if (si < 0) {
        $('cm-asof-text').textContent = S.as_of_none;
        $('cm-asof-note').textContent = lastLine;
        $('cm-pct').textContent = '';
        sourceList($('cm-control-sources'), []);
        return;
      }
      const meta = ctlItems[si], asOfDay = ctlDays[si];
      if (!meta) { $('cm-asof-text').textContent = S.site_loading; return; }
      const afterLast = lastA !== null && day > lastA;
      const today = Math.floor(Date.now() / DAY);
      const days = (afterLast ? Math.max(day, today) : day) - asOfDay;
      let age;
      if (afterLast) {
        age = fill(S.as_of_age_today, { days: days });
        lastLine = fill(S.as_of_latest, { d: I.control.dates[si], days: days });
      } else {
        age = days === 0 ? S.as_of_same_day : fill(S.as_of_age, { days: days });
      }
      $('cm-asof-text').textContent = fill(S.as_of, { as_of: I.control.dates[si], age: age, label: tx(meta, 'label') });
      const note = tx(meta, 'approximation_note') || meta.confidence_note;
      $('cm-asof-note').textContent = (note ? S.approximation + ': ' + note + ' ' : '') + lastLine;
      $('cm-pct').textContent = meta.pct === null ? '' : fill(S.pct, { pct: meta.pct.toFixed(1).replace('.', S.dec) });
      sourceList($('cm-control-sources'), meta.src);
    }

    function render(day) {
      current = Math.min(last, Math.max(first, day));
      slider.value = String(current);
      $('cm-date').textContent = toIso(current);
      slider.setAttribute('aria-valuetext', toIso(current));
      const si = bisectRight(ctlDays, current) - 1;
      asOf(current, si);
      const ci = claims ? bisectRight(claimDays, current) - 1 : -1;
      if (claims) {
        showCached(L, map, slots.claims, ci, claims.geometries, 'cm-claimed', I.styles.claimed);
        sourceList($('cm-claim-sources'), ci >= 0 ? claims.src[ci] : []);
      }
      const ctlReady = si < 0 || ensure(I.control.files, si, si + 1, ctlItems);
      if (ctlReady) showCached(L, map, slots.control, si, ctlGeoms, 'cm-controlled', I.styles.controlled);
      if (slots.control.layer) slots.control.layer.bringToFront();  // above the hatching
      const evReady = drawEvents(current);
      const ready = ctlReady && evReady && claims !== null && based;
      $('cm-status').textContent = ready ? '' : S.site_loading;
      document.body.dataset.date = toIso(current);
      document.body.dataset.ready = ready ? '1' : '0';
      if (ready && !window.cmFirstMapMs) window.cmFirstMapMs = performance.now();
      updateUrl();
    }

    function updateUrl() {
      const h = new URLSearchParams({ date: toIso(current) });
      if (openEvent) h.set('event', openEvent);
      const hash = '#' + h.toString();
      if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
      $('cm-link').href = location.href;
      $('cm-lang').href = '?lang=' + other + hash;
    }

    function fromHash() {  // #date=YYYY-MM-DD&event=ID (an event alone opens on its date)
      const h = new URLSearchParams(location.hash.slice(1));
      const ev = h.get('event');
      const k = ev ? I.events.ids.indexOf(ev) : -1;
      openEvent = k >= 0 ? ev : null;
      const d = h.get('date');
      if (d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !isNaN(toDay(d))) return toDay(d);
      return k >= 0 ? evDays[k] : last;
    }
    window.addEventListener('hashchange', () => { evRange = null; render(fromHash()); });

    let raf = 0;
    slider.addEventListener('input', () => {
      if (!raf) raf = requestAnimationFrame(() => { raf = 0; render(+slider.value); });
    });
    function jump(days, forward) {
      const i = forward ? bisectRight(days, current) : bisectRight(days, current - 1) - 1;
      if (i >= 0 && i < days.length) render(days[i]);
    }
    $('cm-asof').addEventListener('click', () => $('cm-asof').classList.toggle('open'));  // the whole note (phones)
    $('cm-prev-change').addEventListener('click', () => jump(changeDays, false));
    $('cm-next-change').addEventListener('click', () => jump(changeDays, true));
    $('cm-prev-event').addEventListener('click', () => jump(evDays, false));
    $('cm-next-event').addEventListener('click', () => jump(evDays, true));

    const play = $('cm-play');
    const STEP_DAYS = 7, STEP_MS = 200, AHEAD_DAYS = 60;
    let timer = null;
    function stop() { clearInterval(timer); timer = null; play.textContent = S.play; play.setAttribute('aria-pressed', 'false'); }
    play.addEventListener('click', () => {
      if (timer) { stop(); return; }
      if (current >= last) render(first);
      play.textContent = S.pause;
      play.setAttribute('aria-pressed', 'true');
      timer = setInterval(() => {
        if (current >= last) { stop(); return; }
        const ahead = Math.min(last, current + AHEAD_DAYS);  // fetch the next year's files before the timeline gets there
        ensure(I.control.files, Math.max(0, bisectRight(ctlDays, current) - 1), bisectRight(ctlDays, ahead), ctlItems);
        ensure(I.events.files, bisectRight(evDays, current - windowDays), bisectRight(evDays, ahead), events);
        render(current + STEP_DAYS);
      }, STEP_MS);
    });

    getJSON(I.base).then((b) => {
      L.geoJSON(b.neighbours, { interactive: false, style: { color: '#9a9a9a', weight: 1, fillColor: '{{ colours.neighbour }}', fillOpacity: 0.9 } }).addTo(map);
      L.geoJSON(b.regions, {
        style: { color: '{{ colours.region }}', weight: 1.2, fillColor: '#ffffff', fillOpacity: 0.55 },
        onEachFeature: (f, layer) => layer.bindTooltip(el('span', null, tx(f.properties, 'n')), { sticky: true }),
      }).addTo(map).bringToBack();
      based = true;
      render(current);
    }).catch(loadError);
    getJSON(I.claims).then((c) => {
      claims = c;
      claimDays = c.dates.map(toDay);
      render(current);
    }).catch(loadError);
    window.addEventListener('resize', () => map.invalidateSize());
    render(fromHash());
  }

  function buildLegend(I, S) {
    const details = el('details');
    details.open = true;
    const summary = el('summary');
    summary.appendChild(el('b', null, S.legend));
    details.appendChild(summary);
    function row(swatch, text) {
      const r = el('div', 'row');
      r.appendChild(swatch);
      r.appendChild(document.createTextNode(text));
      details.appendChild(r);
    }
    row(svgNode('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14"><rect width="22" height="14" fill="url(#cm-hatch)" stroke="' +
      I.styles.claimed.color + '"/></svg>'), S.layer_claimed);
    const sw = el('span', 'sw');
    sw.style.background = I.styles.controlled.fillColor;
    sw.style.opacity = '0.6';
    row(sw, S.layer_controlled);
    for (const c of Object.keys(I.legend_shapes)) row(svgNode(I.legend_shapes[c]), S.cats[c] || c);
    $('cm-legend').appendChild(details);
  }
})();
