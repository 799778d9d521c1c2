"""PostgreSQL + PostGIS as the optional shared store of a data root (no Streamlit here).

With ``CONFLICTMAP_DATABASE_URL`` set (or ``--db URL``), the app and the CLI read the atlas from the database
instead of the files, and the events stay in the database: a replica asks for the events of a date window (and
map bounds) instead of holding all of them. Modules:

- ``conn``: the URL in force, connections, the data version (bumped and announced by every write);
- ``schema``: the tables and their indexes (``init``);
- ``files``: a data root ⇄ rows (``db load`` and ``db dump``; byte-stable for the shipped data);
- ``store``: the atlas from the database, with ``EventStore`` for the pushed-down event queries;
- ``writes``: ``import events|control --into postgresql://…`` in one transaction.

docs/database.md describes the schema and the commands.
"""

from .conn import connect, current_version, database_url, is_database_url  # noqa: F401
