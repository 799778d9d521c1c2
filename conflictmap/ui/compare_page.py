"""Compare two dates: the areas that changed hands in each direction, with their km², on one map."""

from __future__ import annotations

from datetime import date

import folium
import streamlit as st
from shapely.geometry import mapping
from streamlit_folium import st_folium

from .. import layers
from ..catalog import Atlas
from ..i18n import fmt_km2, fmt_km2_change, t
from ..timeline import changes_between
from . import data


def render(atlas: Atlas | None, lang: str) -> None:
    st.title(t("page_compare", lang))
    if atlas is None:
        return
    lo, hi = atlas.first_date, atlas.last_date
    c1, c2 = st.columns(2)
    a = c1.date_input(t("date_a", lang), value=date(2022, 3, 25), min_value=lo, max_value=hi, key="a", bind="query-params")
    b = c2.date_input(t("date_b", lang), value=date(2022, 12, 24), min_value=lo, max_value=hi, key="b", bind="query-params")
    ch = changes_between(atlas, a, b)
    m1, m2, m3 = st.columns(3)
    m1.metric(t("gained_by_russia", lang), fmt_km2(ch["gained_km2"], lang))
    m2.metric(t("regained_by_ukraine", lang), fmt_km2(ch["regained_km2"], lang))
    m3.metric(t("metric_controlled", lang), fmt_km2(ch["b_km2"], lang), delta=fmt_km2_change(ch["b_km2"] - ch["a_km2"], lang), delta_color="inverse")
    st.caption(
        f"{t('date_a', lang)}: {a.isoformat()} ({t('assessment_of', lang, d=ch['a_as_of'] or '—')}) · "
        f"{t('date_b', lang)}: {b.isoformat()} ({t('assessment_of', lang, d=ch['b_as_of'] or '—')})"
    )
    root = atlas.key
    m = layers.base_map(data.regions_fc(atlas, root, lang), atlas.neighbours, data.map_options(atlas, lang), data.region_labels(atlas, root, lang))
    g = folium.FeatureGroup(name="compare")
    # drawn as the map's "changes" layer draws them (layers.AREA_STYLES), so the two pages read alike
    for geom, style, label in ((ch["gained"], "gained", "gained"), (ch["regained"], "returned", "regained")):
        if not geom.is_empty:
            layers.area_layer({"type": "Feature", "properties": {"kind": label}, "geometry": mapping(geom)}, style).add_to(g)
    st_folium(m, key="compare_map", height=560, width=1200, feature_group_to_add=[g], returned_objects=["last_object_clicked_count"])
