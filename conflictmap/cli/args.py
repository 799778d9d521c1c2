"""What every command shares: argument types, JSON output, the two error kinds, reading a user's input file.

The CLI's contract, which other tools read: JSON on stdout unless ``--format`` says otherwise, exit 2 with a usage
message for bad arguments (``UsageError``), exit 1 for bad data or unusable input (``InputError``), and never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

from ..paths import data_paths

STRICT_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
MAX_INPUT_BYTES = 200 * 1024 * 1024


class UsageError(Exception):
    """Raised for argument combinations argparse cannot express; exits 2 like argparse does."""


class InputError(Exception):
    """An input file the user named cannot be used; the message says why."""


def iso_date(text: str) -> date:
    """Exactly YYYY-MM-DD in ASCII digits (``date.fromisoformat`` would also take 20221224, 2022-W52-6 and
    fullwidth digits), a real date."""
    try:
        if not STRICT_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def latitude(text: str) -> float:
    return _coord(text, 90.0, "latitude")


def longitude(text: str) -> float:
    return _coord(text, 180.0, "longitude")


def _coord(text: str, limit: float, what: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not -limit <= v <= limit:
        raise argparse.ArgumentTypeError(f"{what} must be between -{limit:g} and {limit:g}")
    return v


def positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is not a positive number")
    return n


def print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def load(args):
    """The atlas of the data root the command was given (``--data``, else ``$CONFLICTMAP_DATA``, else the repo);
    with ``$CONFLICTMAP_DATABASE_URL`` set and no ``--data``, the database's (docs/database.md)."""
    from ..catalog import load_atlas
    from ..db import database_url

    url = database_url() if args.data is None else None
    if url:
        from ..db.store import load_atlas_db

        return load_atlas_db(url)
    return load_atlas(data_paths(args.data))


def check_date(atlas, flag: str, d) -> None:
    """A date the data covers (``atlas.first_date`` to ``last_date``), else a usage error naming the flag."""
    if not atlas.first_date <= d <= atlas.last_date:
        raise UsageError(f"{flag} {d.isoformat()} is outside the data ({atlas.first_date} to {atlas.last_date})")


def check_region(atlas, iso: str | None) -> None:
    if iso is not None and iso not in atlas.regions_by_iso:
        raise UsageError(f"--region {iso} is not an ISO 3166-2:UA code (see `python -m conflictmap regions`)")


def read_input_text(path: Path, limit: int = MAX_INPUT_BYTES) -> str:
    """A user-named input file's text; refuses (before reading) anything that is not a regular file, such as a
    FIFO (which would block) or /dev/zero (which never ends), and files over ``limit`` bytes."""
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path} is not a regular file (a folder, device, pipe or socket); give a CSV file")
    if st.st_size > limit:
        raise InputError(f"{path} is {st.st_size:,} bytes, over the {limit:,}-byte limit")
    try:
        with path.open("rb") as f:
            return f.read(limit + 1).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
