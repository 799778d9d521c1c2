"""Images for publication: a PNG of one date and an animated GIF of a range, drawn on the server — no browser.

Pure functions from the Atlas to bytes. Drawn with matplotlib's object API on an Agg canvas (no pyplot, no global
backend switch, so it is safe inside the Streamlit server), frames assembled into a GIF with Pillow. matplotlib is
imported only when an image is drawn (0.5 s), so the app's pages that merely offer the buttons do not pay for it.

Every image carries a title with the date, the map (neighbours, oblasts, claim hatched, control filled, claimed
but not controlled dashed, Ukrainian-held ground in Russia), a legend with km² and the share of Ukraine, a source
line naming the control assessment's date and first publishers, a one-line approximation note and the licence.
"""

from __future__ import annotations

import io
import math
import textwrap
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import shapely
from PIL import Image

from .catalog import Atlas
from .i18n import LANGUAGES, fmt_num, t
from .layers import AREA_STYLES, COLOURS, PAGE_COLOURS, region_label_points
from .stats import claimed_not_controlled, stats_for
from .timeline import claimed_geometry, snapshot_in_force

PNG_SIZE = (1600, 1200)
GIF_SIZE = (960, 720)
GIF_STEP_DAYS = 30
MAX_FRAMES = 200
MIN_SIZE = (320, 240)
MAX_PNG_SIZE = (6000, 6000)
MAX_GIF_SIZE = (1920, 1440)
FRAME_MS = 700  # each GIF frame; the last one stays longer
LAST_FRAME_MS = 2500

# lon/lat window around Ukraine; the axes' aspect (1 / cos of the mid-latitude) keeps shapes true at this latitude
EXTENT = (20.6, 41.6, 43.7, 53.0)
MID_LAT = 48.4
DPI = 100

# names on the map outside Ukraine's oblasts: (i18n key, lon, lat, is a sea); placed clear of the legend (lower left)
PLACE_LABELS = (
    ("img_place_russia", 38.9, 52.5, False),
    ("img_place_belarus", 27.6, 52.6, False),
    ("img_place_poland", 22.0, 52.2, False),
    ("img_place_moldova", 28.35, 47.35, False),
    ("img_place_black_sea", 31.2, 44.4, True),
    ("img_place_azov", 36.9, 46.05, True),
)

CONTROLLED_EDGE = AREA_STYLES["controlled"]["color"]  # the map's outlines, so print and screen agree
HELD_EDGE = AREA_STYLES["held_in_russia"]["color"]
INK = PAGE_COLOURS["text"]
MUTED = COLOURS["region"]


class ImageError(ValueError):
    """Arguments an image cannot be made from (date outside the data, size, too many frames); the message says why."""


# ---- text ------------------------------------------------------------------------------------------------------


def long_date(d: date, lang: str = "en") -> str:
    """``24 December 2022`` / ``24 грудня 2022``."""
    return f"{d.day} {t('img_months', lang).split(',')[d.month - 1]} {d.year}"


