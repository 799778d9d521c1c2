"""Region dossier: claim status and the acts behind it, control over time, status changes, events, all sources."""

from __future__ import annotations

import streamlit as st

from ..catalog import Atlas
from ..i18n import UNIT_KM2, fmt_km2, fmt_num, t
from ..stats import region_series, region_sources, region_status_changes
from ..text import md_text
from . import charts, data, details, state


def render(atlas: Atlas | None, lang: str) -> None:
    st.title(t("page_regions", lang))
    if atlas is None:
        return
    for w in state.clean_query_params(atlas):
        st.warning(w)
    names = {r.iso: (r.name_uk if lang == "uk" else r.name) for r in atlas.regions}
    default = st.query_params.get("region", "UA-65")
    iso = st.sidebar.selectbox(t("region", lang), list(names), index=list(names).index(default) if default in names else 0, format_func=names.get, key="dossier_region")
    st.query_params["region"] = iso
    on = state.default_date(atlas)
    if "date" in st.query_params:
        on = min(max(state.parse_date(st.query_params["date"], on), atlas.first_date), atlas.last_date)
    stats = data.stats_on(atlas, on)
    details.region_details(atlas, iso, on, stats, lang)
    state.map_link(t("back_to_map", lang), date=on.isoformat(), region=iso, lang=lang if lang != "en" else None)

    rows = region_series(atlas, iso)
    st.subheader(t("trend", lang))
    st.altair_chart(charts.trend_chart(rows, "controlled_pct", "%", on), width="stretch")
    st.altair_chart(charts.trend_chart(rows, "controlled_km2", UNIT_KM2.get(lang, "km²"), on), width="stretch")

    st.subheader(t("status_changes", lang))
    lines = []
    for c in region_status_changes(atlas, iso, rows):
        if c["kind"] == "claim":
            lines.append(f"- {c['date']}: {md_text(t('claimed_since', lang, d=c['date']))}")
        else:
            lines.append(f"- {c['date']}: {fmt_num(c['controlled_pct'], lang, 1)}% ({fmt_km2(c['controlled_km2'], lang)})")
    st.markdown("\n".join(lines) or "—")

    st.subheader(t("all_sources", lang))
    st.markdown(details.source_items(region_sources(atlas, iso, rows), lang))
