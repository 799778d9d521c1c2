"""JSON Schemas of the data files. Every object forbids unknown fields, so a typo is an error, not a silent loss.

docs/data.md documents the same fields for people; tests check the two agree on the field names.
"""

from __future__ import annotations

from .model import CONFIDENCE_LEVELS, EVENT_CATEGORIES, LAYER_KEYS, LOCATION_PRECISIONS

DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": "string", "minLength": 1}
ISO_REGION = {"type": "string", "pattern": r"^UA-\d{2}$"}

SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["publisher", "title", "url", "published"],
    "properties": {"publisher": TEXT, "title": TEXT, "url": TEXT, "published": DATE},
}
SOURCES = {"type": "array", "minItems": 1, "items": SOURCE}

CASUALTY_REPORT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["reported_by", "reported_at", "killed", "injured", "source"],
    "properties": {
        "reported_by": TEXT,
        "reported_at": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"},
        "killed": {"type": ["integer", "null"], "minimum": 0},
        "injured": {"type": ["integer", "null"], "minimum": 0},
        "note": {"type": ["string", "null"]},
        "source": SOURCE,
    },
}

LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "lat", "lon", "precision", "region", "country", "coordinates_source"],
    "properties": {
        "name": TEXT,
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "precision": {"enum": list(LOCATION_PRECISIONS)},
        "region": {"anyOf": [ISO_REGION, {"type": "null"}]},
        "country": {"type": "string", "pattern": r"^[A-Z]{2}$"},
        "coordinates_source": TEXT,
    },
}

EVENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "date", "title", "category", "location", "description", "casualties", "sources"],
    "properties": {
        "id": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*$"},
        "date": DATE,
        "time_local": {"anyOf": [{"type": "string", "pattern": r"^\d{2}:\d{2}$"}, {"type": "null"}]},
        "title": TEXT,
        "category": {"enum": list(EVENT_CATEGORIES)},
        "location": LOCATION,
        "description": TEXT,
        "casualties": {"type": "array", "items": CASUALTY_REPORT},
        "sources": SOURCES,
        # Ukrainian text: required in every events file except the importer's own events/imported-*.json (see
        # catalog.UK_EVENT_FIELDS); an event without it shows the English text in Ukrainian.
        "title_uk": TEXT,
        "description_uk": TEXT,
    },
}

EVENTS_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["events"],
    "properties": {"events": {"type": "array", "items": EVENT}},
}

UN_VOTE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["body", "resolution", "date", "in_favour", "against", "abstentions", "sources"],
    "properties": {
        "body": TEXT,
        "resolution": TEXT,
        "title": TEXT,
        "date": DATE,
        "in_favour": {"type": "integer", "minimum": 0},
        "against": {"type": "integer", "minimum": 0},
        "abstentions": {"type": "integer", "minimum": 0},
        "non_voting": {"type": ["integer", "null"], "minimum": 0},
        "sources": SOURCES,
    },
}

CLAIM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "regions", "claimed_since", "title", "description", "sources"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
        "regions": {"type": "array", "minItems": 1, "items": ISO_REGION},
        "claimed_since": DATE,
        "ratified": {"anyOf": [DATE, {"type": "null"}]},
        "title": TEXT,
        "description": TEXT,
        "rejected_by": {"type": "array", "items": UN_VOTE},
        "sources": SOURCES,
    },
}

CLAIMS_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["claims"],
    "properties": {"claims": {"type": "array", "items": CLAIM}},
}

PUBLISHED_FIGURE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["as_of", "source"],
    "properties": {
        "as_of": DATE,
        "area_km2": {"type": ["number", "null"], "minimum": 0},
        "share_pct": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
        "note": {"type": ["string", "null"]},
        "source": SOURCE,
    },
}

_SNAPSHOT_META = {
    "as_of": DATE,
    "label": TEXT,
    "label_uk": TEXT,  # Ukrainian text; required in shipped assessments by the loader, optional in a user's import
    "method": TEXT,
    "confidence": {"enum": list(CONFIDENCE_LEVELS)},
    "confidence_note": TEXT,
    "approximate": {"type": "boolean"},
    "approximation_note": {"type": "string"},
    "approximation_note_uk": {"type": "string"},
    "published_figures": {"type": "array", "items": PUBLISHED_FIGURE},
    "sources": SOURCES,
}
_SNAPSHOT_REQUIRED = ["as_of", "label", "method", "confidence", "confidence_note", "approximate", "sources"]

OUTLINE_POINT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["place"],
    "properties": {
        "place": TEXT,
        "geonameid": {"type": "integer"},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "note": {"type": "string"},
    },
}
OUTLINE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "outline"],
    "properties": {"name": TEXT, "outline": {"type": "array", "minItems": 3, "items": OUTLINE_POINT}},
}
ANCHOR = OUTLINE_POINT  # a named place (GeoNames id, or lat/lon with a note) that must lie on the stated side

CONTROL_SOURCE_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": _SNAPSHOT_REQUIRED + ["areas"],
    "properties": {
        **_SNAPSHOT_META,
        "include_regions": {"type": "array", "items": ISO_REGION},
        "areas": {"type": "array", "items": OUTLINE},
        "exclude_areas": {"type": "array", "items": OUTLINE},
        "anchors": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "controlled": {"type": "array", "items": ANCHOR},
                "not_controlled": {"type": "array", "items": ANCHOR},
            },
        },
    },
}

CONTROL_PROPERTIES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"] + _SNAPSHOT_REQUIRED,
    "properties": {**_SNAPSHOT_META, "id": TEXT, "built_from": TEXT, "provider": TEXT},
}

REGION_PROPERTIES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["iso", "name", "name_uk", "kind", "area_km2_official"],
    "properties": {
        "iso": ISO_REGION,
        "name": TEXT,
        "name_uk": TEXT,
        "kind": {"enum": ["oblast", "autonomous_republic", "city_with_special_status"]},
        "area_km2_official": {"type": "integer", "minimum": 1},
    },
}


STORY_STEP = {
    "type": "object",
    "additionalProperties": False,
    "required": ["date", "title", "title_uk", "caption", "caption_uk", "center", "zoom", "sources"],
    "properties": {
        "date": DATE,
        "title": TEXT,
        "title_uk": TEXT,
        "caption": TEXT,
        "caption_uk": TEXT,
        "center": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}},
        "zoom": {"type": "number", "minimum": 3, "maximum": 13},
        "layers": {"type": "array", "items": {"enum": list(LAYER_KEYS)}},
        "window": {"enum": ["7", "30", "90", "365", "all"]},
        "region": {"anyOf": [ISO_REGION, {"type": "null"}]},
        "event": {"anyOf": [TEXT, {"type": "null"}]},
        "sources": SOURCES,
    },
}

STORY_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "title_uk", "language", "steps"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
        "title": TEXT,
        "title_uk": TEXT,
        "language": {"enum": ["en", "uk"]},
        "description": {"type": "string"},
        "description_uk": {"type": "string"},
        "steps": {"type": "array", "minItems": 1, "items": STORY_STEP},
    },
}
