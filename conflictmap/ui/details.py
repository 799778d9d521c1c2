"""Details panels for a clicked region or event, rendered by Streamlit (escaped markdown), not inside the map."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..catalog import Atlas
from ..i18n import t
from ..layers import marker_svg
from ..model import Event
from ..text import md_link, md_text
from ..viewmodel import SourceView, event_panel, region_panel, source_views
from .state import permalink


def source_link(s: SourceView, label: str) -> str:
    """``label`` linked to the source in markdown when its URL is http(s), else with the reason it is withheld."""
    return md_link(label, s.url) if s.url else f"{md_text(label)} ({md_text(s.withheld)})"


def source_item(s: SourceView) -> str:
    """One source as a markdown list item."""
    return f"- {md_text(s.publisher)}: {source_link(s, s.title)} ({s.published})"


def source_items(sources, lang: str) -> str:
    """Sources (``model.Source``) as a markdown list, each link checked (``viewmodel.source_view``)."""
    return "\n".join(source_item(s) for s in source_views(sources, lang))


def sources_block(sources, lang: str, heading: str | None = None) -> None:
    st.markdown(f"**{md_text(heading or t('sources', lang))}**\n\n" + source_items(sources, lang))


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
    """The event panel (``viewmodel.event_panel``; the HTML export renders the same model)."""
    p = event_panel(event, lang)
    st.markdown(marker_svg(p.category, 14) + f" &nbsp;{md_text(p.category_label)}", unsafe_allow_html=True)
    st.subheader(md_text(p.title))
    st.markdown(f"{md_text(p.when)} · {md_text(p.place)} ({md_text(p.precision)})")
    st.markdown(md_text(p.description))
    if p.casualties:
        st.markdown(f"**{md_text(p.casualties_heading)}**")
        # killed and injured first, so a narrow side panel shows them without scrolling; no "None" for a figure
        # a report did not give
        cols = p.casualty_columns
        rows = [dict(zip(cols, (r.reported_at, r.killed, r.injured, r.reported_by, r.note, r.source.url), strict=True))
                for r in p.casualties]
        st.dataframe(rows, hide_index=True, column_config={cols[-1]: st.column_config.LinkColumn(cols[-1])})
    st.markdown(f"**{md_text(p.sources_heading)}**\n\n" + "\n".join(source_item(s) for s in p.sources))
    st.caption(md_text(p.coordinates))
    st.code(permalink(event=event.id, date=event.date.isoformat()), language=None)
    st.caption(t("copy_link", lang))
