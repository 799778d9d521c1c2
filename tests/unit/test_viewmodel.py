"""The view models (conflictmap/viewmodel.py): what the "as of" line and the region panel say, in plain data, and
that the app and the HTML export both render the one model."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from conflictmap import export, viewmodel
from conflictmap.i18n import t
from conflictmap.model import Source, Vote
from conflictmap.stats import stats_for
from conflictmap.text import html_text, md_text
from conflictmap.timeline import OLD_ASSESSMENT_DAYS, snapshot_in_force

XMAS = date(2022, 12, 24)
HOSTILE = "</script><script>alert(4)</script><!-- ${x}"


def test_as_of_view_names_the_assessment_its_age_and_its_checked_sources(atlas):
    snap = snapshot_in_force(atlas.snapshots, XMAS)
    v = viewmodel.as_of_view(atlas, XMAS)
    assert v.assessed and v.as_of == snap.as_of.isoformat() and v.label == snap.label
    assert v.days == (XMAS - snap.as_of).days and not v.after_last
    assert snap.as_of.isoformat() in v.text and snap.label in v.text
    assert v.old is (v.days > OLD_ASSESSMENT_DAYS)
    assert [s.title for s in v.sources] == [s.title for s in snap.sources]
    assert all(s.url and s.url.startswith(("http://", "https://")) and not s.withheld for s in v.sources)


def test_as_of_view_before_any_assessment_says_so_and_warns(atlas):
    first = min(s.as_of for s in atlas.snapshots)
    v = viewmodel.as_of_view(atlas, first - timedelta(days=1), "uk")
    assert not v.assessed and v.old and v.days is None and v.sources == ()
    assert v.text == t("as_of_none", "uk")


def test_an_assessment_older_than_the_threshold_is_old(atlas):
    """Two assessments far apart: between them the older one is shown and flagged once it passes the threshold."""
    a, b = atlas.snapshots[0], atlas.snapshots[1]
    late = dataclasses.replace(b, as_of=a.as_of + timedelta(days=3 * OLD_ASSESSMENT_DAYS))
    two = dataclasses.replace(atlas, snapshots=(a, late))
    assert not viewmodel.as_of_view(two, a.as_of + timedelta(days=OLD_ASSESSMENT_DAYS)).old
    old = viewmodel.as_of_view(two, a.as_of + timedelta(days=OLD_ASSESSMENT_DAYS + 1))
    assert old.old and not old.after_last and old.days == OLD_ASSESSMENT_DAYS + 1


def test_region_panel_of_a_claimed_region_has_the_claim_votes_and_sources(atlas):
    p = viewmodel.region_panel(atlas, "UA-43", XMAS, stats_for(atlas, XMAS))
    assert p.claimed and p.name == "Autonomous Republic of Crimea" and p.other_name == "Автономна Республіка Крим"
    assert p.claim_line == t("claimed_since", "en", d="2014-03-18")
    votes = {v.text.split(" (")[0]: v for v in p.votes}
    assert any("A/RES/68/262" in k for k in votes)
    line = next(v.text for v in p.votes if "A/RES/68/262" in v.text)
    assert "100–11" in line and line.startswith(t("rejected_by", "en"))
    assert all(v.sources for v in p.votes) and p.sources


def test_region_panel_of_an_unclaimed_region_in_ukrainian(atlas):
    p = viewmodel.region_panel(atlas, "UA-46", XMAS, stats_for(atlas, XMAS), "uk")
    assert not p.claimed and p.votes == () and p.sources == () and p.claim_title == ""
    assert p.name == "Львівська область" and p.claim_line == t("not_claimed", "uk")
    assert p.events_heading == t("events_in_region", "uk")


def test_region_panel_lists_the_latest_events_newest_first(atlas):
    p = viewmodel.region_panel(atlas, "UA-65", XMAS, stats_for(atlas, XMAS))
    assert 0 < len(p.events) <= viewmodel.REGION_EVENTS_SHOWN
    dates = [line.split(" · ")[0] for line in p.events]
    assert dates == sorted(dates, reverse=True) and dates[0] <= XMAS.isoformat()


def test_a_vote_source_that_is_not_http_is_withheld(atlas):
    evil = Source("Evil", "t", "javascript:alert(5)", XMAS)
    claim = next(c for c in atlas.claims if "UA-43" in c.regions)
    vote = Vote("UNGA", "X/1", XMAS, 1, 2, 3, (evil,))
    hostile = dataclasses.replace(atlas, claims=tuple(
        dataclasses.replace(c, rejected_by=(vote,)) if c is claim else c for c in atlas.claims))
    p = viewmodel.region_panel(hostile, "UA-43", XMAS, stats_for(hostile, XMAS))
    (v,) = p.votes
    assert v.sources[0].url is None and v.sources[0].withheld == t("export_link_withheld", "en")


@pytest.fixture(scope="module")
def hostile_panel_atlas(atlas):
    """Crimea's claim with script and a comment opener in its title, description and vote."""
    claim = next(c for c in atlas.claims if "UA-43" in c.regions)
    vote = dataclasses.replace(claim.rejected_by[0], body=HOSTILE, sources=(Source(HOSTILE, HOSTILE, "javascript:alert(6)", XMAS),))
    bad = dataclasses.replace(claim, title=HOSTILE, description=HOSTILE, rejected_by=(vote,))
    return dataclasses.replace(atlas, claims=tuple(bad if c is claim else c for c in atlas.claims))