def _clip(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip(" ,;:") + "…"


def _publishers(snap, n: int = 3) -> str:
    seen: list[str] = []
    for s in snap.sources:
        if s.publisher not in seen:
            seen.append(s.publisher)
    return ", ".join(seen[:n]) + (" …" if len(seen) > n else "")


def footer_lines(atlas: Atlas, on: date, lang: str = "en") -> list[str]:
    """Source line, approximation note and licence line, as printed under the map."""
    snap = snapshot_in_force(atlas.snapshots, on)
    if snap is None:
        source = t("as_of_none", lang)
    else:
        source = t("img_source", lang, d=snap.as_of.isoformat(), publishers=_publishers(snap))
        held = snapshot_in_force(atlas.held_in_russia, on)
        if held is not None and not held.geometry.is_empty:
            source += " " + t("img_source_held", lang, d=held.as_of.isoformat(), publishers=_publishers(held, 2))
    lines = [source]
    if snap is not None and snap.approximate:
        lines.append(t("img_approximation", lang))
    lines.append(t("img_licence", lang))
    return lines


# ---- geometry → matplotlib paths -------------------------------------------------------------------------------


def _path(geom):
    """One compound matplotlib Path for a (multi)polygon, rings oriented so holes stay holes under the non-zero
    fill rule; None for an empty geometry."""
    from matplotlib.path import Path as MplPath

    if geom is None or geom.is_empty:
        return None
    polys = [g for g in shapely.get_parts(shapely.orient_polygons(geom)) if isinstance(g, shapely.Polygon) and not g.is_empty]
    if not polys:
        return None
    verts, codes = [], []
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 4:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


@lru_cache(maxsize=8)
def _base_paths(atlas: Atlas) -> dict:
    """Paths that do not change with the date (per atlas; the Atlas is immutable)."""
    neighbours = [shapely.geometry.shape(f["geometry"]) for f in atlas.neighbours.get("features", [])]
    return {
        "neighbours": [p for p in (_path(g) for g in neighbours) if p is not None],
        "regions": {r.iso: _path(r.geometry) for r in atlas.regions},
        "russian_regions": [p for p in (_path(r.geometry) for r in atlas.russian_regions) if p is not None],
        "ukraine": _path(atlas.ukraine),
    }


@lru_cache(maxsize=64)
def _claimed(atlas: Atlas, claim_ids: tuple[str, ...], on: date):
    """The claimed area for a set of claims in force (cached per set; ``on`` is any date on which it holds)."""
    return claimed_geometry(atlas, on)


def _claimed_on(atlas: Atlas, on: date):
    in_force = [c for c in atlas.claims if c.claimed_since <= on]
    anchor = max((c.claimed_since for c in in_force), default=atlas.first_date)
    return _claimed(atlas, tuple(c.id for c in in_force), min(anchor, on))


def _areas(atlas: Atlas, on: date) -> dict:
    snap = snapshot_in_force(atlas.snapshots, on)
    control = snap.geometry if snap else shapely.Polygon()
    claimed = _claimed_on(atlas, on)
    not_controlled = claimed_not_controlled(claimed, control)
    held = snapshot_in_force(atlas.held_in_russia, on)
    return {"controlled": control, "claimed": claimed, "claimed_not_controlled": not_controlled,
            "held_in_russia": held.geometry if held else shapely.Polygon()}


# ---- drawing ---------------------------------------------------------------------------------------------------


def _check(atlas: Atlas, on: date, region: str | None, width: int, height: int, lang: str, max_size: tuple[int, int]) -> None:
    if lang not in LANGUAGES:
        raise ImageError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if region is not None and region not in atlas.regions_by_iso:
        raise ImageError(f"region {region!r} is not an ISO 3166-2:UA code in the data")
    if not atlas.first_date <= on <= atlas.last_date:
        raise ImageError(f"date {on.isoformat()} is outside the data ({atlas.first_date} to {atlas.last_date})")
    check_size(width, height, max_size)


def check_size(width: int, height: int, max_size: tuple[int, int] = MAX_PNG_SIZE) -> None:
    if not (MIN_SIZE[0] <= width <= max_size[0] and MIN_SIZE[1] <= height <= max_size[1]):
        raise ImageError(
            f"size {width}×{height} is outside {MIN_SIZE[0]}×{MIN_SIZE[1]} to {max_size[0]}×{max_size[1]} pixels"
        )


def _figure(atlas: Atlas, on: date, region: str | None, width: int, height: int, lang: str, legend: bool):
    """The whole image as a matplotlib Figure (not yet drawn)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    scale = min(width / PNG_SIZE[0], height / PNG_SIZE[1]) ** 0.75  # text shrinks less than the image
    pt = 12 * scale * (PNG_SIZE[0] / 1600)  # base font size in points at DPI 100
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)

    # title and subtitle
    top = 1 - 0.012 * (1200 / height) ** 0.3
    fig.text(0.025, top, t("img_title", lang, d=long_date(on, lang)), ha="left", va="top",
             fontsize=2.1 * pt, fontweight="bold", color=INK, family="DejaVu Sans")
    title_h = (2.1 * pt * 1.35 + 1.2 * pt * 1.5) / 72 * DPI / height
    fig.text(0.025, top - title_h * 0.62, t("img_subtitle", lang, d=on.isoformat()), ha="left", va="top",
             fontsize=1.2 * pt, color=MUTED, family="DejaVu Sans")

    # footer: source, approximation note, licence (each one line)
    source, *rest = footer_lines(atlas, on, lang)
    line_h = 1.0 * pt * 1.45 / 72 * DPI / height
    max_chars = int(0.95 * width / (1.0 * pt / 72 * DPI * 0.56))
    wrapped = textwrap.wrap(source, max_chars) or [""]
    if len(wrapped) > 2:  # the source line may take two lines (long publisher names), never more
        wrapped = [wrapped[0], _clip(" ".join(wrapped[1:]), max_chars)]
    # two lines kept for the source even when it needs one, so the map never moves between a GIF's frames
    lines = [""] * (2 - len(wrapped)) + wrapped + [_clip(x, max_chars) for x in rest]
    for i, line in enumerate(reversed(lines)):
        fig.text(0.025, 0.012 + i * line_h, line, ha="left", va="bottom",
                 fontsize=1.0 * pt if i else 0.95 * pt, color=MUTED if i else "#777777", family="DejaVu Sans")

    map_bottom = 0.012 + len(lines) * line_h + 0.01
    map_top = top - title_h - 0.01
    ax = fig.add_axes((0.01, map_bottom, 0.98, map_top - map_bottom))
    _draw_map(ax, atlas, on, region, lang, pt)
    if legend:
        _legend(ax, atlas, on, region, lang, pt)
    return fig


def _add(ax, path, **kw) -> None:
    """Add a patch without ax.add_patch's data-limit update (the limits are fixed; that update costs most of the time)."""
    from matplotlib.patches import PathPatch

    ax.add_artist(PathPatch(path, **kw))


def _draw_map(ax, atlas: Atlas, on: date, region: str | None, lang: str, pt: float) -> None:
    from matplotlib import patheffects

    lw = max(pt / 12, 0.45)
    base = _base_paths(atlas)
    areas = _areas(atlas, on)
    ax.set_facecolor(COLOURS["sea"])
    for p in base["neighbours"]:
        _add(ax, p, facecolor=COLOURS["neighbour"], edgecolor="#9A9A9A", linewidth=0.8 * lw, zorder=1)
    for p in base["russian_regions"]:
        _add(ax, p, facecolor="none", edgecolor="#B5B5B5", linewidth=0.6 * lw, zorder=1.5)
    for p in base["regions"].values():
        if p is not None:
            _add(ax, p, facecolor="white", edgecolor="none", zorder=2)
    p = _path(areas["controlled"])
    if p is not None:
        _add(ax, p, facecolor=COLOURS["controlled"], edgecolor=CONTROLLED_EDGE, linewidth=1.1 * lw, zorder=3)
    p = _path(areas["claimed_not_controlled"])
    if p is not None:
        _add(ax, p, facecolor=COLOURS["claimed_not_controlled"], alpha=NOT_CONTROLLED_ALPHA, edgecolor="none", zorder=3.2)
        _add(ax, p, facecolor="none", edgecolor=COLOURS["claimed_not_controlled"], linewidth=1.6 * lw,
             linestyle=(0, (5, 3)), zorder=5.5)
    p = _path(areas["held_in_russia"])
    if p is not None:
        _add(ax, p, facecolor=COLOURS["held_in_russia"], edgecolor=HELD_EDGE, linewidth=1.1 * lw, zorder=3.4)
    for p in base["regions"].values():
        if p is not None:
            _add(ax, p, facecolor="none", edgecolor=COLOURS["region"], linewidth=0.7 * lw, zorder=4)
    if base["ukraine"] is not None:
        _add(ax, base["ukraine"], facecolor="none", edgecolor="#333333", linewidth=1.5 * lw, zorder=4.5)
    p = _path(areas["claimed"])
    if p is not None:
        _add(ax, p, facecolor="none", edgecolor=COLOURS["claimed"], hatch="///", hatchcolor=COLOURS["claimed"],
             linewidth=0, zorder=5)
    if region is not None:
        p = base["regions"].get(region)
        if p is not None:
            halo = [patheffects.withStroke(linewidth=5 * lw, foreground="white")]
            _add(ax, p, facecolor="none", edgecolor="black", linewidth=3 * lw, zorder=6, path_effects=halo)
    for key, lon, lat, sea in PLACE_LABELS:
        ax.text(lon, lat, t(key, lang), ha="center", va="center", fontsize=(0.8 if sea else 0.85) * pt, zorder=1.8,
                color="#4F7FA8" if sea else "#8A8A8A", style="italic" if sea else "normal", family="DejaVu Sans",
                fontweight="normal" if sea else "bold")
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    for lat, lon, label in region_label_points(atlas, lang):
        ax.text(lon, lat, label, ha="center", va="center", fontsize=0.72 * pt, color="#333333", zorder=7,
                path_effects=halo, family="DejaVu Sans")
    _set_view(ax)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#BBBBBB")


def _set_view(ax) -> None:
    """Limits that cover EXTENT and fill the axes box at the map's aspect (1 / cos of the mid-latitude)."""
    aspect = 1 / math.cos(math.radians(MID_LAT))
    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    box_ratio = (box.width * fig_w) / (box.height * fig_h)  # width / height of the axes on the image
    x0, x1, y0, y1 = EXTENT
    dx, dy = x1 - x0, y1 - y0
    if dx / (dy * aspect) < box_ratio:
        dx = dy * aspect * box_ratio  # the box is wider than the extent: widen the view
    else:
        dy = dx / (aspect * box_ratio)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - dx / 2, cx + dx / 2)
    ax.set_ylim(cy - dy / 2, cy + dy / 2)
    ax.set_aspect(aspect, adjustable="box")


