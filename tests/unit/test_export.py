"""Standalone HTML exports: self-contained (no external script or stylesheet), complete, and inert with hostile data."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pytest
from conftest import run_cli

from conflictmap import layers
from conflictmap.catalog import Atlas, load_atlas
from conflictmap.export import (
    TEMPLATES,
    TIMELAPSE_JS,
    ExportError,
    citation,
    export_timelapse_html,
    export_view_html,
    json_for_script,
    timelapse_data,
)
from conflictmap.model import Source
from conflictmap.paths import REPO_DIR, data_paths
from conflictmap.timeline import snapshot_in_force

DAY = date(2022, 12, 24)
ACCESSED = date(2026, 1, 2)
HOSTILE = "<img src=x onerror=alert(1)>${1}"
HOSTILE_LABEL = "</script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    """The data root in force (the repository, or $CONFLICTMAP_DATA)."""
    return load_atlas(data_paths())


@pytest.fixture(scope="module")
def view(shipped) -> str:
    return export_view_html(shipped, DAY, "UA-65", accessed=ACCESSED, base_url="https://example.org/map")


@pytest.fixture(scope="module")
def timelapse(shipped) -> str:
    return export_timelapse_html(shipped)


@pytest.fixture(scope="module")
def hostile(shipped) -> Atlas:
    """The shipped atlas with script in an event title, a snapshot label and note, and a javascript: source."""
    evil_src = Source("Evil <b>press</b>", HOSTILE, "javascript:alert(3)", DAY)
    events = list(shipped.events)
    i = max(k for k, e in enumerate(events) if e.date <= DAY)
    events[i] = dataclasses.replace(events[i], title=HOSTILE, sources=(*events[i].sources, evil_src))
    snaps = list(shipped.snapshots)
    j = snaps.index(snapshot_in_force(shipped.snapshots, DAY))
    snaps[j] = dataclasses.replace(snaps[j], label=HOSTILE_LABEL, approximation_note=HOSTILE, sources=(*snaps[j].sources, evil_src))
    return dataclasses.replace(shipped, snapshots=tuple(snaps), events=tuple(events))


def external_refs(html: str) -> list[str]:
    """Every script/stylesheet/iframe/img reference by URL (none may remain in a standalone file)."""
    tags = re.findall(r"<(?:script|link|iframe|img|source|embed|object)\b[^>]*>", html, re.IGNORECASE)
    return [tag for tag in tags if re.search(r"\b(src|href|data)\s*=", tag, re.IGNORECASE)]


def anchor_hrefs(html: str) -> list[str]:
    return re.findall(r"<a\b[^>]*\bhref=\"([^\"]*)\"", html)


# ---- the view --------------------------------------------------------------------------------------------------


def test_view_is_self_contained(view):
    assert external_refs(view) == []
    assert "/app/static" not in view
    assert not re.search(r"<script[^>]*src=|<link[^>]*href=", view, re.IGNORECASE)
    assert "cdn" not in " ".join(re.findall(r"(?:src|href)=\"[^\"]*\"", view)).lower()
    assert "L.map(" in view and "leaflet (inlined)" in view.replace("leaflet_js (inlined)", "leaflet (inlined)")
    assert view.count("<html") == 1 and "<title>" in view


def test_view_has_date_as_of_figures_region_sources_and_citation(view, shipped):
    snap = snapshot_in_force(shipped.snapshots, DAY)
    assert DAY.isoformat() in view
    assert f"assessment of {snap.as_of.isoformat()}" in view
    days = (DAY - snap.as_of).days
    assert (f"{days} days older" in view) if days else ("same day" in view)
    assert "Ukraine controlled by Russia" in view and "Claimed but not controlled" in view
    assert 'id="cm-region"' in view and "Kherson Oblast" in view
    cite = f"Ukraine conflict map, view of {DAY} (control as assessed on {snap.as_of}), accessed {ACCESSED}, https://example.org/map?date={DAY}"
    assert cite in view
    hrefs = anchor_hrefs(view)
    data_links = [h for h in hrefs if h.startswith("http")]
    assert data_links, "sources are links"
    assert all(h.startswith(("http://", "https://")) or h.startswith("#") for h in hrefs), hrefs
    for s in snap.sources:
        assert s.url.replace("&", "&amp;") in view


def test_citation_without_assessment(shipped):
    early = shipped.first_date
    if snapshot_in_force(shipped.snapshots, early) is None:
        assert "no control assessment" in citation(shipped, early, accessed=ACCESSED)
    else:
        assert "control as assessed on" in citation(shipped, early, accessed=ACCESSED)


def test_view_in_ukrainian(shipped):
    html = export_view_html(shipped, DAY, lang="uk", accessed=ACCESSED)
    assert 'lang="uk"' in html and "Карта війни в Україні" in html and "оцінка станом на" in html


def test_view_rejects_bad_arguments(shipped):
    with pytest.raises(ExportError):
        export_view_html(shipped, DAY, "UA-99")
    with pytest.raises(ExportError):
        export_view_html(shipped, date(1990, 1, 1))
    with pytest.raises(ExportError):
        export_view_html(shipped, DAY, lang="xx")


def test_view_with_hostile_data_stays_inert(hostile):
    html = export_view_html(hostile, DAY, "UA-65", accessed=ACCESSED)
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html
    assert "${1}" not in html, "template-literal syntax is escaped too"
    assert HOSTILE_LABEL not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;{1}" in html, "the title is shown, as text"
    assert "javascript:" not in " ".join(anchor_hrefs(html))
    assert "link withheld" in html
    assert external_refs(html) == []


# ---- the time-lapse --------------------------------------------------------------------------------------------


def test_timelapse_is_self_contained_and_small(timelapse):
    assert external_refs(timelapse) == []
    assert not re.search(r"<script[^>]*src=|<link[^>]*href=", timelapse, re.IGNORECASE)
    assert "/app/static" not in timelapse
    assert len(timelapse.encode()) < 2_500_000
    assert 'type="range"' in timelapse and 'id="cm-play"' in timelapse


def test_timelapse_data_covers_every_snapshot_claim_and_event(shipped):
    d = timelapse_data(shipped)
    step_dates = [s["d"] for s in d["steps"]]
    assert step_dates == sorted(step_dates)
    assert {s.as_of.isoformat() for s in shipped.snapshots} <= set(step_dates)
    assert {c.claimed_since.isoformat() for c in shipped.claims} <= set(step_dates)
    assert {e.date.isoformat() for e in shipped.events} <= set(step_dates)
    assert len(d["snapshots"]) == len(shipped.snapshots) and len(d["events"]) == len(shipped.events)
    for st in d["steps"]:
        snap = snapshot_in_force(shipped.snapshots, date.fromisoformat(st["d"]))
        assert st["s"] == (-1 if snap is None else d["snapshots"].index(next(x for x in d["snapshots"] if x["d"] == snap.as_of.isoformat())))
        shown = d["events"][st["e0"]:st["e1"]]
        assert all(0 <= (date.fromisoformat(st["d"]) - date.fromisoformat(e["d"])).days < 30 for e in shown)
    assert all(src["u"] == "" or src["u"].startswith(("http://", "https://")) for s in d["snapshots"] for src in s["src"])


def test_timelapse_with_hostile_data_stays_inert(hostile):
    html = export_timelapse_html(hostile)
    assert "<img" not in html.split('id="cm-data"', 1)[1].split("</script>", 1)[0]
    assert "</script><script>alert(2)" not in html
    blocks = re.findall(r'<script type="application/json" id="cm-data">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert HOSTILE in [e["t"] for e in data["events"]], "the title survives as data, for textContent"
    assert HOSTILE_LABEL in [s["label"] for s in data["snapshots"]]
    assert "javascript:" not in blocks[0], "non-http(s) source URLs are dropped before they reach the page"
    assert TIMELAPSE_JS in html and "innerHTML" not in TIMELAPSE_JS, "our script never assigns innerHTML"


def test_timelapse_styles_and_page_css_come_from_the_palette(shipped, monkeypatch):
    """Change a colour in the Python palette and the exported CSS and the time-lapse's Leaflet styles follow."""
    monkeypatch.setitem(layers.COLOURS, "sea", "#abcdef")
    monkeypatch.setitem(layers.PAGE_COLOURS, "info", "#123456")
    monkeypatch.setitem(layers.AREA_STYLES, "controlled", {**layers.AREA_STYLES["controlled"], "fillColor": "#fedcba"})
    tl = export_timelapse_html(shipped)
    css = tl.split("<style>", 2)[2].split("</style>", 1)[0]
    assert "#cm-map {" in css and "background: #abcdef" in css and "#DDEBF5" not in css
    assert "border-left: 4px solid #123456" in css
    styles = json.loads(re.search(r'<script type="application/json" id="cm-styles">(.*?)</script>', tl, re.DOTALL).group(1))
    assert styles["controlled"]["fillColor"] == "#fedcba"
    assert styles["claimed"]["className"] == "cm-claimed" and styles["claimed_not_controlled"]["dashArray"] == "6 4"
    assert "#fedcba" not in TIMELAPSE_JS and "#D55E00" not in TIMELAPSE_JS, "the script holds no colour of its own"
    view = export_view_html(shipped, DAY)
    assert ".cm-asof { background: #eef4fa; border-left: 4px solid #123456;" in view


