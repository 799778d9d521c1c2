"""AppTest: in Ukrainian the map page, the Events page and the Story page show the Ukrainian content and numbers."""

import json
import re

from helpers import map_args, run_app

from conflictmap.catalog import load_atlas
from conflictmap.paths import REPO_DIR, DataPaths

KHERSON = "2022-12-24-kherson-christmas-eve-shelling"


def test_map_page_in_ukrainian_shows_the_event_and_figures_in_ukrainian():
    event = load_atlas(DataPaths(REPO_DIR)).events_by_id[KHERSON]
    at = run_app("app.py", lang="uk", date="2022-12-24", event=KHERSON)
    assert any(h.value == event.title_uk for h in at.subheader), [h.value for h in at.subheader]
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert event.description_uk[:60] in text and event.description[:60] not in text
    group = map_args(at)["feature_group"]
    label_uk = json.dumps(f"2022-12-24 · {event.title_uk}")  # the script carries the label JSON-escaped
    assert label_uk in group, "the marker's tooltip label is the Ukrainian title"
    values = [m.value for m in at.metric]
    assert any(v.endswith("км²") and "," not in v for v in values), values
    assert any("," in v and v.endswith("%") for v in values), "the share uses a decimal comma"


def test_map_page_in_english_is_unchanged():
    event = load_atlas(DataPaths(REPO_DIR)).events_by_id[KHERSON]
    at = run_app("app.py", date="2022-12-24", event=KHERSON)
    assert any(h.value == event.title for h in at.subheader)
    assert any(m.value.endswith(" km²") for m in at.metric)


def test_story_page_in_ukrainian_shows_the_step_title_and_caption():
    story = next(s for s in load_atlas(DataPaths(REPO_DIR)).stories if s.id == "default")
    at = run_app("pages/3_Story.py", lang="uk", story="default", step="9")
    step = story.steps[8]
    assert any(t.value == step.title_uk for t in at.title), [t.value for t in at.title]
    assert any(step.caption_uk[:50] in m.value for m in at.markdown)


def test_events_table_in_ukrainian_lists_ukrainian_titles():
    event = load_atlas(DataPaths(REPO_DIR)).events_by_id[KHERSON]
    at = run_app("pages/1_Events.py", lang="uk", q="Святвечір")
    titles = list(at.dataframe[0].value["title"])
    assert event.title_uk in titles, titles
    assert "Херсонська область" in list(at.dataframe[0].value["region"]), "region names in Ukrainian too"


def test_export_buttons_speak_ukrainian():
    at = run_app("app.py", lang="uk")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["HTML: цей вигляд (працює офлайн)", "HTML: хронологія 2014–сьогодні (працює офлайн)"], labels


def test_region_votes_and_compare_caption_speak_ukrainian():
    at = run_app("app.py", lang="uk", date="2022-12-24", region="UA-65")
    text = " ".join(m.value for m in at.markdown)
    assert "утрималися: 35" in text and "abstentions" not in text
    at = run_app("pages/4_Compare.py", lang="uk", a="2022-03-25", b="2022-11-12")
    captions = " ".join(c.value for c in at.caption)
    assert "оцінка 2022-" in captions and "assessment" not in captions, captions
    assert all(m.value.endswith("км²") for m in at.metric), [m.value for m in at.metric]


def test_presentation_caption_uses_ukrainian_numbers():
    at = run_app("app.py", lang="uk", date="2022-11-12", present="1")
    html = " ".join(h.proto.body for h in at.get("html"))
    caption = html[html.index("cm-present-caption"):]
    assert re.search(r"\d+,\d%", caption), "decimal comma in the share"
    assert re.search(r"\d\u00a0\d{3} км²", caption), "thousands grouped with a no-break space"


def test_as_of_line_in_ukrainian_shows_the_assessment_label_in_ukrainian():
    snap = next(s for s in load_atlas(DataPaths(REPO_DIR)).snapshots if s.as_of.isoformat() == "2022-12-24")
    at = run_app("app.py", lang="uk", date="2022-12-24")
    lines = [m.value.replace("\\", "") for m in at.markdown]
    as_of = [v for v in lines if snap.label_uk in v]
    assert as_of and as_of[0].startswith(":material/"), lines  # the one-line "as of" with its icon
    assert not any(snap.label in v for v in lines), "the English label is not shown"
    assert any(snap.approximation_note_uk[:60] in v for v in lines), "the details give the Ukrainian note"