def _legend(ax, atlas: Atlas, on: date, region: str | None, lang: str, pt: float) -> None:
    from matplotlib.patches import Patch

    s = stats_for(atlas, on)
    km2 = "km²" if lang != "uk" else "км²"
    handles = [
        Patch(facecolor=COLOURS["controlled"], edgecolor=CONTROLLED_EDGE,
              label=t("img_legend_controlled", lang, km2=fmt_num(s["controlled_km2"], lang), unit=km2,
                      pct=fmt_num(s["controlled_pct"], lang, 1))),
        Patch(facecolor="white", edgecolor=COLOURS["claimed"], hatch="///", hatchcolor=COLOURS["claimed"], linewidth=0.8,
              label=t("img_legend_claimed", lang, km2=fmt_num(s["claimed_km2"], lang), unit=km2)),
        Patch(facecolor=_blend(COLOURS["claimed_not_controlled"], NOT_CONTROLLED_ALPHA), edgecolor=COLOURS["claimed_not_controlled"], linestyle=(0, (3, 2)), linewidth=1.4,
              label=t("img_legend_claimed_not_controlled", lang, km2=fmt_num(s["claimed_not_controlled_km2"], lang), unit=km2)),
        Patch(facecolor=COLOURS["held_in_russia"], edgecolor=HELD_EDGE,
              label=t("img_legend_held", lang, km2=fmt_num(s["held_in_russia_km2"], lang), unit=km2)),
    ]
    if region is not None:
        r = next(x for x in s["regions"] if x["iso"] == region)
        reg = atlas.regions_by_iso[region]
        handles.append(Patch(facecolor="none", edgecolor="black", linewidth=2.2,
                             label=t("img_legend_region", lang, name=reg.name_uk if lang == "uk" else reg.name,
                                     km2=fmt_num(r["controlled_km2"], lang), unit=km2, pct=fmt_num(r["controlled_pct"], lang, 1))))
    leg = ax.legend(handles=handles, loc="lower left", fontsize=0.95 * pt, title=t("legend", lang),
                    title_fontsize=1.0 * pt, frameon=True, framealpha=0.95, edgecolor="#999999", fancybox=False,
                    handlelength=2.2, handleheight=1.2, borderpad=0.7, labelspacing=0.55, alignment="left",
                    prop={"family": "DejaVu Sans", "size": 0.95 * pt})
    leg.set_zorder(10)
    leg.get_title().set_fontweight("bold")


