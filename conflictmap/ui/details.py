"""Details panels for a clicked region or event, rendered by Streamlit (escaped markdown), not inside the map."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..catalog import Atlas
from ..i18n import t
from ..layers import category_label, marker_svg
from ..model import Event
from ..text import md_link, md_text, safe_url
from ..viewmodel import SourceView, region_panel, source_views
from .state import permalink


def source_link(s: SourceView, label: str) -> str:
    """``label`` linked to the source in markdown when its URL is http(s), else with the reason it is withheld."""
    return md_link(label, s.url) if s.url else f"{md_text(label)} ({md_text(s.withheld)})"


def source_item(s: SourceView) -> str:
    """One source as a markdown list item."""
    return f"- {md_text(s.publisher)}: {source_link(s, s.title)} ({s.published})"


def sources_block(sources, lang: str, heading: str | None = None) -> None:
    st.markdown(f"**{md_text(heading or t('sources', lang))}**\n\n" + "\n".join(source_item(s) for s in source_views(sources, lang)))


def region_details(atlas: Atlas, iso: str, on: date, stats: dict, lang: str) -> None:
    """The region panel (``viewmodel.region_panel``; the HTML export renders the same model)."""
    p = region_panel(atlas, iso, on, stats, lang)
    st.subheader(md_text(p.name))
    st.caption(f"{md_text(p.other_name)} · {p.iso}")
    st.markdown(md_text(p.claim_line))
    st.markdown(md_text(p.control_line))
    if p.claimed:
        st.markdown(f"*{md_text(p.claim_title)}*: {md_text(p.claim_description)}")
        for vote in p.votes:
            st.markdown(md_text(vote.text))
            st.markdown("\n".join(source_item(s) for s in vote.sources))
        st.markdown(f"**{md_text(p.sources_heading)}**\n\n" + "\n".join(source_item(s) for s in p.sources))
    st.markdown(f"**{md_text(p.events_heading)}**")
    if not p.events:
        st.caption(md_text(p.no_events))
    for line in p.events:
        st.markdown(f"- {md_text(line)}")
    st.code(permalink(region=iso), language=None)
    st.caption(t("copy_link", lang))


def event_details(event: Event, lang: str) -> None:
    st.markdown(marker_svg(event.category, 14) + f" &nbsp;{md_text(category_label(event.category, lang))}", unsafe_allow_html=True)
    title, description = event.text(lang)
    st.subheader(md_text(title))
    when = event.date.isoformat() + (", " + t("local_time", lang, t=event.time_local) if event.time_local else "")
    loc = event.location
    st.markdown(f"{md_text(when)} · {md_text(loc.name)} ({md_text(t('precision_' + loc.precision, lang))})")
    st.markdown(md_text(description))
    if event.casualties:
        st.markdown(f"**{md_text(t('casualties', lang))}**")
        # killed and injured first, so a narrow side panel shows them without scrolling; no "None" for a figure
        # a report did not give
        rows = [
            {
                t("reported_at", lang): r.reported_at,
                t("killed", lang): "" if r.killed is None else str(r.killed),
                t("injured", lang): "" if r.injured is None else str(r.injured),
                t("reported_by", lang): r.reported_by,
                t("note", lang): r.note or "",
                t("source", lang): safe_url(r.source.url),
            }
            for r in event.casualties
        ]
        st.dataframe(rows, hide_index=True, column_config={t("source", lang): st.column_config.LinkColumn(t("source", lang))})
    sources_block(event.sources, lang)
    st.caption(md_text(t("coordinates", lang, src=loc.coordinates_source)))
    st.code(permalink(event=event.id, date=event.date.isoformat()), language=None)
    st.caption(t("copy_link", lang))
