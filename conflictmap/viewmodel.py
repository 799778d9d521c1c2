"""View models: what the "as of" line and the region panel say, as plain data, for every renderer.

The app (``ui/mappage.py``, ``ui/details.py``) renders these with Streamlit markdown and the HTML export renders them
with its Jinja template; neither decides what to say. Strings come out already localised and URLs already checked
(``text.safe_url``: a non-http(s) link is ``None``, with the reason it is withheld in ``withheld``); they are NOT
escaped, because each renderer escapes for its own medium (``text.md_text``, Jinja's autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import timeline
from .catalog import Atlas
from .i18n import category_label, fmt_int, fmt_num, t
from .model import Event, Source
from .text import safe_url

REGION_EVENTS_SHOWN = 30
"""The region panel lists this many of the region's latest events (newest first)."""


@dataclass(frozen=True)
class SourceView:
    """One source, ready to show: ``url`` is an http(s) link or None; ``withheld`` says why there is no link."""

    publisher: str
    title: str
    url: str | None
    published: str
    withheld: str = ""


def source_view(s: Source, lang: str = "en") -> SourceView:
    url = safe_url(s.url)
    return SourceView(s.publisher, s.title, url, s.published.isoformat(), "" if url else t("export_link_withheld", lang))


def source_views(sources, lang: str = "en") -> tuple[SourceView, ...]:
    return tuple(source_view(s, lang) for s in sources)


@dataclass(frozen=True)
class AsOfView:
    """The "as of" line: which assessment is shown, how old it is, its approximation note, the last assessed date.

    ``old`` is true when there is no assessment, when the date lies after the last one, or when the assessment is
    older than ``timeline.OLD_ASSESSMENT_DAYS``; renderers warn then. ``after_last`` marks "the latest assessment,
    N days before today", which the app stresses."""

    text: str
    note: str
    last: str
    old: bool
    after_last: bool
    days: int | None
    assessed: bool
    label: str = ""
    as_of: str = ""
    sources: tuple[SourceView, ...] = ()


def as_of_view(atlas: Atlas, on: date, lang: str = "en") -> AsOfView:
    """The "as of" line for ``on`` in ``lang`` (the app's line and expander, and the HTML export, show this)."""
    snap, days, after_last = timeline.assessment_age(atlas, on)
    last = t("as_of_last", lang, d=atlas.last_assessed.isoformat()) if atlas.last_assessed else ""
    if snap is None:
        return AsOfView(t("as_of_none", lang), "", last, old=True, after_last=False, days=None, assessed=False)
    if after_last:
        age = t("as_of_age_today", lang, days=days)
        last = t("as_of_latest", lang, d=snap.as_of.isoformat(), days=days)
    else:
        age = t("as_of_same_day", lang) if days == 0 else t("as_of_age", lang, days=days)
    label, note = snap.text(lang)
    return AsOfView(
        text=t("as_of", lang, as_of=snap.as_of.isoformat(), age=age, label=label),
        note=note or snap.confidence_note,
        last=last,
        old=after_last or days > timeline.OLD_ASSESSMENT_DAYS,
        after_last=after_last,
        days=days,
        assessed=True,
        label=label,
        as_of=snap.as_of.isoformat(),
        sources=source_views(snap.sources, lang),
    )


@dataclass(frozen=True)
class VoteView:
    """A vote that rejected the claim, as one line, with its sources."""

    text: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True)
class RegionPanel:
    """The details of one region on one date: names, claim, control share, votes, sources and its events."""

    iso: str
    name: str
    other_name: str
    claimed: bool
    claim_line: str
    control_line: str
    claim_title: str
    claim_description: str
    votes: tuple[VoteView, ...]
    sources_heading: str
    sources: tuple[SourceView, ...]
    events_heading: str
    events: tuple[str, ...]
    no_events: str


def region_panel(atlas: Atlas, iso: str, on: date, stats: dict, lang: str = "en") -> RegionPanel:
    """The region panel for ``iso`` on ``on``; ``stats`` is ``stats.stats_for(atlas, on)`` (the caller has it)."""
    r = atlas.regions_by_iso[iso]
    name, other = (r.name_uk, r.name) if lang == "uk" else (r.name, r.name_uk)
    row = next(x for x in stats["regions"] if x["iso"] == iso)
    claim = timeline.claim_for_region(atlas, iso, on)
    control_line = t("controlled_share", lang, pct=fmt_num(row["controlled_pct"], lang, 1), km2=fmt_int(row["controlled_km2"], lang))
    votes = tuple(
        VoteView(
            f"{t('rejected_by', lang)}: {v.body} {v.resolution} ({v.date.isoformat()}): {v.in_favour}–{v.against}, "
            f"{t('abstentions', lang, n=v.abstentions)}",
            source_views(v.sources, lang),
        )
        for v in (claim.rejected_by if claim else ())
    )
    events = timeline.region_events(atlas.events, iso, on, last=REGION_EVENTS_SHOWN)
    return RegionPanel(
        iso=iso,
        name=name,
        other_name=other,
        claimed=claim is not None,
        claim_line=t("claimed_since", lang, d=claim.claimed_since.isoformat()) if claim else t("not_claimed", lang),
        control_line=control_line,
        claim_title=claim.title if claim else "",
        claim_description=claim.description if claim else "",
        votes=votes,
        sources_heading=t("sources", lang),
        sources=source_views(claim.sources, lang) if claim else (),
        events_heading=t("events_in_region", lang),
        events=tuple(f"{e.date.isoformat()} · {e.text(lang)[0]}" for e in reversed(events[-REGION_EVENTS_SHOWN:])),
        no_events=t("no_events", lang),
    )


@dataclass(frozen=True)
class CasualtyView:
    """One casualty report as shown: figures as text ("" where the report gave none), its source link checked."""

    reported_at: str
    killed: str
    injured: str
    reported_by: str
    note: str
    source: SourceView


@dataclass(frozen=True)
class EventPanel:
    """The details of one event: category, title, when and where, text, every casualty report, sources."""

    id: str
    category: str
    category_label: str
    title: str
    description: str
    when: str
    place: str
    precision: str
    casualties_heading: str
    casualty_columns: tuple[str, ...]
    casualties: tuple[CasualtyView, ...]
    sources_heading: str
    sources: tuple[SourceView, ...]
    coordinates: str


def event_panel(event: Event, lang: str = "en") -> EventPanel:
    """The event panel in ``lang`` (the app's side panel and the HTML export's selected event show this)."""
    title, description = event.text(lang)
    when = event.date.isoformat() + (", " + t("local_time", lang, t=event.time_local) if event.time_local else "")
    loc = event.location
    return EventPanel(
        id=event.id,
        category=event.category,
        category_label=category_label(event.category, lang),
        title=title,
        description=description,
        when=when,
        place=loc.name,
        precision=t("precision_" + loc.precision, lang),
        casualties_heading=t("casualties", lang),
        casualty_columns=tuple(t(k, lang) for k in ("reported_at", "killed", "injured", "reported_by", "note", "source")),
        casualties=tuple(
            CasualtyView(r.reported_at, "" if r.killed is None else str(r.killed), "" if r.injured is None else str(r.injured),
                         r.reported_by, r.note or "", source_view(r.source, lang))
            for r in event.casualties
        ),
        sources_heading=t("sources", lang),
        sources=source_views(event.sources, lang),
        coordinates=t("coordinates", lang, src=loc.coordinates_source),
    )
