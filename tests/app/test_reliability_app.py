"""Issue 14 in the app: a page never shows a traceback, and a session can always remove its own data."""

from __future__ import annotations

import json
import sys

import pytest
from streamlit.testing.v1 import AppTest

from conflictmap.paths import REPO_DIR

sys.path.insert(0, str(REPO_DIR / "tests" / "hostile"))
from test_reliability import corrupt, feature, geojson_file, small_root  # noqa: E402

from conflictmap.cli import main  # noqa: E402


def test_an_exception_on_a_page_is_a_short_message_with_an_id_and_the_data_can_be_removed(caplog):
    at = AppTest.from_file(str(REPO_DIR / "pages" / "1_Events.py"), default_timeout=180)
    at.session_state["your_events"] = [{"id": "broken", "title": "\ud800"}]  # what no importer writes
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.error) == 1 and "error id" in at.error[0].value and "Traceback" not in at.error[0].value
    error_id = at.error[0].value.split("error id ")[1][:8]
    logged = [r for r in caplog.records if r.name == "conflictmap.ui" and error_id in r.getMessage()]
    assert logged and logged[0].exc_info, "the server log has the id and the trace"
    remove = [b for b in at.button if b.key == "sidebar_remove_your_data"]
    assert remove, [b.key for b in at.button]
    remove[0].click().run()
    assert not at.exception and not at.error
    assert "your_events" not in at.session_state


def test_map_page_renders_a_root_filled_by_hostile_but_accepted_imports(tmp_path, monkeypatch, capsys):
    root = small_root(tmp_path / "root")
    src = geojson_file(tmp_path, "mine.geojson",
                       feature(id="2022-04-08-a", title="Title \ud800 with a lone surrogate"),
                       feature(id="2022-04-08-b", sources=[{"publisher": "P", "title": "T", "url": "https://example.org:443/x",
                                                            "published": "2022-04-08"}]),
                       feature(id="0001-01-05-c", date="0001-01-05"),
                       feature(id="9999-12-30-d", date="9999-12-30"))
    assert main(["import", "events", str(src), "--into", str(root.root)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["imported"] == 1 and out["rejected"] == 3, out
    monkeypatch.setenv("CONFLICTMAP_DATA", str(root.root))
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("case", ["null", "regions-null", "neighbours-list", "folder", "symlink-loop", "dev-zero"])
def test_a_corrupt_root_is_an_error_naming_file_and_reason_not_a_traceback(tmp_path, monkeypatch, case):
    root = small_root(tmp_path / "root")
    target = corrupt(root, case)
    monkeypatch.setenv("CONFLICTMAP_DATA", str(root.root))
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.error and "validate" in at.error[0].value
    shown = " ".join(t.value for t in at.text)
    assert target in shown, shown


def _upload_events(name: str, content: bytes) -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "pages" / "5_Your_data.py"), default_timeout=180)
    at.run()
    at.file_uploader(key="up_events").set_value((name, content, "application/geo+json"))
    at.run()
    at.button(key="do_events").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _feature_json(**props) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [feature(**props)]})


@pytest.mark.parametrize(("name", "text", "imported"), [
    ("surrogate.geojson", _feature_json(title="A\ud800B"), 1),  # JSON carries it as the escape \ud800
    ("big-int.geojson", _feature_json()[:-1] + ', "n": ' + "9" * 5000 + "}", 0),
    ("coord.geojson", _feature_json().replace("37.5563", "1" * 400), 0),
    ("Лінія фронту " * 12 + "2024-07-08.geojson", _feature_json(), 1),  # a name of ~300 bytes
])
def test_hostile_uploads_never_show_a_traceback_and_the_session_keeps_working(name, text, imported):
    at = _upload_events(name, text.encode("utf-8"))
    assert len(at.session_state.get("your_events", [])) == imported
    if not imported:
        assert at.error or at.dataframe, "the reason is shown"
    for page in ("1_Events.py", "2_Regions.py", "app.py"):
        other = AppTest.from_file(str(REPO_DIR / ("app.py" if page == "app.py" else f"pages/{page}")), default_timeout=180)
        if imported:
            other.session_state["your_events"] = at.session_state["your_events"]
        other.run()
        assert not other.exception, (page, [e.message for e in other.exception])
        assert not other.error, (page, [e.value for e in other.error])
    if imported:
        assert any(b.key == "clear_your_data" for b in at.button)


def test_an_upload_over_the_session_budget_is_refused_with_what_to_do(monkeypatch):
    from conflictmap.importers import budget

    monkeypatch.setattr("conflictmap.ui.yourdata.APP_BUDGET", budget.Budget(session_bytes=10))
    at = _upload_events("mine.geojson", _feature_json().encode())
    assert at.error and "Not imported" in at.error[0].value and "split the file" in at.error[0].value.lower()
    assert not at.session_state.get("your_events")
