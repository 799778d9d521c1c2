"""The static edition's bundle (conflictmap/site.py) and the `export site` command, without a browser."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from conflictmap.site import FIRST_VIEW_LIMIT, MARKER_FILE, build_site, first_view_paths, page_references
from conflictmap.templates import styled_text, template_text
from tests.conftest import cli_json, run_cli

URL = re.compile(r"https?://[^\s\"'<>)\\]+")
XML_NAMESPACES = {"http://www.w3.org/2000/svg"}  # an SVG's xmlns names a namespace; nothing is fetched from it
SHOWN_AS_TEXT = {"label", "approximation_note", "confidence_note", "title", "description", "t", "p", "pl"}
"""Data fields site.js only ever puts into textContent: a URL quoted in a note is text there, never a link or a load."""


@pytest.fixture(scope="module")
def bundle(atlas):
    return build_site(atlas, built=date(2026, 1, 1))


@pytest.fixture(scope="module")
def index(bundle):
    return json.loads(bundle.files["data/index.json"])


def test_every_file_the_page_and_the_index_name_is_in_the_bundle(bundle, index):
    html = bundle.files["index.html"].decode("utf-8")
    refs = page_references(html)
    assert refs[:2] == ["assets/leaflet/leaflet.css", refs[1]] and "assets/leaflet/leaflet.js" in refs
    named = refs + [index["base"], index["claims"]] + [f["url"] for k in ("control", "events") for f in index[k]["files"]]
    assert [p for p in named if p not in bundle.files] == []
    for path in bundle.files:
        assert not path.startswith(("/", "..")) and ".." not in path.split("/")


def test_the_data_files_are_valid_json_and_split_by_year_without_gaps(bundle, index, atlas):
    for path, data in bundle.files.items():
        if path.endswith(".json"):
            json.loads(data)
    for kind, n in (("control", len(atlas.snapshots)), ("events", len(atlas.events))):
        table = index[kind]["files"]
        assert table[0]["i0"] == 0 and table[-1]["i1"] == n
        assert all(a["i1"] == b["i0"] for a, b in zip(table, table[1:], strict=False)), "contiguous"
        for f in table:
            part = json.loads(bundle.files[f["url"]])
            assert part["i0"] == f["i0"] and len(part["items"]) == f["i1"] - f["i0"]
            dates = index[kind]["dates"][f["i0"]:f["i1"]]
            assert {d[:4] for d in dates} == {str(f["year"])}
    assert index["control"]["dates"] == sorted(s.as_of.isoformat() for s in atlas.snapshots)
    latest = json.loads(bundle.files[index["control"]["files"][-1]["url"]])["items"][-1]
    assert latest["g"]["type"] in ("Polygon", "MultiPolygon") and latest["src"] and latest["label_uk"]


def test_data_files_are_named_by_content_so_a_cdn_may_cache_them_for_ever(bundle):
    for path in bundle.files:
        if path.startswith(("data/", "assets/")) and path != "data/index.json" and not path.startswith("assets/leaflet/"):
            assert re.search(r"-[0-9a-f]{12}\.(json|js|css)$", path), path


def test_the_first_view_loads_at_most_1_mb_on_any_date(bundle, index, atlas):
    """Summed over what index.html loads by itself plus what site.js fetches before any interaction."""
    assert bundle.first_view_bytes <= FIRST_VIEW_LIMIT
    assert bundle.first_view[0] == "index.html" and "data/index.json" in bundle.first_view
    assert bundle.total_bytes > 1.5 * bundle.first_view_bytes, "other years are not in the first view"
    worst = max(
        (sum(len(bundle.files[p]) for p in first_view_paths(bundle.files, index, d)), d)
        for d in [atlas.last_date, *(e.date for e in atlas.events), *(s.as_of for s in atlas.snapshots)]
    )
    assert worst[0] <= FIRST_VIEW_LIMIT, worst


def test_no_asset_points_off_the_site_except_the_sources_links(bundle):
    def walk(obj, key=None):
        if isinstance(obj, dict):
            for k, v in obj.items():
                yield from walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                yield from walk(v, key)
        elif isinstance(obj, str):
            for url in URL.findall(obj):
                yield key, url

    for path, data in bundle.files.items():
        if path.endswith(".json"):
            bad = [(k, u) for k, u in walk(json.loads(data))
                   if k != "u" and (k or "").removesuffix("_uk") not in SHOWN_AS_TEXT and u not in XML_NAMESPACES]
            assert bad == [], f"{path}: URLs outside the sources' links: {bad[:3]}"
        elif path.endswith((".html", ".css")):
            code = re.sub(r"/\*.*?\*/|<!--.*?-->", "", data.decode("utf-8"), flags=re.DOTALL)  # comments load nothing
            assert set(URL.findall(code)) <= XML_NAMESPACES, path
            assert "@import" not in data.decode("utf-8"), path
        elif path.endswith(".js"):
            # leaflet.js names its home page in the attribution prefix, which site.js replaces with plain text
            assert set(URL.findall(data.decode("utf-8"))) <= XML_NAMESPACES | {"https://leafletjs.com"}, path
    assert "setPrefix('Leaflet')" in template_text("site.js")


def test_page_code_never_puts_text_into_inner_html(bundle):
    for name in ("site.js", "timeline_core.js", "scrub_strip.js"):
        assert not re.search(r"\.(inner|outer)HTML|insertAdjacentHTML|document\.write", template_text(name)), name
    assert styled_text("timeline_core.js").encode("utf-8") in bundle.files.values(), "the strip's code, shipped as is"


def test_strings_for_both_languages(index):
    en, uk = index["strings"]["en"], index["strings"]["uk"]
    assert set(en) == set(uk)
    assert en["app_title"] != uk["app_title"] and uk["lang_name"] == "Українська"


def test_export_site_writes_the_bundle_and_reports_its_size(tmp_path):
    out = tmp_path / "site"
    report = cli_json("export", "site", "--out", str(out))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert report["files"] == len(files) and MARKER_FILE in files and "index.html" in files
    assert report["bytes"] == sum((out / p).stat().st_size for p in files)
    assert report["first_view_bytes"] == sum((out / p).stat().st_size for p in report["first_view_files"])
    assert report["first_view_bytes"] <= FIRST_VIEW_LIMIT
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "no temporary folder left beside it"
    assert oct(out.stat().st_mode & 0o777) != oct(0o700), "readable by a web server running as another user"


def test_export_site_replaces_its_own_bundle_but_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "site"
    cli_json("export", "site", "--out", str(out))
    stale = out / "data" / "control-1999-000000000000.json"
    stale.write_text("{}")
    cli_json("export", "site", "--out", str(out))
    assert not stale.exists(), "a new export replaces the whole folder"

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("keep me")
    res = run_cli("export", "site", "--out", str(mine))
    assert res.returncode == 1 and "did not write" in json.loads(res.stdout)["error"] and "Traceback" not in res.stderr
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]
    forced = cli_json("export", "site", "--out", str(mine), "--force")
    assert forced["files"] > 10 and not (mine / "thesis.txt").exists()

    empty = tmp_path / "empty"
    empty.mkdir()
    cli_json("export", "site", "--out", str(empty))


@pytest.mark.parametrize("case", ["file", "no_parent"])
def test_export_site_refuses_an_out_that_cannot_be_a_folder(tmp_path, case):
    out = tmp_path / "a-file" if case == "file" else tmp_path / "missing" / "site"
    if case == "file":
        out.write_text("x")
    res = run_cli("export", "site", "--out", str(out))
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stderr and str(out) in json.loads(res.stdout)["error"]


def test_export_site_usage_errors_exit_2():
    res = run_cli("export", "site")
    assert res.returncode == 2 and "--out" in res.stderr


def test_strip_and_site_colours_come_from_the_palette(monkeypatch):
    """The scrub strip's and the static edition's CSS/JS take their colours from layers.COLOURS/PAGE_COLOURS: a colour
    changed there changes them (no literal copy to drift)."""
    from conflictmap import layers
    from conflictmap.templates import styled_text as styled

    styled.cache_clear()
    try:
        monkeypatch.setitem(layers.COLOURS, "controlled", "#123456")
        monkeypatch.setitem(layers.PAGE_COLOURS, "info", "#654321")
        for name in ("scrub_strip.css", "timeline_core.js", "site.css"):
            assert "#123456" in styled(name), name
            assert "#D55E00" not in styled(name), name
        assert "#654321" in styled("site.css")
    finally:
        styled.cache_clear()
