"""The report every importer returns: what was read, imported and rejected, and why (row or feature + field)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file: where (file, row or feature, field) and why.

    Every importer builds these; ``to_dict`` is the one JSON shape of a problem in the CLI's and the page's reports.
    ``place`` says how ``where`` counts: ``"row"`` is a CSV line number, ``"feature"`` a 0-based feature index (a
    GeoJSON feature, a KML Polygon, a row of a Shapefile/GeoPackage/GeoParquet layer); ``where`` is None when the
    problem is the file's as a whole.
    """

    reason: str
    field: str | None = None
    where: int | None = None
    place: str = "feature"
    file: str | None = None

    def to_dict(self, with_file: bool = True) -> dict:
        """``{"file", <place>, "field", "reason"}``; a report about one file (events) leaves ``file`` out."""
        head = {"file": self.file} if with_file else {}
        return head | {self.place: self.where, "field": self.field, "reason": self.reason}


@dataclass
class ImportReport:
    format: str
    read: int = 0
    imported: int = 0
    rejected: int = 0
    problems: list[RowError] = field(default_factory=list)
    usable: bool = True  # False when the file as a whole could not be used (not part of to_dict)

    MAX_ERRORS = 1000  # a file with a million bad rows still gives a bounded report

    def add(self, kind: str, where, field_name: str | None, reason: str) -> None:
        if len(self.problems) < self.MAX_ERRORS:
            self.problems.append(RowError(reason, field_name, where, kind))
        elif len(self.problems) == self.MAX_ERRORS:
            self.problems.append(RowError("more errors were left out of this report", None, None, kind))

    def reject(self, kind: str, where, field_name: str | None, reason: str) -> None:
        self.rejected += 1
        self.add(kind, where, field_name, reason)

    def fail(self, reason: str, kind: str = "row") -> ImportReport:
        """The file as a whole cannot be used."""
        self.usable = False
        self.add(kind, None, None, reason)
        return self

    @property
    def errors(self) -> list[dict]:
        """The problems as the report prints them (one file per report, so without ``file``)."""
        return [e.to_dict(with_file=False) for e in self.problems]

    def to_dict(self) -> dict:
        return {"format": self.format, "read": self.read, "imported": self.imported, "rejected": self.rejected, "errors": self.errors}


def csv_rows(reader, report: ImportReport):
    """(line number, row) of a ``csv.DictReader``, counting rows read into ``report``.

    A malformed line stops reading with a report entry (the rest of the file cannot be trusted to line up); a row
    with more fields than the header is rejected with its line number.
    """
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.add("row", reader.line_num, None, f"malformed CSV, reading stopped here: {exc}")
            return
        report.read += 1
        if None in row:
            report.reject("row", reader.line_num, None, "more fields than the header has columns")
            continue
        yield reader.line_num, row


def open_csv(text: str, required: tuple[str, ...], report: ImportReport, missing_hint: str = ""):
    """A ``csv.DictReader`` with lower-cased header names, or None after failing ``report`` with the reason
    (malformed header, or required columns missing)."""
    from .common import clean_text

    reader = csv.DictReader(text.splitlines())
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        report.fail(f"malformed CSV header: {exc}")
        return None
    reader.fieldnames = [clean_text(h, 100).lower() for h in header]
    missing = [c for c in required if c not in reader.fieldnames]
    if missing:
        report.fail(f"{missing_hint}missing column(s) {', '.join(missing)} (need {', '.join(required)})")
        return None
    return reader
