"""The report every importer returns: what was read, imported and rejected, and why (row or feature + field)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    format: str
    read: int = 0
    imported: int = 0
    rejected: int = 0
    errors: list[dict] = field(default_factory=list)
    usable: bool = True  # False when the file as a whole could not be used (not part of to_dict)

    MAX_ERRORS = 1000  # a file with a million bad rows still gives a bounded report

    def add(self, kind: str, where, field_name: str | None, reason: str) -> None:
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append({kind: where, "field": field_name, "reason": reason})
        elif len(self.errors) == self.MAX_ERRORS:
            self.errors.append({kind: None, "field": None, "reason": "more errors were left out of this report"})

    def reject(self, kind: str, where, field_name: str | None, reason: str) -> None:
        self.rejected += 1
        self.add(kind, where, field_name, reason)

    def fail(self, reason: str, kind: str = "row") -> ImportReport:
        """The file as a whole cannot be used."""
        self.usable = False
        self.add(kind, None, None, reason)
        return self

    def to_dict(self) -> dict:
        return {"format": self.format, "read": self.read, "imported": self.imported, "rejected": self.rejected, "errors": list(self.errors)}


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
