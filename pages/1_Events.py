"""Events: search, filter, download, and open any event on the map."""

from conflictmap.ui import events_page, page

with page.guard():
    atlas, lang = page.setup("page_events")
    events_page.render(atlas, lang)
