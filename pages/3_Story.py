"""Story mode for the classroom: step through key moments with large captions."""

from conflictmap.ui import page, story_page

with page.guard():
    atlas, lang = page.setup("page_story")
    story_page.render(atlas, lang)
