"""Images for publication (PNG, GIF): they open, have the asked size, show the map, the legend and the control
colour where and when they should, and the CLI's exit codes follow its contract."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import numpy as np
import pytest
from conftest import run_cli
from PIL import Image

from conflictmap.i18n import STRINGS, fmt_num
from conflictmap.images import (
    GIF_SIZE,
    MAX_FRAMES,
    PNG_SIZE,
    ImageError,
    footer_lines,
    frame_dates,
    long_date,
    render_gif,
    render_png,
)
from conflictmap.layers import COLOURS

DAY = date(2022, 12, 24)
SMALL = (800, 600)  # tests draw small images: the same layout, a quarter of the pixels
VERMILLION = tuple(int(COLOURS["controlled"][i : i + 2], 16) for i in (1, 3, 5))
YELLOW = tuple(int(COLOURS["held_in_russia"][i : i + 2], 16) for i in (1, 3, 5))


def rgb(png: bytes) -> np.ndarray:
    img = Image.open(io.BytesIO(png))
    img.load()
    return np.asarray(img.convert("RGB"))


def count(a: np.ndarray, colour: tuple[int, int, int]) -> int:
    return int((a == np.array(colour, dtype=np.uint8)).all(axis=2).sum())


# legend box: lower left of the map; the east of the map (Donbas, Crimea): right half, middle band of the height
def legend_area(a: np.ndarray) -> np.ndarray:
    h, w, _ = a.shape
    return a[int(h * 0.6) : int(h * 0.93), : int(w * 0.4)]


def east_area(a: np.ndarray) -> np.ndarray:
    h, w, _ = a.shape
    return a[int(h * 0.2) : int(h * 0.85), int(w * 0.5) :]


@pytest.fixture(scope="module")
def png_day(atlas) -> bytes:
    return render_png(atlas, DAY, width=SMALL[0], height=SMALL[1])


def test_png_opens_with_the_asked_size_and_is_not_blank(png_day):
    img = Image.open(io.BytesIO(png_day))
    assert img.format == "PNG" and img.size == SMALL
    a = rgb(png_day)
    assert len(np.unique(a.reshape(-1, 3), axis=0)) > 200, "a drawn map has many colours (fills, anti-aliased edges, text)"


def test_default_png_size(atlas):
    a = rgb(render_png(atlas, DAY))
    assert a.shape[:2] == (PNG_SIZE[1], PNG_SIZE[0])


def test_control_colour_in_the_east_on_2022_12_24_and_absent_before_any_assessment(atlas, png_day):
    assert count(east_area(rgb(png_day)), VERMILLION) > 2000
    before = rgb(render_png(atlas, atlas.first_date, width=SMALL[0], height=SMALL[1]))
    assert atlas.first_date < date(2014, 3, 1)
    assert count(east_area(before), VERMILLION) == 0, "no control is drawn before the first assessment"


def test_legend_present_and_has_the_control_swatch(atlas, png_day):
    with_legend = legend_area(rgb(png_day))
    without = legend_area(rgb(render_png(atlas, DAY, width=SMALL[0], height=SMALL[1], legend=False)))
    assert (with_legend != without).any(axis=2).mean() > 0.2, "the legend box changes a fifth of its area"
    assert count(with_legend, VERMILLION) > 50, "the controlled swatch is in the legend box"
    assert count(without, VERMILLION) == 0, "the lower-left map area (Romania, Moldova, Black Sea) has no control fill"
    assert count(with_legend, YELLOW) > 50, "the held-in-Russia swatch is in the legend even when nothing is held"


def test_region_highlight_changes_the_map(atlas, png_day):
    kherson = rgb(render_png(atlas, DAY, region="UA-65", width=SMALL[0], height=SMALL[1]))
    assert (kherson != rgb(png_day)).any(axis=2).sum() > 1000


def test_ukrainian_png_renders(atlas):
    a = rgb(render_png(atlas, DAY, width=SMALL[0], height=SMALL[1], lang="uk"))
    assert count(east_area(a), VERMILLION) > 2000


def test_text_pieces():
    assert long_date(DAY) == "24 December 2022"
    assert long_date(DAY, "uk") == "24 грудня 2022"
    assert fmt_num(109512.46, "en", 1) == "109,512.5"
    assert fmt_num(109512.46, "uk", 1) == "109\u00a0512,5"
    assert all(k in STRINGS and STRINGS[k].get("uk") for k in STRINGS if k.startswith("img_"))


def test_footer_names_the_assessment_its_publishers_and_the_licence(atlas):
    from conflictmap.timeline import snapshot_in_force

    snap = snapshot_in_force(atlas.snapshots, DAY)
    source, *rest = footer_lines(atlas, DAY)
    assert snap.as_of.isoformat() in source and snap.sources[0].publisher in source
    assert rest[-1] == "Data: conflictmap contributors, CC BY 4.0; boundaries: Natural Earth"
    assert len(rest) == 2 and rest[0].startswith("Approximation")
    assert footer_lines(atlas, atlas.first_date)[0].startswith("No control assessment")


def test_bad_arguments_raise_image_error(atlas):
    with pytest.raises(ImageError):
        render_png(atlas, date(2000, 1, 1))
    with pytest.raises(ImageError):
        render_png(atlas, DAY, region="UA-99")
    with pytest.raises(ImageError):
        render_png(atlas, DAY, width=10, height=10)
    with pytest.raises(ImageError):
        render_png(atlas, DAY, lang="fr")
    with pytest.raises(ImageError, match="frames"):
        render_gif(atlas, date(2014, 3, 1), date(2026, 1, 1), step_days=7)


def test_frame_dates_include_both_ends():
    assert frame_dates(date(2022, 2, 24), date(2022, 4, 1), 30) == [date(2022, 2, 24), date(2022, 3, 26), date(2022, 4, 1)]
    assert frame_dates(DAY, DAY, 30) == [DAY]
    assert len(frame_dates(date(2022, 1, 1), date(2022, 1, 1) + timedelta(days=MAX_FRAMES - 1), 1)) == MAX_FRAMES


def test_gif_has_the_expected_frames_and_size(atlas):
    start, end = date(2022, 2, 24), date(2022, 5, 1)
    done = []
    data = render_gif(atlas, start, end, step_days=30, width=480, height=360, progress=lambda i, n: done.append((i, n)))
    img = Image.open(io.BytesIO(data))
    assert img.format == "GIF" and img.size == (480, 360)
    assert len(data) < 300_000, "frames share a palette and keep only what changed"
    assert img.n_frames == len(frame_dates(start, end, 30)) == 4 and done[-1] == (4, 4)
    img.seek(3)
    last = np.asarray(img.convert("RGB"))
    assert count(east_area(last), VERMILLION) > 500, "the palette keeps the control colour exactly"
    assert count(last, (255, 255, 255)) > 1000, "and white stays white"
    assert GIF_SIZE == (960, 720)


# ---- the CLI ---------------------------------------------------------------------------------------------------


def test_cli_png_and_gif(tmp_path):
    out = tmp_path / "map.png"
    res = run_cli("export", "png", "--date", "2022-12-24", "--region", "UA-65", "--width", "640", "--height", "480", "--out", str(out))
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["out"] == str(out) and report["bytes"] == out.stat().st_size
    assert Image.open(out).size == (640, 480)
    gif = tmp_path / "range.gif"
    res = run_cli("export", "gif", "--from", "2022-02-24", "--to", "2022-04-24", "--step-days", "30",
                  "--width", "480", "--height", "360", "--lang", "uk", "--out", str(gif))
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["frames"] == 3 == Image.open(gif).n_frames
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file is left"


@pytest.mark.parametrize(
    "args",
    [
        ("export", "png", "--date", "2022-12-24", "--out", "missing/x.png"),
        ("export", "png", "--date", "2022-12-24", "--out", "x.jpg"),
        ("export", "png", "--date", "1990-01-01", "--out", "x.png"),
        ("export", "png", "--date", "2022-12-24", "--region", "UA-99", "--out", "x.png"),
        ("export", "png", "--date", "2022-12-24", "--width", "10", "--out", "x.png"),
        ("export", "png", "--date", "2022-12-24", "--width", "wide", "--out", "x.png"),
        ("export", "png", "--date", "2022-12-24", "--lang", "fr", "--out", "x.png"),
        ("export", "png", "--date", "2022-12-24"),
        ("export", "gif", "--from", "2014-03-01", "--to", "2026-01-01", "--step-days", "7", "--out", "x.gif"),
        ("export", "gif", "--from", "2023-01-01", "--to", "2022-01-01", "--out", "x.gif"),
        ("export", "gif", "--from", "2022-03-01", "--to", "2022-05-01", "--step-days", "0", "--out", "x.gif"),
        ("export", "gif", "--from", "2022-03-01", "--to", "2022-05-01", "--width", "5000", "--out", "x.gif"),
        ("export", "gif", "--from", "2022-03-01", "--out", "x.gif"),
    ],
)
def test_cli_image_bad_arguments_exit_2(args, tmp_path):
    res = run_cli(*[str(tmp_path / a) if a.startswith(("x.", "missing/")) else a for a in args])
    assert res.returncode == 2, res.stdout + res.stderr
    assert "usage:" in res.stderr and "Traceback" not in res.stderr + res.stdout
    assert list(tmp_path.iterdir()) == []


def test_cli_out_is_a_folder(tmp_path):
    res = run_cli("export", "png", "--date", "2022-12-24", "--out", str(tmp_path))
    assert res.returncode == 2 and "is a folder" in res.stderr


def test_the_map_keeps_its_place_whatever_the_length_of_the_source_line(atlas, png_day):
    """A one-line and a two-line source leave the map's frame at the same rows, so GIF frames do not jump."""

    def frame_rows(a: np.ndarray) -> list[int]:
        spine = (a == np.array((0xBB, 0xBB, 0xBB), dtype=np.uint8)).all(axis=2).sum(axis=1)
        return [int(y) for y in np.nonzero(spine > a.shape[1] * 0.5)[0]]

    long_source = render_png(atlas, date(2024, 9, 1), width=SMALL[0], height=SMALL[1])
    assert len(footer_lines(atlas, date(2024, 9, 1))[0]) > 2 * len(footer_lines(atlas, DAY)[0])
    assert frame_rows(rgb(png_day)) and frame_rows(rgb(png_day)) == frame_rows(rgb(long_source))