def _render_rgb(atlas: Atlas, on: date, region: str | None, width: int, height: int, lang: str, legend: bool) -> np.ndarray:
    fig = _figure(atlas, on, region, width, height, lang, legend)
    canvas = fig.canvas
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    return rgba[:, :, :3].copy()


def render_png(atlas: Atlas, on: date, region: str | None = None, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1],
               lang: str = "en", legend: bool = True) -> bytes:
    """The map of ``on`` as PNG bytes of exactly ``width`` × ``height`` pixels."""
    _check(atlas, on, region, width, height, lang, MAX_PNG_SIZE)
    img = Image.fromarray(_render_rgb(atlas, on, region, width, height, lang, legend), "RGB")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def frame_dates(start: date, end: date, step_days: int = GIF_STEP_DAYS) -> list[date]:
    """``start``, ``start + step``, … up to ``end``, and ``end`` itself as the last frame."""
    if step_days < 1:
        raise ImageError("the step must be at least 1 day")
    if end < start:
        raise ImageError(f"the range ends ({end}) before it starts ({start})")
    n = (end - start).days // step_days + 1
    dates = [start + timedelta(days=i * step_days) for i in range(n)]
    if dates[-1] != end:
        dates.append(end)
    return dates


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _blend(colour: str, alpha: float, under: str = "#FFFFFF") -> str:
    a, b = _hex_rgb(colour), _hex_rgb(under)
    return "#" + "".join(f"{round(alpha * x + (1 - alpha) * y):02X}" for x, y in zip(a, b, strict=True))


