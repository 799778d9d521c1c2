"""The documentation names what the code has, and nothing it lacks (as datasette's tests/test_docs.py does for its
settings): the event categories and the other closed lists of docs/data.md, every CLI command and subcommand (in
the README or docs/), the options and --format choices the docs show, and the import formats."""

from __future__ import annotations

import argparse
import re

import pytest

from conflictmap.cli import build_parser
from conflictmap.model import EVENT_CATEGORIES, LOCATION_PRECISIONS
from conflictmap.paths import REPO_DIR
from conflictmap.timeline import WINDOWS

README = (REPO_DIR / "README.md").read_text(encoding="utf-8")
DOCS = {p.relative_to(REPO_DIR).as_posix(): p.read_text(encoding="utf-8")
        for p in [REPO_DIR / "README.md", REPO_DIR / "CONTRIBUTING.md", *sorted((REPO_DIR / "docs").glob("*.md"))]}
DATA_MD = DOCS["docs/data.md"]
# `python -m conflictmap WORDS`: up to the end of a code span, a comment or the line
INVOCATION = re.compile(r"python -m conflictmap ([^`#\n]*)")


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def commands() -> dict[str, argparse.ArgumentParser]:
    """Every command path the CLI accepts ("validate", "import events", "export gif", …) and its parser."""
    out = {}
    for name, p in subparsers(build_parser()).items():
        subs = subparsers(p)
        out.update({f"{name} {s}": sp for s, sp in subs.items()} if subs else {name: p})
    return out


def documented_list(text: str, field: str) -> list[str]:
    """The backticked values of a ``- `field`: `a`, `b`, …;`` bullet of docs/data.md."""
    m = re.search(rf"^- `{field}`: (.*?)(?=^- |\Z)", text, re.M | re.S)
    assert m, f"docs/data.md has no bullet for `{field}`"
    return re.findall(r"`([^`]+)`", m.group(1).split(";")[0])


def invocations() -> list[tuple[str, str, list[str]]]:
    """(file, command path, words after it) for every ``python -m conflictmap …`` in the docs."""
    known = commands()
    groups = {c.split()[0] for c in known}
    out = []
    for name, text in DOCS.items():
        for m in INVOCATION.finditer(text):
            words = m.group(1).split()
            if not words or words[0] not in groups and not words[0].startswith("-"):
                out.append((name, words[0] if words else "", words))
                continue
            if words[0].startswith("-"):
                continue  # global options (--data) before the command
            path = " ".join(words[:2]) if " ".join(words[:2]) in known else words[0]
            out.append((name, path, words[len(path.split()):]))
    return out


def test_event_categories_in_docs_are_the_models():
    assert documented_list(DATA_MD, "category") == list(EVENT_CATEGORIES)


def test_location_precisions_in_docs_are_the_models():
    location = documented_list(DATA_MD, "location")
    assert location[location.index("precision") + 1: location.index("precision") + 1 + len(LOCATION_PRECISIONS)] == list(LOCATION_PRECISIONS)


def test_story_windows_in_docs_are_the_timelines():
    m = re.search(r"`window` \(([^)]*)\)", DATA_MD)
    assert m and re.findall(r"`([^`]+)`", m.group(1)) == list(WINDOWS)


def test_the_cli_is_found():
    names = set(commands())
    assert {"validate", "stats", "events", "import events", "import control", "export view", "export gif"} <= names


@pytest.mark.parametrize("path", sorted(commands()))
def test_every_command_is_in_the_docs(path):
    """Shown in the README's command list, or in the docs/ page of its feature (``db …`` in docs/database.md)."""
    shown = [name for name, text in DOCS.items() if re.search(rf"python -m conflictmap {re.escape(path)}\b", text)]
    assert shown, f"no document shows `python -m conflictmap {path}`"


def test_every_command_the_docs_show_exists_with_the_options_shown():
    known = commands()
    groups = {c.split()[0] for c in known}
    problems = []
    for name, path, rest in invocations():
        if path not in known:
            if path not in groups and path not in ("…", "...", ""):  # `import …` names the group
                problems.append(f"{name}: `python -m conflictmap {path}` is not a command")
            continue
        options = {s for a in known[path]._actions for s in a.option_strings}
        problems += [f"{name}: `{path}` has no option {w}" for w in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", " ".join(rest))
                     if w not in options]
    assert not problems, problems


@pytest.mark.parametrize("path", sorted(p for p, parser in commands().items()
                                        if any(a.dest == "format" and a.choices for a in parser._actions)))
def test_every_format_choice_is_on_the_commands_readme_lines(path):
    """A choice of ``--format`` is shown on a README line of that command (``# json | csv | geojson``)."""
    choices = next(a.choices for a in commands()[path]._actions if a.dest == "format")
    lines = " ".join(line for line in README.splitlines() if re.search(rf"python -m conflictmap {re.escape(path)}\b", line))
    missing = [c for c in choices if not re.search(rf"\b{re.escape(c)}\b", lines)]
    assert not missing, f"README.md shows `{path}` without --format {missing}"


def test_import_formats_in_docs_match_the_code():
    """With the importer registry, docs/importers.md names each of its formats and the CLI offers its event formats;
    without it, the README names the CLI's formats and the control suffixes the importer reads."""
    import importlib

    events_choices = next(a.choices for a in commands()["import events"]._actions if a.dest == "format")
    try:
        registry = importlib.import_module("conflictmap.importers.registry")
    except ModuleNotFoundError:
        registry = None
    if registry is not None:
        text = DOCS.get("docs/importers.md")
        assert text, "the importer registry has no docs/importers.md"
        formats = registry.FORMATS
        missing = [f.name for f in formats if f"`{f.name}`" not in text]
        assert not missing, f"docs/importers.md does not name {missing}"
        assert set(events_choices) == {f.name for f in formats if f.read_events is not None}
        return
    from conflictmap.importers import CONTROL_SUFFIXES, EVENT_FORMATS

    assert set(events_choices) == set(EVENT_FORMATS)
    readme = README.lower()
    assert all(s.lstrip(".") in readme for s in CONTROL_SUFFIXES), CONTROL_SUFFIXES
