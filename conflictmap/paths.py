"""Every path the project uses, defined once.

The data root defaults to the repository, and the environment variable ``CONFLICTMAP_DATA`` points it at
another folder with the same ``geodata/`` and ``events/`` layout (a newsroom's own data, a test fixture).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"  # JavaScript, CSS and HTML the pages and exports render
REPO_DIR = PACKAGE_DIR.parent
DATA_ENV_VAR = "CONFLICTMAP_DATA"
# When set (a postgresql:// URL), the app and the CLI read from PostgreSQL + PostGIS instead (docs/database.md).
DATABASE_ENV_VAR = "CONFLICTMAP_DATABASE_URL"


@dataclass(frozen=True)
class DataPaths:
    """The files of one data root."""

    root: Path

    @property
    def geodata(self) -> Path:
        return self.root / "geodata"

    @property
    def regions(self) -> Path:
        return self.geodata / "regions.geojson"

    @property
    def neighbours(self) -> Path:
        return self.geodata / "neighbours.geojson"

    @property
    def russian_border_regions(self) -> Path:
        """Russia's oblasts on Ukraine's border, where Ukrainian-held ground inside Russia is drawn."""
        return self.geodata / "russia_border_regions.geojson"

    @property
    def held_in_russia(self) -> Path:
        """Built assessments of ground held by Ukrainian forces inside Russia, one GeoJSON per date."""
        return self.geodata / "held_in_russia"

    @property
    def held_in_russia_src(self) -> Path:
        """Authored outlines (named places) from which the held-in-Russia assessments are built."""
        return self.geodata / "held_in_russia" / "src"

    @property
    def claims(self) -> Path:
        return self.geodata / "claims.json"

    @property
    def control(self) -> Path:
        """Built control snapshots, one GeoJSON per assessment date."""
        return self.geodata / "control"

    @property
    def control_src(self) -> Path:
        """Authored front lines (named settlements) from which the snapshots are built."""
        return self.geodata / "control" / "src"

    @property
    def events(self) -> Path:
        return self.root / "events"

    @property
    def stories(self) -> Path:
        return self.root / "stories"


def data_root() -> Path:
    """The data root in force: ``$CONFLICTMAP_DATA`` if set, else the repository."""
    env = os.environ.get(DATA_ENV_VAR, "").strip()
    return Path(env).expanduser().resolve() if env else REPO_DIR


def data_paths(root: Path | None = None) -> DataPaths:
    return DataPaths(Path(root) if root is not None else data_root())


STATIC_DIR = REPO_DIR / "static"
DOCS_DIR = REPO_DIR / "docs"
