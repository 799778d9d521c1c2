"""'Your data': a session's own imports (the formats of ``importers.registry``), beside or instead of the shipped layers.

Imports live in this browser session only (``st.session_state``); nothing shipped changes. They go through the
same importers as the CLI, so every rejected row or feature is reported with its reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import streamlit as st
from shapely.geometry import shape

from .. import importers
from ..catalog import Atlas, event_from_dict, snapshot_from_feature
from ..i18n import fmt_int, t
from ..importers import registry
from ..importers.budget import APP_BUDGET, Budget, OverBudget, check_bytes, check_rows, check_time, count_event_records
from ..paths import data_paths
from . import state

EVENTS_KEY, SNAPSHOTS_KEY, MODE_KEY, BYTES_KEY = "your_events", "your_snapshots", "your_mode", "your_bytes"
MAX_UPLOAD_MB = 50  # also server.maxUploadSize in .streamlit/config.toml
CHUNK_ROWS = 2_000
MAX_LINKS = 10
PROVIDER = "your data"
# Events are read here in chunks of text rows (import_events_chunked), so the page takes the text formats; the binary
# ones (GeoPackage, GeoParquet) are for `python -m conflictmap import events`. Control layers: every format.
EVENT_FORMATS = tuple(f for f in registry.formats_for(registry.EVENTS) if not f.binary)
CONTROL_UPLOAD_TYPES = [s.lstrip(".") for s in registry.suffixes(registry.CONTROL, with_sidecars=True)]


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:12]


def with_session_data(atlas: Atlas) -> Atlas:
    """The shipped atlas with this session's imports merged in (or replacing the shipped events and control)."""
    events = st.session_state.get(EVENTS_KEY) or []
    snaps = st.session_state.get(SNAPSHOTS_KEY) or []
    if not events and not snaps:
        return atlas
    mode = st.session_state.get(MODE_KEY, "beside")
    variant = _digest([mode, [e["id"] for e in events], [s["properties"]["id"] for s in snaps]])
    cache = st.session_state.setdefault("_your_atlas", {})
    if variant in cache:
        return cache[variant]
    own_events = tuple(event_from_dict(d, provider=PROVIDER) for d in events)
    own_snaps = tuple(snapshot_from_feature(f["properties"], shape(f["geometry"]), provider=PROVIDER) for f in snaps)
    if mode == "instead":
        merged_events, merged_snaps = own_events, own_snaps
    else:
        merged_events, merged_snaps = atlas.events + own_events, atlas.snapshots + own_snaps
    merged = replace(
        atlas,
        events=tuple(sorted(merged_events, key=lambda e: (e.date, e.time_local or "", e.id))),
        snapshots=tuple(sorted(merged_snaps, key=lambda s: (s.as_of, s.provider != PROVIDER))),
        variant=variant,
    )
    cache.clear()
    cache[variant] = merged
    return merged


MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name; ~130 Cyrillic characters already exceed that


def safe_upload_name(name: str) -> str:
    """The upload's own name (its date and suffix matter to the importers), shortened to fit a file system and
    without path separators or characters that cannot be written."""
    name = Path(str(name).replace("\\", "/")).name.encode("utf-8", "replace").decode("utf-8")
    name = "".join(ch for ch in name if ch.isprintable()) or "upload"
    if name in (".", ".."):
        name = "upload"
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 10 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "upload") + suffix


def _save_upload(upload, folder: Path) -> Path:
    path = folder / safe_upload_name(upload.name)
    n = 1
    while path.exists():  # two uploads with the same (shortened) name
        path = folder / f"{n}-{safe_upload_name(upload.name)}"
        n += 1
    path.write_bytes(upload.getbuffer())
    return path


def forget_session_data() -> None:
    """Remove everything this session imported (and the caches built from it)."""
    for k in (EVENTS_KEY, SNAPSHOTS_KEY, "last_report", "_your_atlas", BYTES_KEY):
        st.session_state.pop(k, None)


def _unusable_report(fmt: str, reason: str) -> dict:
    return importers.ImportReport(fmt).fail(reason).to_dict()


def _report_table(errors: list[dict]) -> list[dict]:
    return [{k: ("" if v is None else str(v)) for k, v in e.items()} for e in errors]