def test_the_export_renders_every_line_of_the_panel(atlas):
    p = viewmodel.region_panel(atlas, "UA-43", XMAS, stats_for(atlas, XMAS))
    section = export.export_view_html(atlas, XMAS, "UA-43").split('<section id="cm-region">', 1)[1].split("</section>", 1)[0]
    lines = [p.name, p.other_name, p.claim_line, p.control_line, p.claim_title, p.claim_description, p.sources_heading,
             p.events_heading, *(v.text for v in p.votes), *p.events, *(s.title for s in p.sources)]
    for line in lines:
        assert html_text(line) in section, line


def test_the_app_renders_every_line_of_the_panel(atlas, hostile_panel_atlas):
    """The side panel (ui/details.region_details) shows the same model, escaped as markdown: script stays text."""
    from streamlit.testing.v1 import AppTest

    def panel(which: str) -> None:
        from datetime import date

        from conflictmap.catalog import load_atlas
        from conflictmap.paths import REPO_DIR, DataPaths
        from conflictmap.stats import stats_for
        from conflictmap.ui import details

        a = load_atlas(DataPaths(REPO_DIR))
        if which == "hostile":
            import dataclasses

            from conflictmap.model import Source

            h = "</script><script>alert(4)</script><!-- ${x}"
            c = next(c for c in a.claims if "UA-43" in c.regions)
            v = dataclasses.replace(c.rejected_by[0], body=h, sources=(Source(h, h, "javascript:alert(6)", date(2022, 12, 24)),))
            a = dataclasses.replace(a, claims=tuple(dataclasses.replace(c, title=h, rejected_by=(v,)) if x is c else x for x in a.claims))
        details.region_details(a, "UA-43", date(2022, 12, 24), stats_for(a, date(2022, 12, 24)), "en")

    at = AppTest.from_function(panel, args=("plain",), default_timeout=60).run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    p = viewmodel.region_panel(atlas, "UA-43", XMAS, stats_for(atlas, XMAS))
    for line in [p.other_name, p.claim_line, p.control_line, p.claim_title, *(v.text for v in p.votes), *p.events]:
        assert md_text(line) in shown, line
    assert at.subheader[0].value == md_text(p.name)

    at = AppTest.from_function(panel, args=("hostile",), default_timeout=60).run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert md_text(HOSTILE) in shown and HOSTILE not in shown
    assert "javascript:" not in shown.replace(md_text("javascript:alert(6)"), "")
    assert md_text(t("export_link_withheld", "en")) in shown


def test_the_export_keeps_hostile_panel_text_inert(hostile_panel_atlas):
    html = export.export_view_html(hostile_panel_atlas, XMAS, "UA-43")
    section = html.split('<section id="cm-region">', 1)[1].split("</section>", 1)[0]
    assert "<script>alert(4)" not in html and "<!-- ${x}" not in html
    assert html_text(HOSTILE) in section, "the title, description and vote are shown, as text"
    assert 'href="javascript:' not in html and t("export_link_withheld", "en") in section


