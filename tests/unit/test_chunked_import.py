"""Chunked CSV import (importers/chunked.py): chunks are whole records, so a quoted line break on a chunk boundary
stays in its record, and a chunked import reports exactly what reading the file at once reports."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import acled, acled_row

from conflictmap.importers import Unusable, read_events
from conflictmap.importers.chunked import CHUNK_ROWS, csv_record_chunks, import_events_chunked

CSV_HEADER = "id,date,title,category,lat,lon,description,sources"
SOURCE = "P: T (2022-04-08) https://example.org/x"


def csv_event(i: int, description: str = "d", newline: str = "\n") -> str:
    """One row of our events CSV (a battle near Kramatorsk), the description quoted when it needs to be."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerow(
        [f"2022-04-08-n{i}", "2022-04-08", f"event {i}", "battle", "48.7233", "37.5563", description, SOURCE])
    return buf.getvalue()


def records(chunk_text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(chunk_text, newline="")))


def chunked_and_whole(tmp_path, geo, name: str, text: str, rows: int, newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    calls = []
    chunked = import_events_chunked(path, None, geo, set(), lambda done, total: calls.append((done, total)), rows=rows)
    report, events = read_events(path, None, geo, set())
    return chunked, (report.to_dict(), events), calls


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quoted_line_break_on_the_chunk_boundary_stays_in_its_record(tmp_path, geo, newline):
    """Record 4 (the last of the second chunk of 2) holds a line break: cutting lines would split it in two."""
    rows = [csv_event(i, f"first line{newline}second line" if i == 3 else "d", newline) for i in range(6)]
    text = CSV_HEADER + newline + "".join(rows)
    chunks = list(csv_record_chunks(text.splitlines(keepends=True), rows=2))
    assert [c.records for c in chunks] == [2, 2, 2]
    assert [c.first_record for c in chunks] == [0, 2, 4]
    assert all(records(c.text)[0] == CSV_HEADER.split(",") for c in chunks), "each chunk starts with the header"
    assert records(chunks[1].text)[2][6] == f"first line{newline}second line".replace("\r\n", "\r\n")
    assert [len(records(c.text)) for c in chunks] == [3, 3, 3]
    (report, events), whole, calls = chunked_and_whole(tmp_path, geo, "e.csv", text, rows=2)
    assert report["imported"] == 6 and report["rejected"] == 0 and report["errors"] == []
    assert (report, events) == whole
    assert "first line" in events[3]["description"] and "second line" in events[3]["description"]
    assert calls[-1] == (6, 6)


def test_a_line_break_just_before_the_boundary_and_row_numbers_of_the_whole_file(tmp_path, geo):
    """Rejected rows after multi-line records are reported with the whole file's line numbers, as a whole read does."""
    rows = [csv_event(i, "a\nb\nc" if i in (1, 2) else "d") for i in range(7)]
    rows[5] = rows[5].replace("battle", "not-a-category")
    rows[6] = rows[6].replace("2022-04-08,", "2022-13-45,", 1)
    text = CSV_HEADER + "\n" + "".join(rows)
    (report, events), whole, _ = chunked_and_whole(tmp_path, geo, "e.csv", text, rows=3)
    assert report == whole[0] and events == whole[1]
    assert report["rejected"] == 2 and [e["row"] for e in report["errors"]] == [11, 12]  # lines 3-5 and 6-8 are one record each
    assert [e["field"] for e in report["errors"]] == ["category", "date"]


def test_acled_rows_in_chunks_with_notes_across_lines(tmp_path, geo):
    rows = [acled_row(event_id_cnty=f"UKR{i}", notes="Shelling.\nTwo\nlines." if i % 3 == 0 else "Fighting.") for i in range(10)]
    text = acled(*rows)
    (report, events), whole, calls = chunked_and_whole(tmp_path, geo, "acled.csv", text, rows=3)
    assert report["format"] == "acled" and report["imported"] == 10
    assert (report, events) == whole
    # progress after each chunk (the last one partial); the total is first estimated from the lines, so the bar
    # is set full once more at the end
    assert [d for d, _ in calls] == [3, 6, 9, 10, 10] and all(d <= total for d, total in calls)
    assert calls[-1] == (10, 10)


def test_the_final_partial_chunk_and_an_exact_multiple():
    text = "a,b\n" + "".join(f"{i},x\n" for i in range(5))
    assert [c.records for c in csv_record_chunks(text.splitlines(True), 2)] == [2, 2, 1]
    text6 = "a,b\n" + "".join(f"{i},x\n" for i in range(6))
    chunks = list(csv_record_chunks(text6.splitlines(True), 2))
    assert [c.records for c in chunks] == [2, 2, 2] and chunks[-1].text == "a,b\n4,x\n5,x\n"


def test_a_stream_gives_the_same_chunks_as_its_lines():
    text = 'h,v\r\n1,"x\r\ny"\r\n2,z\r\n3,"q"\r\n'
    from_stream = list(csv_record_chunks(io.StringIO(text, newline=""), 1))
    assert from_stream == list(csv_record_chunks(text.splitlines(True), 1))
    assert [c.line_offset for c in from_stream] == [0, 2, 3]


def test_an_empty_file_gives_no_chunk_and_a_header_only_file_one():
    assert list(csv_record_chunks([], 2)) == []
    assert list(csv_record_chunks(io.StringIO(""), 2)) == []
    [only] = csv_record_chunks(["a,b\n"], 2)
    assert only.text == "a,b\n" and only.records == 0


def test_an_empty_upload_is_unusable_and_a_header_only_file_reads_nothing(tmp_path, geo):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(Unusable, match="empty"):
        import_events_chunked(empty, None, geo, set(), lambda *a: None)
    header = tmp_path / "header.csv"
    header.write_text(CSV_HEADER + "\n")
    report, events = import_events_chunked(header, None, geo, set(), lambda *a: None, rows=2)
    assert events == [] and report["read"] == 0


def test_blank_lines_do_not_count_as_records():
    chunks = list(csv_record_chunks(["a,b\n", "\n", "1,x\n", "\n", "2,y\n", "3,z\n"], 2))
    assert [c.records for c in chunks] == [2, 1]


def test_a_field_over_the_csv_limit_ends_chunking_with_the_rest_in_one_chunk(tmp_path, geo):
    """The importer then reports that line as malformed, as it does when it reads the whole file."""
    rows = [csv_event(i) for i in range(4)]
    rows[2] = csv_event(2, "x" * (csv.field_size_limit() + 10))
    text = CSV_HEADER + "\n" + "".join(rows)
    chunks = list(csv_record_chunks(text.splitlines(True), 1))
    assert [c.records for c in chunks] == [1, 1, 0] and chunks[-1].text.count("\n") == 3
    (report, events), whole, _ = chunked_and_whole(tmp_path, geo, "big.csv", text, rows=1)
    assert report == whole[0] and events == whole[1]
    assert len(events) == 2 and "malformed CSV" in report["errors"][0]["reason"]


def test_rows_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        list(csv_record_chunks(["a\n"], 0))


def test_the_pages_own_chunk_size_with_line_breaks_on_both_sides_of_the_boundary(tmp_path, geo):
    """2,100 ACLED rows, read as the page reads them (2,000 a chunk): records 2,000 and 2,001 span lines."""
    rows = [acled_row(event_id_cnty=f"UKR{i}", notes="Shelling.\r\nSecond line." if i in (CHUNK_ROWS - 1, CHUNK_ROWS) else "x")
            for i in range(CHUNK_ROWS + 100)]
    text = acled(*rows)
    assert len(text.splitlines()) == CHUNK_ROWS + 100 + 1 + 2
    (report, events), whole, calls = chunked_and_whole(tmp_path, geo, "acled.csv", text, rows=CHUNK_ROWS)
    assert report["imported"] == CHUNK_ROWS + 100 and report["errors"] == []
    assert (report, events) == whole
    assert [d for d, _ in calls][:2] == [CHUNK_ROWS, CHUNK_ROWS + 100]
    assert "Second line" in events[CHUNK_ROWS - 1]["description"] and "Second line" in events[CHUNK_ROWS]["description"]