NOT_CONTROLLED_ALPHA = 0.28
KEY_COLOURS = (
    "#FFFFFF", "#000000", INK, MUTED, "#777777", "#333333", "#999999", "#9A9A9A", "#B5B5B5", "#BBBBBB",
    COLOURS["sea"], COLOURS["neighbour"], COLOURS["region"], COLOURS["controlled"], CONTROLLED_EDGE,
    COLOURS["claimed"], COLOURS["claimed_not_controlled"], _blend(COLOURS["claimed_not_controlled"], NOT_CONTROLLED_ALPHA),
    COLOURS["held_in_russia"], HELD_EDGE,
)
"""Colours every GIF frame keeps exactly: small areas (a legend swatch, a pocket) must not be merged away."""


def _gif_palette(*frames: np.ndarray) -> Image.Image:
    """One palette for all frames: the key colours, then the commonest colours of the first and last frames
    (their anti-aliased edges and text). One palette keeps colours steady from frame to frame."""
    sample = np.concatenate([f[::2, ::2] for f in frames], axis=0)
    common = Image.fromarray(sample, "RGB").quantize(colors=256 - len(KEY_COLOURS), method=Image.Quantize.MEDIANCUT)
    colours = [c for k in KEY_COLOURS for c in _hex_rgb(k)] + common.getpalette()[: 3 * (256 - len(KEY_COLOURS))]
    pal = Image.new("P", (1, 1))
    pal.putpalette(colours + [0] * (768 - len(colours)))
    return pal


class _PaletteMap:
    """Maps RGB pixels to their nearest palette colour, exactly (Pillow's own mapping rounds colours to a coarse
    grid, which turns white into #FCFCFC). A lookup table over all 2^24 colours (16 MB), filled only for colours
    met so far: frames share most colours, so each later frame costs one table look-up per pixel."""

    def __init__(self, palette: Image.Image):
        self.palette = palette.getpalette()[:768]
        self.pal = np.asarray(self.palette, dtype=np.int32).reshape(-1, 3)
        self.lut = np.zeros(1 << 24, dtype=np.uint8)
        self.known = np.zeros(1 << 24, dtype=bool)

    def __call__(self, rgb: np.ndarray) -> Image.Image:
        packed = (rgb[..., 0].astype(np.int32) << 16) | (rgb[..., 1].astype(np.int32) << 8) | rgb[..., 2]
        new = np.unique(packed[~self.known[packed]])
        for i in range(0, len(new), 4096):  # bounded memory: 4096 × 256 distances at a time
            chunk = new[i : i + 4096]
            u = np.stack([(chunk >> 16) & 255, (chunk >> 8) & 255, chunk & 255], axis=1)
            self.lut[chunk] = ((u[:, None, :] - self.pal[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
            self.known[chunk] = True
        img = Image.fromarray(self.lut[packed], "P")
        img.putpalette(self.palette)
        return img


def render_gif(atlas: Atlas, start: date, end: date, step_days: int = GIF_STEP_DAYS, region: str | None = None,
               width: int = GIF_SIZE[0], height: int = GIF_SIZE[1], lang: str = "en", progress=None) -> bytes:
    """An animated GIF, one frame per ``step_days`` from ``start`` to ``end`` (the end always included), looping.

    ``progress``: optional callable(done, total) called after each frame.
    """
    dates = frame_dates(start, end, step_days)
    if len(dates) > MAX_FRAMES:
        raise ImageError(f"{len(dates)} frames is more than {MAX_FRAMES}: choose a shorter range or a longer step")
    for d in (start, end):
        _check(atlas, d, region, width, height, lang, MAX_GIF_SIZE)
    first, last = (_render_rgb(atlas, d, region, width, height, lang, True) for d in (dates[0], dates[-1]))
    palette = _gif_palette(first, last)
    to_palette, frames = _PaletteMap(palette), []
    for i, d in enumerate(dates):
        rgb = first if i == 0 else last if i == len(dates) - 1 else _render_rgb(atlas, d, region, width, height, lang, True)
        frames.append(to_palette(rgb))
        if progress is not None:
            progress(i + 1, len(dates))
    buf = io.BytesIO()
    durations = [FRAME_MS] * (len(frames) - 1) + [LAST_FRAME_MS]
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0, optimize=True)
    return buf.getvalue()