def _report_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=sorted({k for r in rows for k in r}))
        w.writeheader()
        w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def import_events_chunked(path: Path, fmt: str | None, geo, taken: set[str], progress, budget: Budget | None = None,
                          held: int = 0) -> tuple[dict, list[dict]]:
    """Read an events file, in chunks of rows for CSV, updating ``progress(done, total)`` between chunks.

    Between chunks Streamlit can stop the run: pressing any button (e.g. Cancel) interrupts the import, and
    nothing is added to the session until the whole file has been read. With a ``budget``, a file with more rows
    than one import or the session (``held`` events already) may take is refused (``OverBudget``) before any row is
    built.
    """
    text = importers.decode_text(importers.read_bytes(path), path.name)
    fmt = fmt or importers.detect_format(path, text)
    if budget is not None:
        check_rows(count_event_records(text, fmt), budget, held)
    lines = text.splitlines(keepends=True)
    if fmt not in ("acled", "csv") or len(lines) <= CHUNK_ROWS + 1:
        report, events = importers.read_events(path, fmt, geo, taken)
        summary = report.to_dict()
        progress(summary["read"], summary["read"])
        return summary, events
    header, rows = lines[0], lines[1:]
    total = {"format": fmt, "read": 0, "imported": 0, "rejected": 0, "errors": []}
    events: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        for start in range(0, len(rows), CHUNK_ROWS):
            if budget is not None and start:
                check_time(time.monotonic() - t0, start, len(rows), budget)
            chunk = Path(tmp) / f"chunk{start}.csv"
            chunk.write_text(header + "".join(rows[start:start + CHUNK_ROWS]), encoding="utf-8")
            report, got = importers.read_events(chunk, fmt, geo, taken | {e["id"] for e in events})
            r = report.to_dict()
            for e in r["errors"]:
                if isinstance(e.get("row"), int):
                    e["row"] += start  # rows are numbered in the whole file
            for k in ("read", "imported", "rejected"):
                total[k] += r[k]
            total["errors"] += r["errors"]
            events += got
            progress(min(start + CHUNK_ROWS, len(rows)), len(rows))
    return total, events


def render(atlas: Atlas | None, lang: str) -> None:
    st.title(t("page_your_data", lang))
    if atlas is None:
        return
    st.markdown(t("yd_intro", lang, mb=MAX_UPLOAD_MB, events=", ".join(f.label for f in EVENT_FORMATS),
                  control=registry.labels(registry.CONTROL)))
    b = APP_BUDGET
    st.caption(t("yd_limits", lang, rows=f"{b.import_rows:,}", polygons=f"{b.import_polygons:,}", vertices=f"{b.import_vertices:,}",
                 mb=f"{b.session_bytes // (1024 * 1024):,}", events=f"{b.session_events:,}"))
    mode_labels = {"beside": t("yd_mode_beside", lang), "instead": t("yd_mode_instead", lang)}
    mode = st.radio(t("yd_show_mode", lang), list(mode_labels), key=MODE_KEY, horizontal=True, format_func=mode_labels.get)
    geo = importers.Geo(data_paths())
    tab_events, tab_control = st.tabs([t("yd_tab_events", lang), t("yd_tab_control", lang)])
    with tab_events:
        up = st.file_uploader(t("yd_events_file", lang), type=sorted({x.lstrip(".") for f in EVENT_FORMATS for x in f.suffixes}),
                              key="up_events")
        labels = {"auto": "auto"} | {f.name: f.label for f in EVENT_FORMATS}
        fmt = st.selectbox(t("yd_format", lang), list(labels), key="fmt_events", format_func=labels.get)
        if up is not None and st.button(t("yd_import_events", lang), key="do_events", type="primary"):
            _import_events(up, fmt, geo, atlas, lang)
    with tab_control:
        ups = st.file_uploader(t("yd_control_files", lang), type=CONTROL_UPLOAD_TYPES, accept_multiple_files=True, key="up_control")
        source_url = st.text_input(t("yd_source_url", lang), key="control_source_url")
        if ups and st.button(t("yd_import_control", lang), key="do_control", type="primary"):
            _import_control(ups, source_url, geo, lang)
    report = st.session_state.get("last_report")
    if report:
        st.subheader(t("yd_report", lang))
        st.json({k: v for k, v in report.items() if k != "errors"}, expanded=True)
        rows = _report_table(report.get("errors", []))
        if rows:
            st.dataframe(rows, hide_index=True)
            st.download_button(t("yd_download_report", lang), _report_csv(rows), "import-report.csv", "text/csv", on_click="ignore")
    own = st.session_state.get(EVENTS_KEY) or []
    if own:
        st.subheader(t("yd_your_events", lang))
        for d in own[:MAX_LINKS]:
            title = (d.get("title_uk") if lang == "uk" else None) or d["title"]  # an import may carry Ukrainian text
            state.map_link(f"{d['date']} · {title[:120]}", date=d["date"], event=d["id"], window="7")
        if len(own) > MAX_LINKS:
            st.caption(t("yd_more_events", lang, n=fmt_int(len(own) - MAX_LINKS, lang)))
    n_e, n_s = len(st.session_state.get(EVENTS_KEY) or []), len(st.session_state.get(SNAPSHOTS_KEY) or [])
    st.info(t("yd_in_session", lang, n_e=fmt_int(n_e, lang), n_s=n_s, mode=mode_labels[mode]))
    if (n_e or n_s) and st.button(t("yd_remove", lang), key="clear_your_data"):
        forget_session_data()
        st.rerun()


