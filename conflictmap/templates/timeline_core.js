// The timeline code shared by the Map page's scrub strip (ui/scrub.py: prepended to scrub_strip.js, one module) and
// the static edition (site.py: a classic script before site.js). Plain declarations only, no DOM of its own.
const DAY = 86400000;
const toDay = (iso) => Math.round(Date.parse(iso + 'T00:00:00Z') / DAY);
const toIso = (day) => new Date(day * DAY).toISOString().slice(0, 10);

function bisectRight(arr, x) {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

// The event-density strip (events per month, from marks.density_from) and a tick at each assessment date
// (marks.ticks) between days a and b, drawn on a canvas; canvas.dataset.ticks says how many ticks were drawn.
function paintDensity(canvas, marks, a, b) {
  const dpr = window.devicePixelRatio || 1;
  const W = canvas.clientWidth, H = canvas.clientHeight;
  if (!W || !H) return;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  const span = Math.max(1, b - a);
  const x = (day) => (day - a) / span * W;
  const dens = marks.density;
  const max = Math.max(1, ...dens);
  let [y, m] = marks.density_from.split('-').map(Number);
  ctx.fillStyle = 'rgba(110,110,110,.75)';
  for (let i = 0; i < dens.length; i++) {
    const start = Date.UTC(y, m - 1, 1) / DAY, end = Date.UTC(y, m, 1) / DAY;
    if (dens[i] > 0 && end > a) {
      const h = Math.max(2, Math.sqrt(dens[i] / max) * (H - 5));
      const x0 = x(Math.max(start, a));
      ctx.fillRect(x0, H - h, Math.max(1, x(end) - x0 - 0.5), h);
    }
    m += 1; if (m > 12) { m = 1; y += 1; }
  }
  ctx.fillStyle = '{{ colours.controlled }}';
  let n = 0;
  for (const iso of marks.ticks) {
    const d = toDay(iso);
    if (d < a || d > b) continue;
    ctx.fillRect(Math.round(x(d)) - 0.5, 0, 1.5, 7);
    n++;
  }
  canvas.dataset.ticks = String(n);
}

// Show geometry i of a set (-1: none) as the one layer of its kind (slot = { cache: {}, layer: null, shown: -2 }),
// built once with Leaflet `L` and cached; false if it is already shown. A missing geometry (null, or not loaded
// yet) draws nothing.
function showCached(L, map, slot, i, geometries, className, style) {
  if (slot.shown === i) return false;
  if (slot.layer) { map.removeLayer(slot.layer); slot.layer = null; }
  const g = i >= 0 ? geometries[i] : null;
  if (g) {
    if (!slot.cache[i]) slot.cache[i] = L.geoJSON(g, { className: className, interactive: false, style: style });
    slot.layer = slot.cache[i].addTo(map);
  }
  slot.shown = i;
  return true;
}
