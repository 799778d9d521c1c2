"""Writing imports into a data root: one import at a time, checked by the loader itself, all files or none.

* ``import_lock(root)`` serialises imports per data root with an ``fcntl`` lock on ``<root>/.import.lock``; a
  second import waits (up to ``$CONFLICTMAP_LOCK_TIMEOUT`` seconds, default 120) and then fails with a clear
  message. The "file exists" and "id taken" checks are made while the lock is held.
* ``check_staged(paths, files)`` runs the catalog's own loader functions (``_load_events``, ``_load_snapshots``) on
  the files an import is about to write, beside the root's other event files, so an import never writes what
  ``validate`` would refuse.
* ``write_all(files)`` writes every file to a temporary file beside its target first, then renames them all;
  if anything fails, the files already renamed are put back and nothing of the import remains.
* ``clean_stale_temp_files(paths)`` removes the hidden temporary files a killed write leaves behind (run under the
  lock at the start of every import and build).
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..paths import DataPaths

LOCK_NAME = ".import.lock"
LOCK_TIMEOUT_ENV = "CONFLICTMAP_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_S = 120.0
# tempfile.mkstemp(prefix=".<name>.") names: ".<name>." + 8 characters from [a-z0-9_]
_TEMP_NAME = re.compile(r"^\.(?P<name>.+\.(geo)?json)\.[a-z0-9_]{8}$")


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


class ImportBusy(OSError):
    """Another import holds the data root's lock."""


class ImportRefused(ValueError):
    """The import would leave the data root in a state the loader refuses; ``problems`` says why."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT_S)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT_S


@contextmanager
def import_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the data root's import lock (waiting up to ``timeout`` seconds), cleaning stale temp files first."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    wait = lock_timeout() if timeout is None else timeout
    fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ImportBusy(
                        f"another import or build is writing to {root} (waited {wait:g} s); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        try:
            clean_stale_temp_files(DataPaths(root))
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def clean_stale_temp_files(paths: DataPaths) -> list[str]:
    """Remove the hidden ``.<file>.<random>`` temporaries an interrupted write left in the data folders.

    Only call while holding ``import_lock``: then no write of ours is in progress."""
    removed = []
    folders = [paths.geodata, paths.control, paths.control_src, paths.events, paths.stories]
    folders += [getattr(paths, name) for name in ("held_in_russia", "held_in_russia_src") if hasattr(paths, name)]
    for folder in folders:
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if _TEMP_NAME.match(p.name) and p.is_file() and not p.is_symlink():
                try:
                    p.unlink()
                    removed.append(str(p))
                except OSError:
                    continue
    return removed


def clean_old_temp_files(folder: Path, older_than_s: float) -> list[str]:
    """Remove our hidden temporaries in ``folder`` older than ``older_than_s`` seconds: for folders written without
    the import lock (the app's static data), where a younger one may belong to a write in progress."""
    removed = []
    if not Path(folder).is_dir():
        return removed
    now = time.time()
    for p in Path(folder).iterdir():
        try:
            if _TEMP_NAME.match(p.name) and p.is_file() and not p.is_symlink() and now - p.stat().st_mtime > older_than_s:
                p.unlink()
                removed.append(str(p))
        except OSError:
            continue
    return removed


def write_all(files: dict[Path, str]) -> list[str]:
    """Write every file or none: temporaries first, then renames; on any failure, undo the renames."""
    temps: dict[Path, str] = {}
    try:
        for target, text in files.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temps[target] = tmp
            os.fchmod(fd, 0o666 & ~_UMASK)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
    except BaseException:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    backups: dict[Path, str] = {}
    done: list[Path] = []
    try:
        for target in temps:
            if target.exists():
                fd, bak = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
                os.close(fd)
                _copy_link(target, bak)
                backups[target] = bak
            os.replace(temps[target], target)
            done.append(target)
    except BaseException:
        for target in done:
            if target in backups:
                os.replace(backups.pop(target), target)
            else:
                target.unlink(missing_ok=True)
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        for bak in backups.values():
            Path(bak).unlink(missing_ok=True)
    return [str(t) for t in temps]


def _copy_link(target: Path, bak: str) -> None:
    """Keep the current file under ``bak`` (a hard link: no copy, same bytes) so a failed import can restore it."""
    os.unlink(bak)
    os.link(target, bak)


@dataclass(frozen=True)
class _Staged(DataPaths):
    """A data root whose events and control folders are a staging folder (the loader reads it like any root)."""

    stage: Path = Path(".")

    @property
    def events(self) -> Path:
        return self.stage / "events"

    @property
    def control(self) -> Path:
        return self.stage / "geodata" / "control"


def check_staged(paths: DataPaths, files: dict[Path, str], regions_from: DataPaths | None = None) -> list:
    """The loader's problems with the root's event files plus ``files`` (new or replacing event and control files).

    Event files are checked together with every other event file of the root (duplicate ids across files);
    control files one by one (their file name is their date, so two can never clash). The regions come from the
    root, or from ``regions_from`` when the root has none yet."""
    from .. import catalog

    events_dir, control_dir = paths.events.resolve(), paths.control.resolve()
    new_events = {Path(t).name: text for t, text in files.items() if Path(t).parent.resolve() == events_dir}
    new_control = {Path(t).name: text for t, text in files.items() if Path(t).parent.resolve() == control_dir}
    with tempfile.TemporaryDirectory(prefix="conflictmap-stage-") as tmp:
        stage = Path(tmp)
        staged = _Staged(paths.root, stage)
        c = catalog._Collector(stage)
        if new_events:
            staged.events.mkdir(parents=True)
            if paths.events.is_dir():
                for p in sorted(paths.events.glob("*.json")):
                    if p.name not in new_events:
                        (staged.events / p.name).symlink_to(p.resolve())
            for name, text in new_events.items():
                (staged.events / name).write_text(text, encoding="utf-8")
            src = paths if paths.regions.exists() else (regions_from or paths)
            regions = catalog._load_regions(catalog._Collector(src.root), src)
            catalog._load_events(c, staged, regions)
        if new_control:
            staged.control.mkdir(parents=True)
            for name, text in new_control.items():
                (staged.control / name).write_text(text, encoding="utf-8")
            catalog._load_snapshots(c, staged)
        return c.problems