def _import_events(up, fmt: str, geo, atlas: Atlas, lang: str) -> None:
    """One events upload into the session, within the budget; errors become messages with what to do."""
    st.button(t("yd_cancel", lang), key="cancel_events")  # any click stops the running import
    held = len(st.session_state.get(EVENTS_KEY) or [])
    try:
        check_bytes(up.size, st.session_state.get(BYTES_KEY, 0), APP_BUDGET)
        bar = st.progress(0.0, text=t("yd_reading", lang))
        with tempfile.TemporaryDirectory() as tmp:
            path = _save_upload(up, Path(tmp))
            taken = {e.id for e in atlas.events}
            try:
                report, events = import_events_chunked(
                    path, None if fmt == "auto" else fmt, geo, taken,
                    lambda done, total: bar.progress(done / max(total, 1), text=t("yd_rows_read", lang, done=fmt_int(done, lang), total=fmt_int(total, lang))),
                    budget=APP_BUDGET, held=held,
                )
            except importers.Unusable as exc:
                report, events = _unusable_report(fmt, str(exc)), []
    except OverBudget as exc:
        st.error(t("yd_over_budget", lang, reason=str(exc)))
        return
    st.session_state[BYTES_KEY] = st.session_state.get(BYTES_KEY, 0) + up.size
    st.session_state[EVENTS_KEY] = (st.session_state.get(EVENTS_KEY) or []) + events
    st.session_state["last_report"] = report
    if not report["read"] and report["errors"] and not events:  # the file as a whole could not be used
        st.error(t("yd_unusable", lang, reason=report["errors"][0]["reason"]))


def _import_control(ups, source_url: str, geo, lang: str) -> None:
    """Control-layer uploads into the session, within the budget; errors become messages with what to do."""
    st.button(t("yd_cancel", lang), key="cancel_control")
    try:
        check_bytes(sum(u.size for u in ups), st.session_state.get(BYTES_KEY, 0), APP_BUDGET)
        if len(st.session_state.get(SNAPSHOTS_KEY) or []) >= APP_BUDGET.session_layers:
            raise OverBudget(f"this session holds {APP_BUDGET.session_layers} control layers, the most it may hold")
        bar = st.progress(0.0, text=t("yd_reading", lang))
        with tempfile.TemporaryDirectory() as tmp:
            paths = [_save_upload(u, Path(tmp)) for u in ups]
            snaps, errors, unusable = importers.read_control(paths, geo, source_url=source_url.strip() or None, need_source=True,
                                                             budget=APP_BUDGET)
            bar.progress(1.0, text=t("yd_files_read", lang, n=len(paths)))
    except OverBudget as exc:
        st.error(t("yd_over_budget", lang, reason=str(exc)))
        return
    st.session_state[BYTES_KEY] = st.session_state.get(BYTES_KEY, 0) + sum(u.size for u in ups)
    feats = []
    for s in snaps:
        f = s["feature"]
        props = dict(f["properties"], id=f"your-{f['properties']['as_of']}-{_digest(f['geometry'])}")
        feats.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    st.session_state[SNAPSHOTS_KEY] = (st.session_state.get(SNAPSHOTS_KEY) or []) + feats
    for e in errors:
        if e.get("file") in unusable and e.get("feature") is None:
            st.error(t("yd_unusable", lang, reason=e["reason"]))
    st.session_state["last_report"] = {"snapshots": [{k: s[k] for k in ("as_of", "features", "area_km2")} for s in snaps], "errors": errors}
