"""The websocket load generator (benchmarks/load_ws.py) against a real app process: one viewer, one step.

The generator builds Streamlit's BackMsgs itself and reads the ids it needs from the ForwardMsgs, so this checks it
speaks the protocol the way the frontend does: the step must rerun the slider's fragment, reach the new date (the
app writes it to the URL) and finish successfully with no exception drawn.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
from datetime import date

import pytest

from conflictmap.paths import REPO_DIR

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
import load_ws  # noqa: E402

from tests.helpers import streamlit_server  # noqa: E402


def test_slider_value_is_microseconds_since_the_epoch():
    assert load_ws.slider_value(date(1970, 1, 2)) == 86_400 * 1_000_000
    assert load_ws.slider_value(date(2022, 9, 1)) == 1661990400000000.0


def test_step_message_needs_the_slider_read_from_the_first_run():
    with pytest.raises(ValueError, match="no slider with key 'date'"):
        load_ws.step_msg(load_ws.SessionView(), date(2022, 9, 2))


def test_step_message_is_a_fragment_rerun_with_the_slider_value_and_cached_hashes():
    from streamlit.proto.BackMsg_pb2 import BackMsg

    view = load_ws.SessionView(page_script_hash="p", query_string="date=2022-09-01", slider_id="$$ID-abc-date",
                               fragment_id="frag", cached_hashes={"h2", "h1"})
    msg = BackMsg()
    msg.ParseFromString(load_ws.step_msg(view, date(2022, 9, 2)))
    state = msg.rerun_script
    assert (state.page_script_hash, state.fragment_id, state.query_string) == ("p", "frag", "date=2022-09-01")
    [widget] = state.widget_states.widgets
    assert widget.id == "$$ID-abc-date"
    assert list(widget.double_array_value.data) == [load_ws.slider_value(date(2022, 9, 2))]
    assert list(state.cached_message_hashes) == ["h1", "h2"]


def test_reading_forward_messages_finds_ids_exceptions_and_the_finish():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    view, run = load_ws.SessionView(), load_ws.RunResult()
    session = ForwardMsg()
    session.new_session.page_script_hash = "page"
    slider = ForwardMsg()
    slider.delta.fragment_id = "frag"
    slider.delta.new_element.slider.id = "$$ID-123-date"
    other = ForwardMsg()
    other.delta.new_element.slider.id = "$$ID-456-speed"
    boom = ForwardMsg()
    boom.delta.new_element.exception.type = "ValueError"
    boom.delta.new_element.exception.message = "bad"
    done = ForwardMsg()
    done.script_finished = 3
    for m in (session, slider, other, boom, done):
        view.read(m.SerializeToString(), run)
    assert (view.page_script_hash, view.slider_id, view.fragment_id) == ("page", "$$ID-123-date", "frag")
    assert run.status == 3 and run.messages == 5
    assert run.exceptions == ["ValueError: bad"] and not run.ok


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server() as url:
        yield url


def test_one_viewer_opens_the_map_and_steps_the_date(app_url):
    async def scenario():
        viewer = load_ws.Viewer(app_url, 0)
        try:
            first = await viewer.open()
            ms, step = await viewer.step()
        finally:
            await viewer.close()
        return viewer, first, ms, step

    # in a thread of its own: the suite's shared Playwright keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        viewer, first, ms, step = pool.submit(asyncio.run, scenario()).result()
    assert first.ok and first.status == 0, first  # the whole page ran
    assert viewer.session.slider_id.endswith("-date") and viewer.session.fragment_id
    assert step.ok and step.status == 3, step  # only the fragment reran, successfully
    assert viewer.session.query_string == "date=2022-09-02"  # the app wrote the new date to the URL
    assert step.messages > 1 and ms > 0
    # the component's large message was cached on the first run, so the step may refer to it instead
    assert viewer.session.cached_hashes
