"""Your data: import ACLED, GeoJSON or KML/KMZ into this session only."""

from conflictmap.ui import page, yourdata

with page.guard():
    atlas, lang = page.setup("page_your_data")
    yourdata.render(atlas, lang)
