// The time-lapse export's script (conflictmap/export.py embeds it inline; the page works from file://).
// Data text reaches the page only through textContent and DOM-built links, never as parsed HTML; the only markup set
// by script is the constant category shapes (layers.marker_svg) handed to L.divIcon.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('cm-data').textContent);
  var S = JSON.parse(document.getElementById('cm-strings').textContent);
  var SHAPES = JSON.parse(document.getElementById('cm-shapes').textContent);
  // Leaflet styles from the Python palette (layers.AREA_STYLES / COLOURS), embedded by the export as JSON.
  var STYLES = JSON.parse(document.getElementById('cm-styles').textContent);
  var map = L.map('cm-map', {zoomSnap: 0.25, minZoom: 4, maxZoom: 13});
  window.cmMap = map;
  map.fitBounds(D.bounds);
  L.control.scale().addTo(map);
  L.geoJSON(D.neighbours, {interactive: false, style: STYLES.neighbour}).addTo(map);
  function textEl(s) { var e = document.createElement('span'); e.textContent = s; return e; }
  L.geoJSON(D.regions, {
    style: STYLES.region,
    onEachFeature: function (f, layer) { layer.bindTooltip(textEl(f.properties.n), {sticky: true}); }
  }).addTo(map);
  var shown = [];
  function add(layer) { layer.addTo(map); shown.push(layer); }
  function area(geom, style) {
    if (!geom) { return; }
    var opts = {};
    for (var k in style) { if (Object.prototype.hasOwnProperty.call(style, k)) { opts[k] = style[k]; } }
    opts.style = style;
    add(L.geoJSON({type: 'Feature', properties: {}, geometry: geom}, opts));
  }
  function fill(tpl, vals) {
    var out = tpl;
    for (var k in vals) { if (Object.prototype.hasOwnProperty.call(vals, k)) { out = out.split('{' + k + '}').join(String(vals[k])); } }
    return out;
  }
  function sourceItem(s) {
    var li = document.createElement('li');
    li.appendChild(document.createTextNode(s.p + ': '));
    if (/^https?:\/\//i.test(s.u)) {
      var a = document.createElement('a');
      a.href = s.u; a.rel = 'noopener noreferrer'; a.textContent = s.t;
      li.appendChild(a);
    } else {
      li.appendChild(document.createTextNode(s.t + ' (' + S.withheld + ')'));
    }
    li.appendChild(document.createTextNode(' (' + s.d + ')'));
    return li;
  }
  function sourceList(el, list) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    for (var i = 0; i < list.length; i++) { el.appendChild(sourceItem(list[i])); }
  }
  var slider = document.getElementById('cm-slider');
  var dateEl = document.getElementById('cm-date');
  var asofBox = document.getElementById('cm-asof');
  var asofEl = document.getElementById('cm-asof-text');
  var noteEl = document.getElementById('cm-asof-note');
  var pctEl = document.getElementById('cm-pct');
  var ctrlSrc = document.getElementById('cm-control-sources');
  var claimSrc = document.getElementById('cm-claim-sources');
  var evList = document.getElementById('cm-events');
  function show(i) {
    var st = D.steps[i];
    while (shown.length) { map.removeLayer(shown.pop()); }
    if (st.c >= 0) { area(D.claimsets[st.c].g, STYLES.claimed); }
    if (st.s >= 0) { area(D.snapshots[st.s].g, STYLES.controlled); }
    if (st.n >= 0) { area(D.ncn[st.n].g, STYLES.claimed_not_controlled); }
    while (evList.firstChild) { evList.removeChild(evList.firstChild); }
    for (var k = st.e1 - 1; k >= st.e0; k--) {
      var e = D.events[k];
      var icon = L.divIcon({className: 'cm-ev', html: SHAPES[e.c] || SHAPES[''], iconSize: [16, 16], iconAnchor: [8, 8]});
      var mk = L.marker(e.ll, {icon: icon, keyboard: true, riseOnHover: true});
      mk.bindTooltip(textEl(e.d + ' · ' + e.t), {direction: 'top', offset: [0, -6]});
      add(mk);
      var li = document.createElement('li');
      li.appendChild(document.createTextNode(e.d + ' · ' + e.t + ' — ' + e.pl + ' (' + (S.cats[e.c] || e.c) + ')'));
      var ul = document.createElement('ul');
      sourceList(ul, e.src);
      li.appendChild(ul);
      evList.appendChild(li);
    }
    if (st.e1 <= st.e0) { var none = document.createElement('li'); none.className = 'muted'; none.textContent = S.no_events; evList.appendChild(none); }
    dateEl.textContent = st.d;
    slider.setAttribute('aria-valuetext', st.d);
    // the "as of" line is the app's (viewmodel.as_of_view), worked out per step by the export
    asofEl.textContent = st.a.text;
    asofBox.className = st.a.old ? 'old' : '';
    if (st.s >= 0) {
      var snap = D.snapshots[st.s];
      noteEl.textContent = snap.note ? (S.approximation + ': ' + snap.note + ' ' + st.a.last) : st.a.last;
      pctEl.textContent = snap.pct === null ? '' : fill(S.pct, {pct: snap.pct.toFixed(1).replace('.', S.dec)});
      sourceList(ctrlSrc, snap.src);
    } else {
      noteEl.textContent = st.a.last;
      pctEl.textContent = '';
      sourceList(ctrlSrc, []);
    }
    sourceList(claimSrc, st.c >= 0 ? D.claimsets[st.c].src : []);
    document.body.setAttribute('data-step', String(i));
  }
  slider.addEventListener('input', function () { show(+slider.value); });
  var play = document.getElementById('cm-play');
  var timer = null;
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = S.play; play.setAttribute('aria-pressed', 'false'); }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    if (+slider.value >= D.steps.length - 1) { slider.value = 0; show(0); }
    play.textContent = S.pause; play.setAttribute('aria-pressed', 'true');
    timer = setInterval(function () {
      var i = +slider.value + 1;
      if (i >= D.steps.length) { stop(); return; }
      slider.value = i; show(i);
    }, 700);
  });
  window.addEventListener('resize', function () { map.invalidateSize(); });
  show(+slider.value);
  window.cmReady = true;
})();