def test_hostile_claim_text_stays_inert_in_both_exports(shipped):
    """Script, a comment opener and a javascript: link in a claim (title and sources) and a vote."""
    evil = Source("Evil </script><!--", "</script><script>alert(7)</script><!--", "javascript:alert(8)", DAY)
    claim = next(c for c in shipped.claims if "UA-43" in c.regions)
    vote = dataclasses.replace(claim.rejected_by[0], resolution="<!--<script>alert(9)</script>", sources=(evil,))
    bad = dataclasses.replace(claim, title=HOSTILE_LABEL, sources=(*claim.sources, evil), rejected_by=(vote,))
    atlas = dataclasses.replace(shipped, claims=tuple(bad if c is claim else c for c in shipped.claims))
    view = export_view_html(atlas, DAY, "UA-43")
    assert "<script>alert(" not in view and "<!--" not in view
    assert "javascript:" not in " ".join(anchor_hrefs(view))
    assert "&lt;/script&gt;&lt;script&gt;alert(7)&lt;/script&gt;&lt;!--" in view, "shown as text"
    tl = export_timelapse_html(atlas)
    assert "<script>alert(" not in tl and "<!--" not in tl
    block = re.search(r'<script type="application/json" id="cm-data">(.*?)</script>', tl, re.DOTALL).group(1)
    data = json.loads(block)
    titles = [s["t"] for c in data["claimsets"] for s in c["src"]]
    assert evil.title in titles and all(s["u"] != evil.url for c in data["claimsets"] for s in c["src"])
    assert "javascript:" not in block