def test_the_timelapse_shows_the_same_as_of_line_at_every_step(atlas):
    """The time-lapse's script shows the line the view model wrote for each step (it no longer works it out)."""
    data = export.timelapse_data(atlas, "uk")
    for step in data["steps"][:: max(1, len(data["steps"]) // 40)]:
        v = viewmodel.as_of_view(atlas, date.fromisoformat(step["d"]), "uk")
        assert step["a"] == {"text": v.text, "last": v.last, "old": v.old}
    assert any(s["a"]["old"] for s in data["steps"]), "steps before the first assessment are flagged"
    assert "st.a.text" in export.TIMELAPSE_JS and "S.as_of" not in export.TIMELAPSE_JS


EVENT = "2022-12-24-kherson-christmas-eve-shelling"


def test_event_panel_keeps_every_casualty_report_and_checks_its_link(atlas):
    e = atlas.events_by_id[EVENT]
    p = viewmodel.event_panel(e, "uk")
    assert p.title == e.text("uk")[0] and p.category_label == t(f"category_{e.category}", "uk")
    assert p.when.startswith(e.date.isoformat()) and p.precision == t("precision_" + e.location.precision, "uk")
    assert len(p.casualties) == len(e.casualties) >= 2, "reports are never merged"
    for r, view in zip(e.casualties, p.casualties, strict=True):
        assert view.killed == ("" if r.killed is None else str(r.killed)) and view.source.url == r.source.url
    evil = dataclasses.replace(e.casualties[0], note=HOSTILE, source=Source("X", "t", "javascript:alert(1)", XMAS))
    bad = viewmodel.event_panel(dataclasses.replace(e, casualties=(evil,)))
    assert bad.casualties[0].source.url is None and bad.casualties[0].source.withheld


def test_the_export_and_the_app_render_the_same_event_panel(atlas):
    from streamlit.testing.v1 import AppTest

    e = atlas.events_by_id[EVENT]
    p = viewmodel.event_panel(e)
    html = export.export_view_html(atlas, e.date, None, event=EVENT)
    section = html.split('<section id="cm-event">', 1)[1].split("</section>", 1)[0]
    for line in [p.category_label, p.title, p.description, p.when, p.place, p.precision, p.coordinates, p.casualties_heading,
                 *(r.note for r in p.casualties), *(s.title for s in p.sources)]:
        assert html_text(line) in section, line
    assert section.count("<tr>") == len(p.casualties) + 1

    def panel() -> None:
        from conflictmap.catalog import load_atlas
        from conflictmap.paths import REPO_DIR, DataPaths
        from conflictmap.ui import details

        details.event_details(load_atlas(DataPaths(REPO_DIR)).events_by_id["2022-12-24-kherson-christmas-eve-shelling"], "en")

    at = AppTest.from_function(panel, default_timeout=60).run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    for line in [p.category_label, p.description, p.when, p.place, p.coordinates, *(s.title for s in p.sources)]:
        assert md_text(line) in shown, line
    assert at.subheader[0].value == md_text(p.title)
    assert len(at.dataframe[0].value) == len(p.casualties)


def test_a_hostile_selected_event_stays_inert_in_the_export(atlas):
    e = atlas.events_by_id[EVENT]
    evil_src = Source(HOSTILE, HOSTILE, "javascript:alert(1)", XMAS)
    report = dataclasses.replace(e.casualties[0], note=HOSTILE, reported_by=HOSTILE, source=evil_src)
    bad = dataclasses.replace(e, title=HOSTILE, description=HOSTILE, casualties=(report,), sources=(evil_src,))
    hostile = dataclasses.replace(atlas, events=tuple(bad if x is e else x for x in atlas.events))
    html = export.export_view_html(hostile, e.date, None, event=EVENT)
    section = html.split('<section id="cm-event">', 1)[1].split("</section>", 1)[0]
    assert "<script>alert(4)" not in html and "<!-- ${x}" not in html and 'href="javascript:' not in html
    assert section.count(html_text(HOSTILE)) >= 5, "title, description, note, reporter and source are shown as text"
