"""Assessments in both languages: every shipped control and held-in-Russia assessment has its label and
approximation note in Ukrainian, validate names what lacks them, a user's imported layer falls back to English, and
the "as of" line and the HTML exports follow the language."""

import importlib.util
import json
import re
from datetime import date

from conflictmap import export, layers
from conflictmap.catalog import snapshot_from_feature, validate
from conflictmap.paths import REPO_DIR
from conflictmap.viewmodel import as_of_view

CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
SRC_DIRS = (REPO_DIR / "geodata" / "control" / "src", REPO_DIR / "geodata" / "held_in_russia" / "src")
XMAS = date(2022, 12, 24)


def _ukrainian(en: str, uk: str) -> bool:
    return bool(uk.strip()) and uk != en and len(CYRILLIC.findall(uk)) > len(uk) / 3


def _sources() -> list:
    return [p for d in SRC_DIRS for p in sorted(d.glob("*.json"))]


def test_every_shipped_assessment_has_a_ukrainian_label_and_note(atlas):
    paths = _sources()
    assert len(paths) >= 90
    for path in paths:
        d = json.loads(path.read_text(encoding="utf-8"))
        assert _ukrainian(d["label"], d.get("label_uk", "")), path.name
        assert _ukrainian(d["approximation_note"], d.get("approximation_note_uk", "")), path.name
    snaps = atlas.snapshots + atlas.held_in_russia
    assert len(snaps) == len(paths)
    for s in snaps:  # the built files carry them, and the model reads them
        assert s.label_uk and s.approximation_note_uk, s.id
        assert s.text("uk") == (s.label_uk, s.approximation_note_uk) and s.text("en") == (s.label, s.approximation_note)


def test_ukrainian_assessment_text_keeps_the_numbers():
    for path in _sources():
        d = json.loads(path.read_text(encoding="utf-8"))
        for en, uk in ((d["label"], d["label_uk"]), (d["approximation_note"], d["approximation_note_uk"])):
            numbers = lambda s: sorted(re.findall(r"\d+", s.replace(",", "").replace("\u00a0", "")))  # noqa: E731
            assert numbers(en) == numbers(uk), (path.name, en, uk)


def test_assessment_sources_keep_their_layout_and_the_insert_script_is_current():
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", path.name
        keys = list(json.loads(text))
        assert keys[keys.index("label") + 1] == "label_uk", path.name
        assert keys[keys.index("approximation_note") + 1] == "approximation_note_uk", path.name
    spec = importlib.util.spec_from_file_location("add_assessment_uk", REPO_DIR / "scripts" / "add_assessment_uk.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0


def test_validate_names_each_assessment_without_ukrainian_text_but_not_imports(data_copy):
    src = data_copy.control_src / "2022-12-24.json"
    d = json.loads(src.read_text(encoding="utf-8"))
    del d["label_uk"]
    src.write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    built = data_copy.held_in_russia / "2024-08-27.geojson"
    fc = json.loads(built.read_text(encoding="utf-8"))
    del fc["features"][0]["properties"]["approximation_note_uk"]
    built.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    # a user's layer, as `import control` writes it: English only, with its provider
    fc = json.loads((data_copy.control / "2026-08-22.geojson").read_text(encoding="utf-8"))
    props = fc["features"][0]["properties"]
    for k in ("label_uk", "approximation_note_uk", "built_from"):
        props.pop(k)
    props.update(id="control-2026-08-25", as_of="2026-08-25", provider="your data")
    (data_copy.control / "2026-08-25.geojson").write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    problems = [(p.file, p.where) for p in validate(data_copy) if "_uk" in p.where]
    assert sorted(problems) == [
        ("geodata/control/src/2022-12-24.json", "label_uk"),
        ("geodata/held_in_russia/2024-08-27.geojson", "approximation_note_uk"),
    ], problems


def test_an_imported_layer_without_ukrainian_text_shows_the_english(atlas):
    shipped = next(s for s in atlas.snapshots if s.as_of == XMAS)
    props = {"id": "control-2022-12-24", "as_of": "2022-12-24", "label": "Imported layer: mine.geojson",
             "method": "imported", "confidence": "low", "confidence_note": "as given", "approximate": True,
             "approximation_note": "Clipped to Ukraine's recognised border.", "sources": [], "provider": "your data"}
    s = snapshot_from_feature(props, shipped.geometry, provider="your data")
    assert s.text("uk") == s.text("en") == (props["label"], props["approximation_note"])


def test_as_of_line_and_exports_follow_the_language(atlas):
    snap = next(s for s in atlas.snapshots if s.as_of == XMAS)
    uk, en = as_of_view(atlas, XMAS, "uk"), as_of_view(atlas, XMAS, "en")
    assert snap.label_uk in uk.text and snap.label not in uk.text and uk.note == snap.approximation_note_uk
    assert snap.label in en.text and en.note == snap.approximation_note
    html = export.export_view_html(atlas, XMAS, lang="uk")
    assert layers.html_text(snap.label_uk) in html and layers.html_text(snap.label) not in html
    assert layers.html_text(snap.approximation_note_uk) in html
    data = export.timelapse_data(atlas, "uk")
    row = next(r for r in data["snapshots"] if r["d"] == "2022-12-24")
    assert (row["label"], row["note"]) == (snap.label_uk, snap.approximation_note_uk)