def test_the_templates_ship_with_the_package():
    """Every template file is package data (pyproject), so an installed package can still export."""
    import fnmatch
    import tomllib

    config = tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["conflictmap"]
    folder = REPO_DIR / "conflictmap" / TEMPLATES
    names = [p.relative_to(folder.parent).as_posix() for p in folder.iterdir() if p.is_file()]
    assert {"templates/export_view.html.j2", "templates/export_timelapse.html.j2", "templates/timelapse.js"} <= set(names)
    assert all(any(fnmatch.fnmatch(n, g) for g in globs) for n in names), (names, globs)


def test_json_for_script_cannot_break_out():
    s = json_for_script({"a": "</script><!-- & \u2028"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028"}


# ---- the CLI ---------------------------------------------------------------------------------------------------


def test_cli_export_view_and_timelapse(tmp_path):
    out = tmp_path / "sub" / "view.html"
    out.parent.mkdir()  # --out into a missing folder is an error (issue 14; tests/hostile/test_reliability.py)
    res = run_cli("export", "view", "--date", "2022-12-24", "--region", "UA-65", "--out", str(out))
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report == {"out": str(out), "bytes": out.stat().st_size}
    assert external_refs(out.read_text(encoding="utf-8")) == []
    tl = tmp_path / "tl.html"
    res = run_cli("export", "timelapse", "--lang", "uk", "--out", str(tl))
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(res.stdout) == {"out": str(tl), "bytes": tl.stat().st_size}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file is left"


@pytest.mark.parametrize(
    "args",
    [
        ("export", "view", "--date", "2022-02-30", "--out", "x.html"),
        ("export", "view", "--date", "yesterday", "--out", "x.html"),
        ("export", "view", "--date", "1990-01-01", "--out", "x.html"),
        ("export", "view", "--date", "2022-12-24", "--region", "UA-99", "--out", "x.html"),
        ("export", "view", "--date", "2022-12-24", "--lang", "fr", "--out", "x.html"),
        ("export", "view", "--date", "2022-12-24"),
        ("export", "timelapse"),
        ("export",),
    ],
)
def test_cli_export_bad_arguments_exit_2(args, tmp_path):
    res = run_cli(*[str(tmp_path / a) if a == "x.html" else a for a in args])
    assert res.returncode == 2, res.stdout + res.stderr
    assert "usage:" in res.stderr and "Traceback" not in res.stderr + res.stdout
    assert not (tmp_path / "x.html").exists()


def test_cli_import_still_registered():
    res = run_cli("import", "events", "--help")
    assert res.returncode == 0 and "--dry-run" in res.stdout


def test_view_export_and_citation_keep_the_selected_event(atlas):
    from conflictmap.export import citation, export_view_html

    eid = "2022-12-24-kherson-christmas-eve-shelling"
    page = export_view_html(atlas, date(2022, 12, 24), None, "en", event=eid)
    assert 'id="cm-event"' in page and "cm-selected" in page, "the event is described and ringed on the map"
    assert "event=" + eid in citation(atlas, date(2022, 12, 24), None, "en", event=eid)
