// The Map page's scrub strip (ui/scrub.py), after timeline_core.js (DAY, toDay, toIso, bisectRight, paintDensity,
// showCached) in the same module.
const IFRAME = 'iframe[title="streamlit_folium.st_folium"]';
const MAX_EVENT_MARKERS = 1500;  // the latest ones in the window, if there are more
const fetches = (window.__cmScrubFetches = window.__cmScrubFetches || {});  // url -> Promise (fetched once per page)
const stats = (window.__cmScrubStats = window.__cmScrubStats || { frames: [], frameMs: [], swaps: [], swapMs: [] });

function mapWindow() {
  const f = document.querySelector(IFRAME);
  let w = null;
  try { w = f && f.contentWindow; if (!(w && w.map && w.L)) w = null; } catch (e) { w = null; }
  return w;
}

const MAP_CSS = `
.cm-scrubbing path.cm-controlled, .cm-scrubbing path.cm-cnc, .cm-scrubbing path.cm-changes,
.cm-scrubbing path.cm-claimed:not(.cm-scrub-claimed), .cm-scrubbing.cm-scrub-events .cm-ev:not(.cm-scrub-ev),
.cm-scrubbing.cm-scrub-events .marker-cluster { display: none; }
.cm-scrub-over { position: absolute; top: 10px; left: 50%; transform: translateX(-50%); z-index: 1000; display: none;
  font: 700 clamp(1.4rem, 6vw, 2.4rem)/1.15 system-ui, sans-serif; white-space: nowrap; background: rgba(255,255,255,.9); color: #222; padding: .1rem .8rem;
  border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,.35); pointer-events: none; font-variant-numeric: tabular-nums; }
.cm-scrubbing .cm-scrub-over { display: block; }`;

function mapState(w) {
  if (!w.__cmScrub) {
    const style = w.document.createElement('style');
    style.textContent = MAP_CSS;
    w.document.head.appendChild(style);
    const over = w.document.createElement('div');
    over.className = 'cm-scrub-over';
    w.document.body.appendChild(over);
    w.__cmScrub = { control: { cache: {}, layer: null, shown: -2 }, claims: { cache: {}, layer: null, shown: -2 }, over: over };
  }
  return w.__cmScrub;
}

