"""The data model: frozen dataclasses, so loaded data cannot be changed by accident anywhere in the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LAYER_KEYS = ("claimed", "controlled", "claimed_not_controlled", "changes", "events")
"""The map's layers, in drawing order (the one definition: the sidebar, the URL, stories and exports use it)."""
DEFAULT_LAYERS = ("claimed", "controlled", "claimed_not_controlled", "events")
"""Shown unless a link or a story says otherwise; "changes" (since the previous assessment) is on in presentations."""

EVENT_CATEGORIES = (
    "strike_on_civilians",
    "civilian_harm",
    "military_strike",
    "battle",
    "capture",
    "liberation",
    "annexation_act",
    "diplomacy",
    "infrastructure",
    "humanitarian",
)
LOCATION_PRECISIONS = ("exact", "settlement", "region", "country")
CONFIDENCE_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: publisher, title, publication date and URL."""

    publisher: str
    title: str
    url: str
    published: date

    def to_dict(self) -> dict:
        return {"publisher": self.publisher, "title": self.title, "url": self.url, "published": self.published.isoformat()}


@dataclass(frozen=True)
class Vote:
    """A vote that rejected a claim (e.g. a UN General Assembly resolution), with its tally and sources."""

    body: str
    resolution: str
    date: date
    in_favour: int
    against: int
    abstentions: int
    sources: tuple[Source, ...]
    title: str = ""
    non_voting: int | None = None


@dataclass(frozen=True)
class Region:
    """A first-level unit of Ukraine within its internationally recognised borders."""

    iso: str
    name: str
    name_uk: str
    kind: str
    area_km2_official: int
    geometry: object = field(repr=False, compare=False)
    area_km2: float = 0.0


@dataclass(frozen=True)
class RussianRegion:
    """One of Russia's oblasts on Ukraine's border, where Ukrainian-held ground inside Russia is drawn."""

    iso: str
    name: str
    name_uk: str
    geometry: object = field(repr=False, compare=False)


@dataclass(frozen=True)
class Claim:
    """Russia's claim to annex whole units, dated by the act that made it."""

    id: str
    regions: tuple[str, ...]
    claimed_since: date
    ratified: date | None
    title: str
    description: str
    rejected_by: tuple[Vote, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class PublishedFigure:
    as_of: date
    area_km2: float | None
    share_pct: float | None
    note: str
    source: Source


@dataclass(frozen=True)
class ControlSnapshot:
    """An assessment of the territory under Russian military control on one date, by named sources."""

    id: str
    as_of: date
    label: str
    method: str
    confidence: str
    confidence_note: str
    approximate: bool
    approximation_note: str
    sources: tuple[Source, ...]
    geometry: object = field(repr=False, compare=False)
    published_figures: tuple[PublishedFigure, ...] = ()
    provider: str = "shipped"
    label_uk: str = ""  # Ukrainian text; empty for a user's imported layer without it (text() falls back to English)
    approximation_note_uk: str = ""

    def text(self, lang: str = "en") -> tuple[str, str]:
        """(label, approximation note) in ``lang``: the Ukrainian text for "uk", else (or where there is none) the English."""
        return localized(self, lang, "label", "approximation_note")


@dataclass(frozen=True)
class CasualtyReport:
    """One report of casualties: who said it, when, and where it was published. Reports are never merged."""

    reported_by: str
    reported_at: str
    killed: int | None
    injured: int | None
    note: str | None
    source: Source


@dataclass(frozen=True)
class Location:
    name: str
    lat: float
    lon: float
    precision: str
    region: str | None
    country: str
    coordinates_source: str


@dataclass(frozen=True)
class Event:
    id: str
    date: date
    time_local: str | None
    title: str
    category: str
    location: Location
    description: str
    casualties: tuple[CasualtyReport, ...]
    sources: tuple[Source, ...]
    provider: str = "shipped"
    title_uk: str = ""  # Ukrainian text; empty for a user's imported event without it (text() falls back to English)
    description_uk: str = ""

    def text(self, lang: str = "en") -> tuple[str, str]:
        """(title, description) in ``lang``: the Ukrainian text for "uk", else (or where there is none) the English."""
        return localized(self, lang, "title", "description")

    @property
    def latest_killed(self) -> int | None:
        """The most recent report that gives a death toll (reports are kept in the order they were made)."""
        figures = [r for r in self.casualties if r.killed is not None]
        return max(figures, key=lambda r: r.reported_at).killed if figures else None


@dataclass(frozen=True)
class StoryStep:
    """One step of a classroom story: a date, a map view, the layers to show, a caption and its sources."""

    date: date
    title: str
    caption: str
    center: tuple[float, float]
    zoom: float
    layers: tuple[str, ...]
    window: str
    region: str | None
    event: str | None
    sources: tuple[Source, ...]
    title_uk: str = ""
    caption_uk: str = ""

    def text(self, lang: str = "en") -> tuple[str, str]:
        """(title, caption) in ``lang``."""
        return localized(self, lang, "title", "caption")


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    language: str
    description: str
    steps: tuple[StoryStep, ...]
    title_uk: str = ""
    description_uk: str = ""

    def text(self, lang: str = "en") -> tuple[str, str]:
        """(title, description) in ``lang``."""
        return localized(self, lang, "title", "description")


def localized(item, lang: str, *fields: str) -> tuple[str, ...]:
    """The ``fields`` of ``item`` in ``lang``: ``<field>_uk`` for Ukrainian when it is non-empty, else ``<field>``.

    The one place that decides which language of an event's, a story's or an assessment's text is shown (UI, map,
    exports)."""
    if lang == "uk":
        return tuple(getattr(item, f + "_uk", "") or getattr(item, f) for f in fields)
    return tuple(getattr(item, f) for f in fields)
