"""About and methodology: sources, licences, how lines are drawn, how to cite and add data."""

from conflictmap.ui import about_page, page

with page.guard():
    _, lang = page.setup("page_about")
    about_page.render(lang)