function build(parent) {
  const root = document.createElement('div');
  root.className = 'cm-scrub';
  const spans = document.createElement('div');
  spans.className = 'cm-scrub-spans';
  spans.setAttribute('role', 'group');
  const bAll = document.createElement('button');
  const bRecent = document.createElement('button');
  bAll.type = bRecent.type = 'button';
  bAll.dataset.span = 'all';
  bRecent.dataset.span = 'recent';
  spans.append(bAll, bRecent);
  const track = document.createElement('div');
  track.className = 'cm-scrub-track';
  const canvas = document.createElement('canvas');
  const input = document.createElement('input');
  input.type = 'range';
  input.step = '1';
  track.append(canvas, input);
  const label = document.createElement('span');
  label.className = 'cm-scrub-date';
  label.setAttribute('aria-live', 'off');
  root.append(spans, track, label);
  parent.appendChild(root);

  const s = { root, input, label, canvas, bAll, bRecent, data: null, geo: null, geoDays: null, span: null,
              dragging: false, raf: 0, geoUrl: null, viaKey: false, keyTimer: 0, pending: null, endTimer: 0, observer: null, component: null };

  function spanStart() {
    const first = toDay(s.data.first);
    return s.span === 'recent' ? Math.max(first, toDay(s.data.recent_from)) : first;
  }

  function setSpan(span) {
    s.span = span;
    bAll.setAttribute('aria-pressed', String(span === 'all'));
    bRecent.setAttribute('aria-pressed', String(span === 'recent'));
    const value = +input.value;
    input.min = String(spanStart());
    input.max = String(toDay(s.data.last));
    if (value) input.value = String(Math.max(value, spanStart()));
    paint();
  }
  bAll.addEventListener('click', () => setSpan('all'));
  bRecent.addEventListener('click', () => setSpan('recent'));

  function paint() {  // the event-density strip (events per month) and a tick at each assessment
    if (s.data) paintDensity(canvas, s.data, spanStart(), toDay(s.data.last));
  }
  if (window.ResizeObserver) new ResizeObserver(() => paint()).observe(canvas);

  function loadGeo() {
    const url = s.data.url;
    if (!fetches[url]) fetches[url] = fetch(url).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); });
    fetches[url].then((geo) => {
      s.geo = geo;
      s.geoDays = geo.dates.map(toDay);
      s.evDays = geo.events ? geo.events.dates.map(toDay) : [];
      s.claimDays = geo.claims ? geo.claims.dates.map(toDay) : [];
      root.dataset.ready = '1';
    })
      .catch(() => { delete fetches[url]; root.dataset.ready = 'error'; });
  }

  function draw(day) {  // one frame: the assessment in force on `day`, drawn into the map's own Leaflet
    const w = mapWindow();
    if (!w || !s.geo) return;
    const ms = mapState(w);
    w.document.body.classList.add('cm-scrubbing');
    ms.over.textContent = toIso(day);
    drawEvents(w, ms, day);
    drawClaims(w, ms, day);
    const i = s.data.draw ? bisectRight(s.geoDays, day) - 1 : -1;  // -1: nothing drawn
    const t0 = performance.now();
    if (!showCached(w.L, w.map, ms.control, i, s.geo.geometries, 'cm-scrub', s.data.styles.controlled)) return;
    const t1 = performance.now();
    stats.swaps.push(t1);
    stats.swapMs.push(t1 - t0);
  }

  function drawEvents(w, ms, day) {  // the events of the page's window, as the server's markers look
    const ev = s.geo.events;
    if (!ev || !s.data.events) return;  // too many events for the file (a big import): the server's markers stay
    w.document.body.classList.add('cm-scrub-events');
    const hi = bisectRight(s.evDays, day);
    const lo = Math.max(s.data.window == null ? 0 : bisectRight(s.evDays, day - s.data.window), hi - MAX_EVENT_MARKERS);
    if (ms.evRange === lo + ':' + hi) return;
    if (ms.evLayer) w.map.removeLayer(ms.evLayer);
    const shapes = w.CM_SHAPES || {};
    const group = w.L.layerGroup();
    for (let k = lo; k < hi; k++) {
      const icon = w.L.divIcon({ className: 'cm-ev cm-scrub-ev', html: shapes[ev.category[k]] || '', iconSize: [16, 16], iconAnchor: [8, 8] });
      w.L.marker([ev.lonlat[k][1], ev.lonlat[k][0]], { icon: icon, interactive: false, keyboard: false }).addTo(group);
    }
    group.addTo(w.map);
    ms.evLayer = group;
    ms.evRange = lo + ':' + hi;
  }

  function drawClaims(w, ms, day) {  // the claimed regions in force (hatched through the map's own cm-claimed style)
    const c = s.geo.claims;
    if (!c || !s.data.claimed) return;
    const j = bisectRight(s.claimDays, day) - 1;
    if (showCached(w.L, w.map, ms.claims, j, c.geometries, 'cm-claimed cm-scrub-claimed', s.data.styles.claimed) && ms.control.layer) {
      ms.control.layer.bringToFront();  // the controlled area stays above the hatching
    }
  }

  function endScrub() {  // the exact layers have arrived: back to them
    if (s.dragging) return;
    clearTimeout(s.endTimer);
    if (s.observer) { s.observer.disconnect(); s.observer = null; }
    s.pending = null;
    s.root.classList.remove('dragging');
    const w = mapWindow();
    if (!w || !w.__cmScrub) return;
    const ms = w.__cmScrub;
    for (const k of [ms.control, ms.claims]) {
      if (k.layer) { w.map.removeLayer(k.layer); k.layer = null; }
      k.shown = -2;
    }
    if (ms.evLayer) { w.map.removeLayer(ms.evLayer); ms.evLayer = null; }
    ms.evRange = null;
    w.document.body.classList.remove('cm-scrubbing', 'cm-scrub-events');
  }

  function frame() {
    s.raf = 0;
    const day = +input.value;
    label.textContent = toIso(day);
    const t0 = performance.now();
    draw(day);
    const t1 = performance.now();
    stats.frames.push(t1);
    stats.frameMs.push(t1 - t0);
  }

  input.addEventListener('input', () => {
    if (!s.dragging) { s.dragging = true; root.classList.add('dragging'); clearTimeout(s.endTimer); }
    if (!s.raf) s.raf = requestAnimationFrame(frame);
  });
  // keys (← → Home End PageUp PageDown) fire `change` on every press: held down or pressed in a burst, the strip
  // scrubs in the browser and sends the date once, 350 ms after the last key
  input.addEventListener('keydown', () => { s.viaKey = true; });
  input.addEventListener('pointerdown', () => { s.viaKey = false; clearTimeout(s.keyTimer); });
  input.addEventListener('change', () => {
    if (s.raf) { cancelAnimationFrame(s.raf); frame(); }
    if (s.viaKey) {
      clearTimeout(s.keyTimer);
      s.keyTimer = setTimeout(() => { s.viaKey = false; release(); }, 350);
      return;
    }
    release();
  });

  function release() {
    s.dragging = false;
    if (s.observer) { s.observer.disconnect(); s.observer = null; }
    const iso = toIso(+input.value);
    if (iso === s.data.current) { endScrub(); return; }
    s.pending = iso;
    // the new layers replace the server's groups in the map: then the scrub layer goes (or after a while anyway)
    const w = mapWindow();
    if (w && window.MutationObserver) {
      const pane = w.map.getPane('overlayPane');
      s.observer = new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) {
          if (n.nodeType === 1 && !(n.classList && n.classList.contains('cm-scrub')) && s.pending && s.data.current === s.pending) {
            requestAnimationFrame(endScrub); return;
          }
        }
      });
      s.observer.observe(pane, { childList: true, subtree: true });
    }
    // a trigger, not setStateValue: a state value equal to the last one sent is not sent again (Streamlit 1.67),
    // so releasing on the same date after the bar's slider moved away would do nothing
    s.component.setTriggerValue('date', iso);
  }

  s.update = (component) => {
    s.component = component;
    const data = component.data;
    const first = !s.data;
    s.data = data;
    bAll.textContent = data.labels.all;
    bRecent.textContent = data.labels.recent;
    spans.setAttribute('aria-label', data.labels.span);
    input.setAttribute('aria-label', data.labels.input);
    if (first || s.span === null) {
      s.span = toDay(data.current) >= toDay(data.recent_from) ? 'recent' : 'all';
    }
    if (s.span === 'recent' && toDay(data.current) < toDay(data.recent_from)) s.span = 'all';
    if (s.geoUrl !== data.url) { s.geoUrl = data.url; s.geo = null; loadGeo(); }
    if (!s.dragging) {
      setSpan(s.span);
      input.value = String(toDay(data.current));
      label.textContent = data.current;
    }
    if (s.pending && data.current === s.pending) {
      clearTimeout(s.endTimer);
      s.endTimer = setTimeout(endScrub, 1500);  // in case the map's layers did not change at all
    } else if (!s.pending && !s.dragging) {
      endScrub();
    }
  };
  return s;
}

export default function (component) {
  const parent = component.parentElement;
  let s = parent.__cmScrub;
  if (!s || !s.root.isConnected) s = parent.__cmScrub = build(parent);
  s.update(component);
}
