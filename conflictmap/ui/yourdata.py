"""'Your data': a session's own imports (the formats of ``importers.registry``), beside or instead of the shipped layers.

Imports live in this browser session only (``st.session_state``); nothing shipped changes. They go through the
same importers as the CLI, so every rejected row or feature is reported with its reason.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from .. import importers
from ..catalog import Atlas
from ..i18n import fmt_int, t
from ..importers import registry
from ..importers.budget import APP_BUDGET, OverBudget, check_bytes
from ..importers.chunked import import_events_chunked
from ..paths import data_paths
from ..session import (
    merge_session_data,
    report_csv,
    report_rows,
    save_upload,
    session_snapshot_features,
    session_variant,
)
from . import state

EVENTS_KEY, SNAPSHOTS_KEY, MODE_KEY, BYTES_KEY = "your_events", "your_snapshots", "your_mode", "your_bytes"
MAX_UPLOAD_MB = 50  # also server.maxUploadSize in .streamlit/config.toml
MAX_LINKS = 10
# Events are read here in chunks of text rows (import_events_chunked), so the page takes the text formats; the binary
# ones (GeoPackage, GeoParquet) are for `python -m conflictmap import events`. Control layers: every format.
EVENT_FORMATS = tuple(f for f in registry.formats_for(registry.EVENTS) if not f.binary)
CONTROL_UPLOAD_TYPES = [s.lstrip(".") for s in registry.suffixes(registry.CONTROL, with_sidecars=True)]


def with_session_data(atlas: Atlas) -> Atlas:
    """The shipped atlas with this session's imports merged in (or replacing the shipped events and control),
    cached in the session for its current imports."""
    events = st.session_state.get(EVENTS_KEY) or []
    snaps = st.session_state.get(SNAPSHOTS_KEY) or []
    if not events and not snaps:
        return atlas
    mode = st.session_state.get(MODE_KEY, "beside")
    variant = session_variant(mode, events, snaps)
    cache = st.session_state.setdefault("_your_atlas", {})
    if variant in cache:
        return cache[variant]
    merged = merge_session_data(atlas, events, snaps, mode)
    cache.clear()
    cache[variant] = merged
    return merged


def forget_session_data() -> None:
    """Remove everything this session imported (and the caches built from it)."""
    for k in (EVENTS_KEY, SNAPSHOTS_KEY, "last_report", "_your_atlas", BYTES_KEY):
        st.session_state.pop(k, None)


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
        rows = report_rows(report.get("errors", []))
        if rows:
            st.dataframe(rows, hide_index=True)
            st.download_button(t("yd_download_report", lang), report_csv(rows), "import-report.csv", "text/csv", on_click="ignore")
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
            path = save_upload(up, Path(tmp))
            taken = {e.id for e in atlas.events}
            try:
                report, events = import_events_chunked(
                    path, None if fmt == "auto" else fmt, geo, taken,
                    lambda done, total: bar.progress(done / max(total, 1), text=t("yd_rows_read", lang, done=fmt_int(done, lang), total=fmt_int(total, lang))),
                    budget=APP_BUDGET, held=held,
                )
            except importers.Unusable as exc:
                report, events = importers.ImportReport(fmt).fail(str(exc)).to_dict(), []
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
            paths = [save_upload(u, Path(tmp)) for u in ups]
            snaps, errors, unusable = importers.read_control(paths, geo, source_url=source_url.strip() or None, need_source=True,
                                                             budget=APP_BUDGET)
            bar.progress(1.0, text=t("yd_files_read", lang, n=len(paths)))
    except OverBudget as exc:
        st.error(t("yd_over_budget", lang, reason=str(exc)))
        return
    st.session_state[BYTES_KEY] = st.session_state.get(BYTES_KEY, 0) + sum(u.size for u in ups)
    st.session_state[SNAPSHOTS_KEY] = (st.session_state.get(SNAPSHOTS_KEY) or []) + session_snapshot_features(snaps)
    for e in errors:
        if e.get("file") in unusable and e.get("feature") is None:
            st.error(t("yd_unusable", lang, reason=e["reason"]))
    st.session_state["last_report"] = {"snapshots": [{k: s[k] for k in ("as_of", "features", "area_km2")} for s in snaps], "errors": errors}
