"""The server-log check of the browser tests (helpers.log_problems) sees what a page error writes, and passes a clean
start."""

import io
import logging

from helpers import log_problems


def test_a_logged_page_error_is_a_problem():
    buf = io.StringIO()
    log = logging.getLogger("conflictmap.test_log_check")
    handler = logging.StreamHandler(buf)
    log.addHandler(handler)
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("page error %s", "abc12345")  # what ui/page.guard writes
    finally:
        log.removeHandler(handler)
    problems = log_problems(buf.getvalue())
    assert any("Traceback" in p for p in problems) and any("ValueError: boom" in p for p in problems)
    assert log_problems("2026-11-29 19:00:00.000 WARNING streamlit.runtime: something\n") != []


def test_a_clean_start_has_no_problem():
    clean = ("\n  You can now view your Streamlit app in your browser.\n\n  URL: http://127.0.0.1:8501\n\n"
             "2026-11-29 19:00:00.000 INFO conflictmap: data loaded\n")
    assert log_problems(clean) == []
