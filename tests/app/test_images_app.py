"""AppTest: the map page offers the PNG and GIF of the view beside the HTML exports, in the page's language."""

from helpers import run_app


def test_png_and_gif_download_buttons_beside_the_html_exports():
    at = run_app(date="2022-12-24", region="UA-65")
    labels = {b.proto.label for b in at.get("download_button")}
    assert "PNG: this view (for publication)" in labels
    assert "GIF: 2022-02-24 to 2022-12-24, every 30 days" in labels
    at = run_app(date="2022-12-24", lang="uk")
    labels = {b.proto.label for b in at.get("download_button")}
    assert "PNG: цей вигляд (для публікації)" in labels
