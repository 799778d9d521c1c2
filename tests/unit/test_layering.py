"""The layering the design card asks for, enforced: the domain package knows nothing of Streamlit except
conflictmap/ui/, and neither the layer builders nor the importers reach into the UI."""

import ast

import pytest

from conflictmap.paths import PACKAGE_DIR

DOMAIN_FILES = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "ui" not in p.relative_to(PACKAGE_DIR).parts)


def imported_modules(path) -> set[str]:
    """Every module a file imports, with relative imports resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["conflictmap", *path.relative_to(PACKAGE_DIR).parts[:-1]]
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


def test_imports_are_resolved_relative_to_the_package():
    mods = imported_modules(PACKAGE_DIR / "importers" / "common.py")
    assert any(m.startswith("conflictmap.") for m in mods), mods
