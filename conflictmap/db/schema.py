"""The tables: one per kind of data, geometry as PostGIS ``geometry(…, 4326)`` with GiST indexes, dates with btree.

Every item keeps its record as a ``json`` document (the ``json`` type keeps the text, so the key order and the
numbers come back exactly as written; ``jsonb`` would reorder keys) next to the columns that queries use (dates,
region, category, geometry). A feature's document holds ``"geometry": null``: its geometry is the PostGIS column.
``data_files`` remembers each file's place in the data root and how it was laid out, so ``db dump`` writes the
files back byte for byte. ``data_version`` is bumped (and NOTIFYed) by every write in the same transaction.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES = ("events", "stories", "authored_sources", "snapshots", "claims", "neighbours", "russian_regions", "regions", "data_files")

DDL = """
create extension if not exists postgis;

create table if not exists data_version (
    only_row boolean primary key default true check (only_row),
    version bigint not null default 0,
    changed_at timestamptz,
    change text,
    schema_version int not null
);
insert into data_version (schema_version) values ({schema}) on conflict do nothing;

create table if not exists data_files (
    path text primary key,          -- relative to the data root, e.g. events/2023.json
    kind text not null,             -- regions, neighbours, russian_regions, claims, control, held_in_russia,
                                    -- control_src, held_in_russia_src, events, stories
    layout text not null,           -- how the text is written: geojson, indent2, compact (see files.py)
    head json                       -- a GeoJSON file's metadata object, or null
);

create table if not exists regions (
    iso text primary key,
    path text not null references data_files on delete cascade,
    position int not null,
    feature json not null,
    geom geometry(Geometry, 4326) not null
);
create index if not exists regions_geom on regions using gist (geom);

create table if not exists russian_regions (
    iso text primary key,
    path text not null references data_files on delete cascade,
    position int not null,
    feature json not null,
    geom geometry(Geometry, 4326) not null
);
create index if not exists russian_regions_geom on russian_regions using gist (geom);

create table if not exists neighbours (
    path text not null references data_files on delete cascade,
    position int not null,
    feature json not null,
    geom geometry(Geometry, 4326),
    primary key (path, position)
);
create index if not exists neighbours_geom on neighbours using gist (geom);

create table if not exists claims (
    id text primary key,
    path text not null references data_files on delete cascade,
    position int not null,
    claimed_since date not null,
    regions text[] not null,
    doc json not null
);

create table if not exists snapshots (
    layer text not null check (layer in ('control', 'held_in_russia')),
    as_of date not null,
    path text not null unique references data_files on delete cascade,
    provider text not null,
    feature json not null,
    geom geometry(Geometry, 4326) not null,
    primary key (layer, as_of)
);
create index if not exists snapshots_geom on snapshots using gist (geom);

create table if not exists authored_sources (
    path text primary key references data_files on delete cascade,
    layer text not null,
    as_of date not null,
    doc json not null
);

create table if not exists events (
    id text primary key,
    path text not null references data_files on delete cascade,
    position int not null,
    date date not null,
    time_local text,
    category text not null,
    region text,
    geom geometry(Point, 4326) not null,
    doc json not null               -- the whole event: text, location, sources and casualty reports
);
create index if not exists events_date on events (date);
create index if not exists events_geom on events using gist (geom);
create index if not exists events_file on events (path, position);
create index if not exists events_category_date on events (category, date);
create index if not exists events_region_date on events (region, date);

create table if not exists stories (
    id text primary key,
    path text not null unique references data_files on delete cascade,
    doc json not null
);
"""


def init(conn) -> None:
    """Create the extension, the tables and the indexes (idempotent)."""
    conn.execute(DDL.format(schema=SCHEMA_VERSION))


def is_initialised(conn) -> bool:
    return conn.execute("select to_regclass('data_version') is not null").fetchone()[0]
