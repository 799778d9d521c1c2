"""Entry point and main page: the conflict map. Pages in pages/ share setup, sidebar and state from conflictmap.ui."""

from conflictmap.ui import mappage, page

atlas, lang = page.setup("app_title", sidebar_state="collapsed")
mappage.render(atlas, lang)
