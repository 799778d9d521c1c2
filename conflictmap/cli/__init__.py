"""Command-line interface: ``python -m conflictmap <command>``, one module per command group.

- ``data``: validate, regions, status, stats, events (read-only)
- ``build``: build-regions, build-control (maintainers)
- ``imports``: import events | control
- ``exports``: export view | timelapse | png | gif
- ``db``: db init | load | dump | status (PostgreSQL + PostGIS, docs/database.md)

``args`` holds what they share (argument types, JSON output, the error kinds); the contract is in its docstring.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build, data, db, exports, imports
from .args import InputError, UsageError, print_json

COMMAND_GROUPS = (data, build, imports, exports, db)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m conflictmap", description="Ukraine conflict map data tools.")
    p.add_argument("--data", type=Path, default=None, help="data root (default: $CONFLICTMAP_DATA or the repository)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from ..catalog import DataError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print_json({"error": "the data has problems; run `python -m conflictmap validate`", "problems": [p.to_dict() for p in exc.problems]})
        return 1
    except InputError as exc:
        print_json({"error": str(exc)})
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: never a traceback, and one line
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        explain = getattr(args, "explain_error", None)
        print_json({"error": explain(args, message) if explain else message})
        return 1
