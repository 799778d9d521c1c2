"""Commands added by later features (exports, imports) register here, keeping cli.py's core contract short."""

from __future__ import annotations


def add_commands(sub) -> None:
    """Register extra sub-commands on the CLI's subparsers."""
