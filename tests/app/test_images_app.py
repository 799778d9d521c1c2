"""AppTest: the map page offers the PNG and GIF of the view beside the HTML exports, in the page's language."""

from streamlit.testing.v1 import AppTest

from conflictmap.paths import REPO_DIR

APP = str(REPO_DIR / "app.py")


def run_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_png_and_gif_download_buttons_beside_the_html_exports():
    at = run_app(date="2022-12-24", region="UA-65")
    labels = {b.proto.label for b in at.get("download_button")}
    assert "PNG: this view (for publication)" in labels
    assert "GIF: 2022-02-24 to 2022-12-24, every 30 days" in labels
    at = run_app(date="2022-12-24", lang="uk")
    labels = {b.proto.label for b in at.get("download_button")}
    assert "PNG: цей вигляд (для публікації)" in labels
