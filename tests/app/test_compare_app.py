"""AppTest: the Compare page's km² are the numbers of timeline.changes_between and stats, formatted by i18n."""

from datetime import date

import pytest
from helpers import run_app

from conflictmap.i18n import fmt_km2, fmt_km2_change, t
from conflictmap.stats import stats_for
from conflictmap.timeline import changes_between

PAGE = "pages/4_Compare.py"


@pytest.mark.parametrize(("a", "b", "lang"), [
    ("2022-03-25", "2022-12-24", "en"),  # the page's default dates: Kharkiv and Kherson returned
    ("2022-12-24", "2024-06-01", "uk"),  # Russian gains in the east, in Ukrainian
    ("2023-06-01", "2022-03-25", "en"),  # dates given the other way round
])
def test_compare_shows_the_km2_of_changes_between(atlas, a, b, lang):
    at = run_app(PAGE, a=a, b=b, lang=lang)
    ch = changes_between(atlas, date.fromisoformat(a), date.fromisoformat(b))
    metrics = {m.label: m for m in at.metric}
    assert metrics[t("gained_by_russia", lang)].value == fmt_km2(ch["gained_km2"], lang)
    assert metrics[t("regained_by_ukraine", lang)].value == fmt_km2(ch["regained_km2"], lang)
    controlled = metrics[t("metric_controlled", lang)]
    assert controlled.value == fmt_km2(ch["b_km2"], lang)
    assert controlled.delta == fmt_km2_change(ch["b_km2"] - ch["a_km2"], lang)
    # the same areas as the stats command's
    assert round(ch["b_km2"], 1) == stats_for(atlas, date.fromisoformat(b))["controlled_km2"]
    assert round(ch["a_km2"], 1) == stats_for(atlas, date.fromisoformat(a))["controlled_km2"]
    assert ch["gained_km2"] > 1000 or ch["regained_km2"] > 1000, "dates chosen so that something changed hands"
    caption = " ".join(c.value for c in at.caption)
    assert f"{a} (" in caption and f"{b} (" in caption
