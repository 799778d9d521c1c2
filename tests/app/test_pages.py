"""AppTest runs every page, with and without query parameters, without an exception or an error box."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conflictmap.paths import REPO_DIR

PAGES = [REPO_DIR / "app.py", *sorted((REPO_DIR / "pages").glob("*.py"))]
PARAMS = [
    {},
    {"date": "2022-12-24", "region": "UA-65", "lang": "uk"},
    {"date": "2014-03-18", "event": "2014-03-18-crimea-sevastopol-accession-treaty", "window": "all"},
    {"story": "default", "step": "9", "a": "2022-03-25", "b": "2022-11-12", "q": "Kherson", "regions": "UA-65"},
    {"date": "not-a-date", "region": "<script>", "step": "99", "layers": "nonsense"},
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("params", PARAMS, ids=range(len(PARAMS)))
def test_page_runs(page, params):
    at = AppTest.from_file(str(page), default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_pages_speak_ukrainian_when_asked():
    """Labels come from the one catalogue: the Your-data page and the events table switch language with ?lang=uk."""
    at = AppTest.from_file(str(REPO_DIR / "pages" / "5_Your_data.py"), default_timeout=180)
    at.query_params["lang"] = "uk"
    at.run()
    assert at.radio(key="your_mode").label == "Показати ваші дані"
    assert [tab.label for tab in at.tabs] == ["Події", "Шари контролю"]
    assert at.text_input(key="control_source_url").label.startswith("Де опубліковано")
    assert any("лише в цьому сеансі" in m.value for m in at.markdown)
    at = AppTest.from_file(str(REPO_DIR / "pages" / "1_Events.py"), default_timeout=180)
    at.query_params["lang"] = "uk"
    at.run()
    labels = {name: c.get("label") for name, c in json.loads(at.dataframe[0].proto.columns).items()}
    assert labels["killed (latest report)"] == "загинули (останнє повідомлення)" and labels["source 1"] == "джерело 1", labels
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=180)
    at.query_params.update({"lang": "uk", "date": "2022-12-24", "event": "2022-12-24-kherson-christmas-eve-shelling"})
    at.run()
    assert any(c.value.startswith("Координати:") for c in at.caption), [c.value for c in at.caption]
    assert any("(населений пункт)" in m.value or "(точне місце)" in m.value for m in at.markdown)


def test_events_page_counts_in_the_singular_restores_a_linked_event_and_offers_a_bom_csv():
    from streamlit.testing.v1 import AppTest

    from conflictmap.paths import REPO_DIR

    at = AppTest.from_file(str(REPO_DIR / "pages" / "1_Events.py"), default_timeout=120)
    at.query_params["q"] = "Christmas Eve"
    at.query_params["event"] = "2022-12-24-kherson-christmas-eve-shelling"
    at.run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "1 events" not in captions and ("1 event matches" in captions or "events match" in captions), captions
    assert any("Kherson" in h.value for h in at.subheader), "the linked event's details are shown"


def test_casualty_table_puts_figures_first_and_never_prints_none():
    from streamlit.testing.v1 import AppTest

    from conflictmap.paths import REPO_DIR

    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=120)
    at.query_params["event"] = "2022-12-24-kherson-christmas-eve-shelling"
    at.run()
    df = at.dataframe[0].value
    assert list(df.columns)[1:3] == ["killed", "injured"], list(df.columns)
    assert "None" not in df.astype(str).values
