"""Our own events CSV (the columns ``conflictmap.formats.CSV_COLUMNS`` writes) back into events.

Required columns: id, date, title, category, lat, lon, description, sources. ``sources`` holds one or more
``publisher: title (YYYY-MM-DD) URL`` entries separated by `` | `` (as the export writes them); ``place``,
``precision`` (default settlement), ``region`` and ``country`` are optional (region and country are derived from
the point when absent). ``killed_latest`` and ``casualty_reports`` are summaries and are not imported back: they
lack the report's source title. Cells the export quoted against spreadsheet formula injection are unquoted.
"""

from __future__ import annotations

from .events_common import build_event, unquote_cell
from .report import ImportReport, csv_rows, open_csv

REQUIRED = ("id", "date", "title", "category", "lat", "lon", "description", "sources")


def read_events_csv(text: str, geo, taken_ids: set[str] | None = None) -> tuple[ImportReport, list[dict]]:
    report = ImportReport("csv")
    events: list[dict] = []
    seen = set(taken_ids or ())
    reader = open_csv(text, REQUIRED, report)
    if reader is None:
        return report, []
    for line, row in csv_rows(reader, report):
        f = {k: unquote_cell(v) for k, v in row.items()}
        f["sources"] = [s for s in (f.get("sources") or "").split(" | ") if s.strip()]
        f["casualties"] = []
        try:
            d = build_event(f, geo, "imported CSV")
        except ValueError as exc:
            field, reason = exc.args if len(exc.args) == 2 else (None, str(exc))
            report.reject("row", line, field, reason)
            continue
        if d["id"] in seen:
            report.reject("row", line, "id", f"duplicate event id {d['id']}")
            continue
        seen.add(d["id"])
        events.append(d)
        report.imported += 1
    return report, events
