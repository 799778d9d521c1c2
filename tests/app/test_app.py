"""AppTest: the main page runs, honours permalinks, swaps per-date layers and reacts to a (simulated) click."""

import pytest
from helpers import map_args, run_app
from streamlit.testing.v1 import AppTest


def _click(at: AppTest, properties: dict) -> AppTest:
    comp = next(c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium")
    widget_key = comp.proto.id.rsplit("-", 1)[-1]
    at.session_state[widget_key] = {
        "last_active_drawing": {"type": "Feature", "properties": properties, "geometry": None},
        "last_object_clicked_count": 1,
    }
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_click_on_kherson_oblast_shows_sourced_details():
    at = _click(run_app(date="2022-12-24"), {"kind": "region", "iso": "UA-65", "label": "Kherson Oblast"})
    assert at.query_params.get("region") == ["UA-65"] or at.query_params.get("region") == "UA-65"
    assert any(h.value == "Kherson Oblast" for h in at.subheader)
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes
    assert "Claimed by Russia since 2022-09-30" in text
    assert "](https://" in text, "details must carry source links"


def test_click_on_an_event_shows_casualty_reports_and_sources():
    at = _click(run_app(date="2022-12-24"), {"kind": "event", "id": "2022-12-24-kherson-christmas-eve-shelling"})
    assert any("Kherson" in h.value for h in at.subheader)
    assert at.dataframe, "casualty reports are listed, one row per report"
    assert len(at.dataframe[0].value) >= 4


def test_permalink_restores_selection():
    at = run_app(date="2022-12-24", event="2022-12-24-kherson-christmas-eve-shelling")
    assert any("Kherson" in h.value for h in at.subheader)


@pytest.mark.parametrize("params", [{"date": "2099-01-01"}, {"region": "UA-99"}, {"event": "nope"}, {"date": "garbage"}])
def test_bad_permalinks_warn_instead_of_failing(params):
    at = run_app(**params)
    assert at.warning and not at.error


def test_ukrainian_interface():
    at = run_app(lang="uk")
    assert at.title[0].value == "Карта війни в Україні"


def test_place_search_centres_the_map_without_remounting():
    at = run_app(date="2022-12-24")
    before = map_args(at)
    at.text_input(key="place").set_value("Bakhmut").run()
    after = map_args(at)
    assert after["script"] == before["script"], "searching a place moves the same map"
    lat, lon = after["center"]
    assert abs(lat - 48.594) < 0.05 and abs(lon - 37.999) < 0.05 and after["zoom"] == 10


def test_jump_buttons_move_to_the_next_control_change_and_event():
    at = run_app(date="2022-11-01")
    at.button[[b.label for b in at.button].index("control change ▶")].click().run()
    assert at.slider(key="date").value.isoformat() == "2022-11-12"
    assert at.query_params["date"] in ("2022-11-12", ["2022-11-12"])
    at.button[[b.label for b in at.button].index("◀ event")].click().run()
    assert at.slider(key="date").value.isoformat() == "2022-11-11"  # Kherson liberated


def test_legend_names_the_claims_with_their_dates():
    script = map_args(run_app())["script"]
    assert "2014-03-18" in script and "2022-09-30" in script


def test_event_link_opens_on_the_event_date_with_the_event_marked_and_centred():
    """The README's own link: ?event=… alone opens on that event's date, its marker ringed and the map on it."""
    at = run_app(event="2022-12-24-kherson-christmas-eve-shelling")
    assert at.slider(key="date").value.isoformat() == "2022-12-24"
    assert at.query_params["date"] == ["2022-12-24"] or at.query_params["date"] == "2022-12-24"
    args = map_args(at)
    fg = args["feature_group"].replace(" ", "")
    assert "cm-selected" in fg and "32.6" in fg, "the selected event is ringed on the map"
    assert args["center"] and abs(args["center"][0] - 46.6) < 0.2, args.get("center")


def test_selected_region_is_outlined_on_the_map():
    fg = map_args(run_app(date="2022-12-24", region="UA-65"))["feature_group"]
    assert "cm-selected" in fg


def test_play_at_the_last_date_rewinds_to_the_start_and_plays():
    at = run_app()  # opens on today, after the last assessment
    at.button(key="play_button").click().run()
    assert not at.exception
    assert at.session_state["playing"] is True
    assert at.slider(key="date").value <= at.session_state["date"]
    from conflictmap.catalog import load_atlas

    first = load_atlas().first_date
    assert (at.session_state["date"] - first).days <= 31, "play rewound to the start of the timeline"


def test_unknown_layers_and_language_in_a_link_warn_and_keep_the_map():
    at = run_app(date="2022-12-24", layers="foo")
    assert any("foo" in w.value for w in at.warning)
    fg = map_args(at)["feature_group"].replace(" ", "")
    assert '"kind":"controlled"' in fg, "an unknown layer name does not empty the map"
    at = run_app(date="2022-12-24", lang="xx")
    assert any("xx" in w.value for w in at.warning)


def test_changes_layer_shows_what_changed_hands_since_the_previous_assessment():
    fg = map_args(run_app(date="2022-11-12", layers="controlled,changes"))["feature_group"].replace(" ", "")
    assert '"kind":"returned"' in fg, "Kherson's right bank returned to Ukraine on 2022-11-12"


def test_presentation_mode_shows_a_large_caption_and_the_changes():
    at = run_app(date="2022-11-12", present="1")
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "cm-present-caption" in html and "2022-11-12" in html
    fg = map_args(at)["feature_group"].replace(" ", "")
    assert '"kind":"returned"' in fg, "the changes layer is on by default while presenting"
    assert at.button(key="clicker_next") is not None and at.button(key="present_exit") is not None


def test_compare_km2_agree_with_stats():
    from datetime import date

    from conflictmap.catalog import load_atlas
    from conflictmap.stats import stats_for
    from conflictmap.timeline import changes_between

    atlas = load_atlas()
    a, b = date(2022, 3, 25), date(2022, 12, 24)
    ch = changes_between(atlas, a, b)
    assert abs(ch["a_km2"] - stats_for(atlas, a)["controlled_km2"]) < 1
    assert abs(ch["b_km2"] - stats_for(atlas, b)["controlled_km2"]) < 1
    assert abs((ch["b_km2"] - ch["a_km2"]) - (ch["gained_km2"] - ch["regained_km2"])) < 50, "slivers under 1 km² are dropped"


def test_pause_does_not_step_the_date_once_more():
    at = run_app(date="2022-01-01")
    at.button(key="play_button").click().run()
    assert at.session_state["playing"] is True
    before = at.session_state["date"]
    at.button(key="play_button").click().run()  # Pause
    assert at.session_state["playing"] is False
    assert at.session_state["date"] == before, "the click on Pause must not advance the timeline"
