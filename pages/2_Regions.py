"""Region dossier: one region's claim, control over time, events and sources."""

from conflictmap.ui import page, region_page

with page.guard():
    atlas, lang = page.setup("page_regions")
    region_page.render(atlas, lang)
