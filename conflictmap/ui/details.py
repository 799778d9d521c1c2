"""Details panels for a clicked region or event, rendered by Streamlit (escaped markdown), not inside the map."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..catalog import Atlas
from ..i18n import fmt_int, fmt_num, t
from ..layers import category_label, marker_svg
from ..model import Event, Source
from ..text import md_link, md_text, safe_url
from ..timeline import claim_for_region, region_events
from .state import permalink


def source_item(s: Source) -> str:
    return f"- {md_text(s.publisher)}: {md_link(s.title, s.url)} ({s.published.isoformat()})"


def sources_block(sources, lang: str, heading: str | None = None) -> None:
    st.markdown(f"**{md_text(heading or t('sources', lang))}**\n\n" + "\n".join(source_item(s) for s in sources))


def region_details(atlas: Atlas, iso: str, on: date, stats: dict, lang: str) -> None:
    r = atlas.regions_by_iso[iso]
    st.subheader(md_text(r.name if lang != "uk" else r.name_uk))
    st.caption(f"{md_text(r.name_uk if lang != 'uk' else r.name)} · {iso}")
    claim = claim_for_region(atlas, iso, on)
    row = next(x for x in stats["regions"] if x["iso"] == iso)
    st.markdown(md_text(t("claimed_since", lang, d=claim.claimed_since.isoformat()) if claim else t("not_claimed", lang)))
    st.markdown(md_text(t("controlled_share", lang, pct=fmt_num(row["controlled_pct"], lang, 1), km2=fmt_int(row["controlled_km2"], lang))))
    if claim:
        st.markdown(f"*{md_text(claim.title)}*: {md_text(claim.description)}")
        for vote in claim.rejected_by:
            st.markdown(
                f"{md_text(t('rejected_by', lang))}: {md_text(vote['body'])} {md_text(vote['resolution'])} "
                f"({vote['date']}): {vote['in_favour']}–{vote['against']}, {t('abstentions', lang, n=vote['abstentions'])}"
            )
            st.markdown("\n".join(source_item(_src(s)) for s in vote["sources"]))
        sources_block(claim.sources, lang)
    st.markdown(f"**{md_text(t('events_in_region', lang))}**")
    evs = region_events(atlas.events, iso, on, last=30)
    if not evs:
        st.caption(t("no_events", lang))
    for e in reversed(evs[-30:]):
        st.markdown(f"- {e.date.isoformat()} · {md_text(e.text(lang)[0])}")
    st.code(permalink(region=iso), language=None)
    st.caption(t("copy_link", lang))


def _src(d: dict) -> Source:
    return Source(d["publisher"], d["title"], d["url"], date.fromisoformat(d["published"]))


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
