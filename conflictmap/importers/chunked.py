"""Reading a large events CSV in chunks of whole records, so a page can show progress and stop between chunks.

A CSV record may span several lines (a quoted description with a line break), so the file is cut where the csv
module ends a record, never at a line: cutting at every 2,000th line split such a record in two, and both halves
became row errors. Each chunk repeats the header, and row numbers in a chunk's report are moved back to the line
numbers of the whole file, so a chunked import reports exactly what reading the file at once would.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import decode_text, detect_format, read_bytes, read_events
from .acled import read_acled
from .budget import Budget, check_rows, check_time, count_event_records
from .csv_events import read_events_csv

CHUNK_ROWS = 2_000
CSV_READERS = {"acled": read_acled, "csv": read_events_csv}  # the event formats that are CSV, read in chunks


@dataclass(frozen=True)
class CsvChunk:
    """Whole records of a CSV file after its header.

    ``text`` is the header followed by ``records`` records (blank lines do not count), the first of them record
    number ``first_record`` (0-based, header excluded). A line number ``n`` of ``text`` after the header is line
    ``n + line_offset`` of the whole file.
    """

    text: str
    first_record: int
    records: int
    line_offset: int


def csv_record_chunks(lines: Iterable[str], rows: int = CHUNK_ROWS) -> Iterator[CsvChunk]:
    """Chunks of at most ``rows`` records from a CSV's lines (with their line endings), each with the header.

    ``lines`` may be a stream (an open file, ``io.StringIO(text, newline="")``) or ``text.splitlines(True)``
    (the importers count lines that way, so the line numbers then agree with theirs). Nothing is yielded for an
    empty input. Where the csv module cannot read on (a field over its size limit), everything from there is one
    last chunk, so the importer reports that line as it would for the whole file.
    """
    if rows < 1:
        raise ValueError(f"rows must be at least 1, not {rows}")
    lines = iter(lines)
    taken: list[str] = []  # the lines the reader has consumed since the last record was handed on

    def feed():
        for line in lines:
            taken.append(line)
            yield line

    reader = csv.reader(feed())
    try:
        next(reader)
    except StopIteration:
        return
    except csv.Error:
        yield CsvChunk("".join(taken) + "".join(lines), 0, 0, 0)
        return
    header, header_lines = "".join(taken), len(taken)
    taken.clear()
    body: list[str] = []
    line_before = header_lines  # lines of the file before this chunk's body
    first = count = 0
    unreadable = False

    def chunk() -> CsvChunk:
        return CsvChunk(header + "".join(body), first, count, line_before - header_lines)

    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            body.extend(taken)
            body.extend(lines)
            taken.clear()
            unreadable = True
            break
        body.extend(taken)
        taken.clear()
        if record:
            count += 1
        if count == rows:
            yield chunk()
            line_before += len(body)
            first += count
            body, count = [], 0
    body.extend(taken)
    if count or unreadable or not first:  # the last partial chunk, what could not be read, or a header only
        yield chunk()


def import_events_chunked(path: Path, fmt: str | None, geo, taken: set[str], progress: Callable[[int, int], object],
                          budget: Budget | None = None, held: int = 0, rows: int = CHUNK_ROWS) -> tuple[dict, list[dict]]:
    """Read an events file, in chunks of ``rows`` records for CSV, calling ``progress(done, total)`` after each.

    Between chunks the caller can be stopped (Streamlit stops a run when any button is pressed), and nothing is
    returned until the whole file has been read. With a ``budget``, a file with more records than one import or the
    session (``held`` events already) may take is refused (``OverBudget``) before any event is built, and so is a
    read that runs over the budget's time. Returns the report as a dict (as ``ImportReport.to_dict``) and the events.
    Raises ``Unusable`` for a file that is not text.
    """
    text = decode_text(read_bytes(path), path.name)
    fmt = fmt or detect_format(path, text)
    if budget is not None:
        check_rows(count_event_records(text, fmt), budget, held)
    lines = text.splitlines(keepends=True) if fmt in CSV_READERS else []
    estimate = max(len(lines) - 1, 0)  # records, if none spans lines: the progress bar's total until the end
    chunks = csv_record_chunks(lines, rows)
    first, second = next(chunks, None), next(chunks, None)
    if second is None:  # one chunk or none: the file is read as a whole
        report, events = read_events(path, fmt, geo, taken)
        summary = report.to_dict()
        progress(summary["read"], summary["read"])
        return summary, events
    total = {"format": fmt, "read": 0, "imported": 0, "rejected": 0, "errors": []}
    events: list[dict] = []
    t0 = time.monotonic()
    done = 0
    for part in (first, second, *chunks):
        if budget is not None and done:
            check_time(time.monotonic() - t0, done, max(estimate, done), budget)
        report, got = read_chunk(part, fmt, geo, taken | {e["id"] for e in events})
        for k in ("read", "imported", "rejected"):
            total[k] += report[k]
        total["errors"] += report["errors"]
        events += got
        done += part.records
        progress(done, max(estimate, done))
    if done != estimate:
        progress(done, done)
    return total, events


def read_chunk(part: CsvChunk, fmt: str, geo, taken: set[str]) -> tuple[dict, list[dict]]:
    """One chunk through the CSV importer of ``fmt``, its row numbers made the whole file's line numbers."""
    report, got = CSV_READERS[fmt](part.text, geo, taken)
    r = report.to_dict()
    for e in r["errors"]:
        if isinstance(e.get("row"), int):
            e["row"] += part.line_offset
    return r, got
