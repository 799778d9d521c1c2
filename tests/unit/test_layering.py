"""The layering the design card asks for, enforced: the domain package knows nothing of Streamlit except
conflictmap/ui/, neither the layer builders nor the importers reach into the UI, and the core (what models, loads,
computes and draws the data) does not depend on the importers."""

import ast

import pytest

from conflictmap.paths import PACKAGE_DIR

DOMAIN_FILES = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "ui" not in p.relative_to(PACKAGE_DIR).parts)
# The entry points (cli/, like ui/) and the importers themselves may import the importers; nothing else may.
CORE_FILES = [p for p in DOMAIN_FILES if not {"cli", "importers"} & set(p.relative_to(PACKAGE_DIR).parts)]
# The one importers module the core may use: the atomic writer and its lock (assets.py cleans its temporaries).
SHARED_FROM_IMPORTERS = ("conflictmap.importers.writing",)


def imported_modules(path, package_dir=PACKAGE_DIR) -> set[str]:
    """Every module a file imports, with relative imports resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["conflictmap", *path.relative_to(package_dir).parts[:-1]]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            mod = ".".join([*base, node.module] if node.module else base)
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


def test_the_domain_files_are_found():
    names = {p.name for p in DOMAIN_FILES}
    assert {"catalog.py", "layers.py", "timeline.py", "export.py"} <= names and len(DOMAIN_FILES) > 20


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_domain_code_never_imports_streamlit_or_the_ui(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in ("streamlit", "streamlit_folium") or m.startswith("conflictmap.ui")}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_the_core_never_imports_the_importers(path):
    bad = {m for m in imported_modules(path) if m.startswith("conflictmap.importers")
           and not m.startswith(SHARED_FROM_IMPORTERS)}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_core_files_include_the_layer_builders_and_not_the_cli():
    names = {str(p.relative_to(PACKAGE_DIR)) for p in CORE_FILES}
    assert {"layers.py", "catalog.py", "session.py", "permalink.py"} <= names
    assert not any(n.startswith(("cli/", "importers/")) for n in names)


def test_the_checks_see_relative_and_function_level_imports(tmp_path):
    """A violation spelled as a relative import inside a function is still seen."""
    (tmp_path / "importers").mkdir()
    bad = tmp_path / "importers" / "x.py"
    bad.write_text("def f():\n    from ..ui import state\n    from . import read_events\n    import streamlit as st\n")
    mods = imported_modules(bad, tmp_path)
    assert {"conflictmap.ui.state", "conflictmap.importers.read_events", "streamlit"} <= mods


def test_imports_are_resolved_relative_to_the_package():
    mods = imported_modules(PACKAGE_DIR / "importers" / "common.py")
    assert any(m.startswith("conflictmap.") for m in mods), mods
