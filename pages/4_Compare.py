"""Compare two dates: what changed hands, in km²."""

from conflictmap.ui import compare_page, page

with page.guard():
    atlas, lang = page.setup("page_compare")
    compare_page.render(atlas, lang)
