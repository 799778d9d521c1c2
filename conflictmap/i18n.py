"""Every interface string, in English and Ukrainian: the pages, the map's legend, event category names, the exports
and the images. Region and place names come from the data, not from here; messages about bad data (validate, the
importers' row errors, the CLI) are English only, for the data maintainers who read them."""

from __future__ import annotations

LANGUAGES = {"en": "English", "uk": "Українська"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Ukraine conflict map", "uk": "Карта війни в Україні"},
    "date": {"en": "Date", "uk": "Дата"},
    "prev_change": {"en": "◀ control change", "uk": "◀ зміна контролю"},
    "next_change": {"en": "control change ▶", "uk": "зміна контролю ▶"},
    "prev_event": {"en": "◀ event", "uk": "◀ подія"},
    "next_event": {"en": "event ▶", "uk": "подія ▶"},
    "play": {"en": "Play", "uk": "Відтворити"},
    "pause": {"en": "Pause", "uk": "Пауза"},
    "as_of_details": {"en": "This assessment: sources and accuracy", "uk": "Ця оцінка: джерела й точність"},
    "speed": {"en": "Speed", "uk": "Швидкість"},
    "speed_slow": {"en": "slow (1 week/step)", "uk": "повільно (1 тиждень/крок)"},
    "speed_normal": {"en": "normal (1 month/step)", "uk": "звичайно (1 місяць/крок)"},
    "speed_fast": {"en": "fast (3 months/step)", "uk": "швидко (3 місяці/крок)"},
    "window": {"en": "Events shown", "uk": "Показані події"},
    "window_7": {"en": "last 7 days", "uk": "останні 7 днів"},
    "window_30": {"en": "last 30 days", "uk": "останні 30 днів"},
    "window_90": {"en": "last 90 days", "uk": "останні 90 днів"},
    "window_365": {"en": "last 365 days", "uk": "останні 365 днів"},
    "window_all": {"en": "all up to the date", "uk": "усі до дати"},
    "layers": {"en": "Layers", "uk": "Шари"},
    "layer_regions": {"en": "Regions", "uk": "Області"},
    "layer_region_names": {"en": "Region names", "uk": "Назви областей"},
    "layer_neighbours": {"en": "Neighbouring countries", "uk": "Сусідні країни"},
    "layer_claimed": {"en": "Claimed by Russia (annexation claim)", "uk": "Заявлено Росією (анексія)"},
    "layer_controlled": {"en": "Controlled by Russia", "uk": "Під контролем Росії"},
    "layer_claimed_not_controlled": {"en": "Claimed but not controlled", "uk": "Заявлено, але не контрольовано"},
    "layer_changes": {"en": "Changes since the previous assessment", "uk": "Зміни від попередньої оцінки"},
    "legend_gained": {"en": "Came under Russian control (since the previous assessment)", "uk": "Перейшло під контроль Росії (від попередньої оцінки)"},
    "legend_returned": {"en": "Returned to Ukrainian control (since the previous assessment)", "uk": "Повернуто під контроль України (від попередньої оцінки)"},
    "changes_line": {
        "en": "Since the assessment of {prev}: {gained} km² came under Russian control, {returned} km² returned to Ukraine.",
        "uk": "Від оцінки {prev}: {gained} км² перейшло під контроль Росії, {returned} км² повернуто Україні.",
    },
    "present": {"en": "Present", "uk": "Презентація"},
    "present_exit": {"en": "Exit presentation (Esc)", "uk": "Вийти з презентації (Esc)"},
    "layer_selected": {"en": "Selected", "uk": "Вибране"},
    "layer_held_in_russia": {"en": "Held by Ukraine inside Russia", "uk": "Утримується Україною на території Росії"},
    "layer_events": {"en": "Events", "uk": "Події"},
    "cell_tooltip": {
        "en": "Events in this area: {n}\n{first} – {last}, mostly: {category}\nTo see single events, narrow the event window\nor open the Events page.",
        "uk": "Подій у цій місцевості: {n}\n{first} – {last}, переважно: {category}\nЩоб побачити окремі події, звузьте вікно подій\nабо відкрийте сторінку «Події».",
    },
    "events_aggregated": {
        "en": "{n} events in the window, shown as counts per area (cells of about {km} km); narrow the event window to see single events.",
        "uk": "Подій у вікні: {n}; показано кількість на місцевість (клітинки близько {km} км); звузьте вікно подій, щоб побачити окремі події.",
    },
    "basemap": {"en": "Basemap", "uk": "Основа карти"},
    "basemap_outlines": {"en": "Outlines only (works offline)", "uk": "Лише контури (працює офлайн)"},
    "basemap_osm": {"en": "OpenStreetMap tiles (needs internet)", "uk": "Тайли OpenStreetMap (потрібен інтернет)"},
    "language": {"en": "Language", "uk": "Мова"},
    "legend": {"en": "Legend", "uk": "Легенда"},
    "fullscreen": {"en": "Full screen", "uk": "На весь екран"},
    "as_of": {
        "en": "Control shown: assessment of {as_of} ({age}) — {label}.",
        "uk": "Контроль: оцінка станом на {as_of} ({age}) — {label}.",
    },
    "as_of_same_day": {"en": "same day as the selected date", "uk": "того ж дня, що й обрана дата"},
    "as_of_age": {"en": "{days} days older than the selected date", "uk": "на {days} дн. старша за обрану дату"},
    "as_of_none": {
        "en": "No control assessment before this date: no area is shown as controlled.",
        "uk": "До цієї дати немає оцінки контролю: контрольована територія не показана.",
    },
    "as_of_last": {"en": "Last assessed date in the data: {d}.", "uk": "Остання дата оцінки в даних: {d}."},
    "as_of_age_today": {"en": "{days} days before today", "uk": "{days} дн. до сьогодні"},
    "as_of_latest": {
        "en": "Latest assessment {d}, {days} days before today: nothing later is shown.",
        "uk": "Остання оцінка {d}, {days} дн. до сьогодні: пізніших змін не показано.",
    },
    "approximation": {"en": "Approximation", "uk": "Наближення"},
    "sources": {"en": "Sources", "uk": "Джерела"},
    "metric_controlled": {"en": "Ukraine controlled by Russia", "uk": "Територія України під контролем Росії"},
    "metric_claimed_not_controlled": {"en": "Claimed but not controlled", "uk": "Заявлено, але не контрольовано"},
    "metric_controlled_outside": {"en": "Controlled outside the claims", "uk": "Контрольовано поза заявленим"},
    "details": {"en": "Details", "uk": "Деталі"},
    "details_hint": {
        "en": "Click a region or an event on the map for its sourced details.",
        "uk": "Натисніть на область або подію на карті, щоб побачити деталі з джерелами.",
    },
    "claimed_since": {"en": "Claimed by Russia since {d}", "uk": "Заявлено Росією з {d}"},
    "not_claimed": {"en": "Not claimed by Russia on this date", "uk": "Не заявлено Росією на цю дату"},
    "controlled_share": {"en": "Controlled by Russia: {pct}% ({km2} km²)", "uk": "Під контролем Росії: {pct}% ({km2} км²)"},
    "events_in_region": {"en": "Events in this region up to the date", "uk": "Події в цій області до дати"},
    "no_events": {"en": "No events recorded.", "uk": "Подій не зафіксовано."},
    "casualties": {"en": "Casualty reports (each as reported, not merged)", "uk": "Повідомлення про жертви (кожне окремо)"},
    "killed": {"en": "killed", "uk": "загинули"},
    "injured": {"en": "injured", "uk": "поранені"},
    "copy_link": {"en": "Link to this view", "uk": "Посилання на цей вигляд"},
    "place_search": {"en": "Find a place", "uk": "Знайти місце"},
    "place_search_help": {"en": "Type a town, e.g. Bakhmut", "uk": "Введіть назву, напр. Бахмут"},
    "place_not_found": {"en": "No place called “{q}” in the gazetteer.", "uk": "Місце «{q}» не знайдено."},
    "clear_selection": {"en": "Clear selection", "uk": "Зняти вибір"},
    "rejected_by": {"en": "Rejected by", "uk": "Відхилено"},
    "abstentions": {"en": "{n} abstentions", "uk": "утрималися: {n}"},
    "assessment_of": {"en": "assessment {d}", "uk": "оцінка {d}"},
    "data_updated": {
        "en": "Data updated: the map now shows the latest version of the shared data.",
        "uk": "Дані оновлено: карта тепер показує найновішу версію спільних даних.",
    },
    "data_error": {
        "en": "The data could not be loaded. Run `python -m conflictmap validate` and fix the problems it lists.",
        "uk": "Не вдалося завантажити дані. Запустіть `python -m conflictmap validate` і виправте вказані проблеми.",
    },
    "bad_param": {
        "en": "The link asked for {what} “{value}”, which does not exist; showing the default instead.",
        "uk": "Посилання містить {what} «{value}», якого немає; показано типове значення.",
    },
    "page_events": {"en": "Events", "uk": "Події"},
    "page_regions": {"en": "Region dossier", "uk": "Досьє області"},
    "page_story": {"en": "Story", "uk": "Історія"},
    "page_compare": {"en": "Compare two dates", "uk": "Порівняти дві дати"},
    "page_about": {"en": "About and methodology", "uk": "Про проєкт і методологію"},
    "page_your_data": {"en": "Your data", "uk": "Ваші дані"},
    "search_text": {"en": "Search text", "uk": "Пошук у тексті"},
    "date_range": {"en": "Date range", "uk": "Проміжок дат"},
    "region": {"en": "Region", "uk": "Область"},
    "category": {"en": "Category", "uk": "Категорія"},
    "n_events": {"en": "{n} events match.", "uk": "Знайдено подій: {n}."},
    "n_events_one": {"en": "1 event matches.", "uk": "Знайдено подій: 1."},
    "n_events_shown": {
        "en": "{total} events match; showing the first {n} (and the downloads hold these). Narrow the filters to see the others.",
        "uk": "Знайдено подій: {total}; показано перші {n} (їх містять і завантаження). Звузьте фільтри, щоб побачити інші.",
    },
    "download_csv": {"en": "Download CSV", "uk": "Завантажити CSV"},
    "download_geojson": {"en": "Download GeoJSON", "uk": "Завантажити GeoJSON"},
    "open_on_map": {"en": "Open on the map", "uk": "Відкрити на карті"},
    "select_row_hint": {"en": "Select a row to see the event with all its sources.", "uk": "Виберіть рядок, щоб побачити подію з усіма джерелами."},
    "chart_share": {"en": "Share of Ukraine controlled by Russia (%)", "uk": "Частка України під контролем Росії (%)"},
    "chart_claimed_nc": {"en": "Claimed but not controlled (km²)", "uk": "Заявлено, але не контрольовано (км²)"},
    "trend": {"en": "Over time", "uk": "З часом"},
    "status_changes": {"en": "Dates its status changed", "uk": "Дати зміни статусу"},
    "all_sources": {"en": "All sources", "uk": "Усі джерела"},
    "back_to_map": {"en": "Show on the map", "uk": "Показати на карті"},
    "story_prev": {"en": "◀ Previous", "uk": "◀ Назад"},
    "story_next": {"en": "Next ▶", "uk": "Далі ▶"},
    "story_step": {"en": "Step {i} of {n}", "uk": "Крок {i} з {n}"},
    "autoplay": {"en": "Autoplay", "uk": "Автовідтворення"},
    "story_pick": {"en": "Story", "uk": "Історія"},
    "date_a": {"en": "First date", "uk": "Перша дата"},
    "date_b": {"en": "Second date", "uk": "Друга дата"},
    "gained_by_russia": {"en": "Came under Russian control", "uk": "Перейшло під контроль Росії"},
    "regained_by_ukraine": {"en": "Returned to Ukrainian control", "uk": "Повернуто під контроль України"},
    "cite": {"en": "Cite this view", "uk": "Цитувати цей вигляд"},
    "headline_help": {
        "en": "Shares are of Ukraine within its internationally recognised borders; areas are measured on the ellipsoid (GRS80).",
        "uk": "Частки від території України в міжнародно визнаних кордонах; площі виміряно на еліпсоїді (GRS80).",
    },
    "col_date": {"en": "date", "uk": "дата"},
    "col_title": {"en": "title", "uk": "назва"},
    "col_category": {"en": "category", "uk": "категорія"},
    "col_place": {"en": "place", "uk": "місце"},
    "col_region": {"en": "region", "uk": "область"},
    "col_killed": {"en": "killed (latest report)", "uk": "загинули (останнє повідомлення)"},
    "col_source": {"en": "source {i}", "uk": "джерело {i}"},
    "local_time": {"en": "{t} (local time)", "uk": "{t} (місцевий час)"},
    "reported_at": {"en": "reported at", "uk": "коли повідомлено"},
    "reported_by": {"en": "reported by", "uk": "хто повідомив"},
    "note": {"en": "note", "uk": "примітка"},
    "source": {"en": "source", "uk": "джерело"},
    "coordinates": {"en": "Coordinates: {src}", "uk": "Координати: {src}"},
    "precision_exact": {"en": "exact site", "uk": "точне місце"},
    "precision_settlement": {"en": "settlement", "uk": "населений пункт"},
    "precision_region": {"en": "region", "uk": "область"},
    "precision_country": {"en": "country", "uk": "країна"},
    "no_stories": {"en": "No stories in stories/.", "uk": "У теці stories/ немає історій."},
}


# Strings of the "Your data" page (conflictmap/ui/yourdata.py), under the prefix "yd_".
_YOUR_DATA_STRINGS: dict[str, dict[str, str]] = {
    "intro": {
        "en": "Add your own events ({events}: points with a date) or control layers "
              "({control}; the date from a property or the file name). They stay **in this browser session only**; "
              "the shipped data never changes. Files up to **{mb} MB** (larger ones are refused by the server; split them, "
              "or import them with `python -m conflictmap import` into your own data root).",
        "uk": "Додайте власні події ({events}: точки з датою) чи шари контролю "
              "({control}; дата з властивості або з назви файлу). Вони залишаються **лише в цьому сеансі браузера**; "
              "дані проєкту не змінюються. Файли до **{mb} МБ** (більші сервер відхиляє; розділіть їх або імпортуйте "
              "командою `python -m conflictmap import` у власний каталог даних).",
    },
    "show_mode": {"en": "Show your data", "uk": "Показати ваші дані"},
    "mode_beside": {"en": "beside the shipped layers", "uk": "поряд із шарами проєкту"},
    "mode_instead": {"en": "instead of the shipped events and control", "uk": "замість подій і контролю проєкту"},
    "tab_events": {"en": "Events", "uk": "Події"},
    "tab_control": {"en": "Control layers", "uk": "Шари контролю"},
    "events_file": {"en": "Events file", "uk": "Файл подій"},
    "format": {"en": "Format", "uk": "Формат"},
    "import_events": {"en": "Import events", "uk": "Імпортувати події"},
    "cancel": {"en": "Cancel", "uk": "Скасувати"},
    "reading": {"en": "Reading…", "uk": "Читання…"},
    "rows_read": {"en": "{done} of {total} rows or features read", "uk": "Прочитано рядків або об'єктів: {done} з {total}"},
    "control_files": {"en": "Control layer files", "uk": "Файли шарів контролю"},
    "source_url": {
        "en": "Where was this layer published? (http(s) URL; required unless the file is a DeepState daily file)",
        "uk": "Де опубліковано цей шар? (URL http(s); обов'язково, якщо це не щоденний файл DeepState)",
    },
    "import_control": {"en": "Import control layers", "uk": "Імпортувати шари контролю"},
    "files_read": {"en": "{n} file(s) read", "uk": "Прочитано файлів: {n}"},
    "report": {"en": "Import report", "uk": "Звіт про імпорт"},
    "download_report": {"en": "Download the report (CSV)", "uk": "Завантажити звіт (CSV)"},
    "your_events": {"en": "Your events on the map", "uk": "Ваші події на карті"},
    "more_events": {"en": "… and {n} more: see the Events page.", "uk": "… і ще {n}: див. сторінку «Події»."},
    "in_session": {
        "en": "In this session: {n_e} of your events and {n_s} of your control layers, shown {mode}.",
        "uk": "У цьому сеансі: ваших подій — {n_e}, ваших шарів контролю — {n_s}; показано {mode}.",
    },
    "remove": {"en": "Remove your data from this session", "uk": "Видалити ваші дані з цього сеансу"},
}
STRINGS.update({f"yd_{k}": v for k, v in _YOUR_DATA_STRINGS.items()})


# Strings of the standalone HTML exports (conflictmap/export.py), under the prefix "export_".
_EXPORT_STRINGS: dict[str, dict[str, str]] = {
    "view_title": {"en": "Ukraine conflict map — view of {d}", "uk": "Карта війни в Україні — стан на {d}"},
    "timelapse_title": {"en": "Ukraine conflict map — time-lapse", "uk": "Карта війни в Україні — хронологія"},
    "figures": {"en": "Headline figures", "uk": "Основні показники"},
    "controlled_of_ukraine": {"en": "{pct}% ({km2} km²)", "uk": "{pct}% ({km2} км²)"},
    "claimed_total": {"en": "Claimed by Russia", "uk": "Заявлено Росією"},
    "events_window": {"en": "Events in the last 30 days up to {d}", "uk": "Події за останні 30 днів до {d}"},
    "control_sources": {"en": "Control assessment", "uk": "Оцінка контролю"},
    "claims_sources": {"en": "Claims in force", "uk": "Чинні заяви про анексію"},
    "cite": {"en": "Cite this view", "uk": "Як цитувати"},
    "citation": {
        "en": "Ukraine conflict map, view of {d} ({control}), accessed {today}, {link}",
        "uk": "Карта війни в Україні, стан на {d} ({control}), дата звернення {today}, {link}",
    },
    "citation_control": {"en": "control as assessed on {d}", "uk": "контроль за оцінкою станом на {d}"},
    "citation_no_control": {"en": "no control assessment", "uk": "без оцінки контролю"},
    "exported": {
        "en": "Exported {today} from the Ukraine conflict map; works offline (no map tiles, outlines only).",
        "uk": "Експортовано {today} з карти війни в Україні; працює офлайн (лише контури, без тайлів).",
    },
    "link_withheld": {"en": "link withheld: not an http(s) URL", "uk": "посилання приховано: не http(s)"},
    "timelapse_note": {
        "en": "Areas simplified to about 500 m for this file. Events shown: the 30 days up to the date.",
        "uk": "Для цього файлу контури спрощено приблизно до 500 м. Показано події за 30 днів до дати.",
    },
    "events_shown": {"en": "Events shown", "uk": "Показані події"},
    "controlled_pct": {"en": "Ukraine controlled by Russia: {pct}%", "uk": "Територія України під контролем Росії: {pct}%"},
    "button_view": {"en": "HTML: this view (works offline)", "uk": "HTML: цей вигляд (працює офлайн)"},
    "button_timelapse": {"en": "HTML: time-lapse 2014–today (works offline)", "uk": "HTML: хронологія 2014–сьогодні (працює офлайн)"},
}
STRINGS.update({f"export_{k}": v for k, v in _EXPORT_STRINGS.items()})


# Errors and limits (issue 14): what went wrong and what to do, never a traceback.
STRINGS.update({
    "page_error": {
        "en": "Something went wrong on this page (error id {id}; the details are in the server's log). Reload the page; "
              "if you imported your own data, remove it from this session and import it again.",
        "uk": "На цій сторінці сталася помилка (ідентифікатор {id}; подробиці — в журналі сервера). Перезавантажте "
              "сторінку; якщо ви імпортували власні дані, видаліть їх із сеансу й імпортуйте знову.",
    },
    "yd_unusable": {
        "en": "This file could not be imported: {reason}. Check the file (UTF-8 text, GeoJSON/CSV/KML as named) and try again.",
        "uk": "Цей файл не вдалося імпортувати: {reason}. Перевірте файл (текст UTF-8, GeoJSON/CSV/KML) і спробуйте знову.",
    },
    "yd_limits": {
        "en": "Limits per import: {rows} rows or features of events; {polygons} polygons and {vertices} vertices of control "
              "layers. Per session: {mb} MB uploaded and {events} events in all.",
        "uk": "Обмеження на один імпорт: {rows} рядків або об'єктів подій; {polygons} полігонів і {vertices} вершин шарів "
              "контролю. На сеанс: усього {mb} МБ завантажень і {events} подій.",
    },
    "yd_over_budget": {
        "en": "Not imported: {reason}. Split the file, remove some of your data from this session, or import it with "
              "`python -m conflictmap import` into a data root of your own.",
        "uk": "Не імпортовано: {reason}. Розділіть файл, видаліть частину ваших даних із сеансу або імпортуйте його "
              "командою `python -m conflictmap import` у власний каталог даних.",
    },
})
# Strings of the images for publication (conflictmap/images.py), under the prefix "img_".
_IMAGE_STRINGS: dict[str, dict[str, str]] = {
    "title": {"en": "Russia's war against Ukraine — {d}", "uk": "Війна Росії проти України — {d}"},
    "subtitle": {
        "en": "Ground controlled and claimed by Russia on {d}",
        "uk": "Територія під контролем Росії та заявлена нею станом на {d}",
    },
    "months": {
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
        "uk": "січня,лютого,березня,квітня,травня,червня,липня,серпня,вересня,жовтня,листопада,грудня",
    },
    "legend_controlled": {
        "en": "Controlled by Russia: {km2} {unit} ({pct}% of Ukraine)",
        "uk": "Під контролем Росії: {km2} {unit} ({pct}% України)",
    },
    "legend_claimed": {"en": "Claimed by Russia (annexation claim): {km2} {unit}", "uk": "Заявлено Росією (анексія): {km2} {unit}"},
    "legend_claimed_not_controlled": {"en": "Claimed but not controlled: {km2} {unit}", "uk": "Заявлено, але не контрольовано: {km2} {unit}"},
    "legend_held": {"en": "Held by Ukraine inside Russia: {km2} {unit}", "uk": "Утримується Україною на території Росії: {km2} {unit}"},
    "legend_region": {"en": "{name}: {km2} {unit} controlled ({pct}%)", "uk": "{name}: під контролем {km2} {unit} ({pct}%)"},
    "source": {
        "en": "Control as assessed on {d}; sources: {publishers}.",
        "uk": "Контроль за оцінкою станом на {d}; джерела: {publishers}.",
    },
    "source_held": {"en": "Inside Russia: {d}, {publishers}.", "uk": "На території Росії: {d}, {publishers}."},
    "approximation": {
        "en": "Approximation: lines join named places, may be off by several km; grey zones and small pockets are not shown.",
        "uk": "Наближення: лінії з'єднують названі місця, похибка — кілька км; сірі зони й малі анклави не показано.",
    },
    "licence": {
        "en": "Data: conflictmap contributors, CC BY 4.0; boundaries: Natural Earth",
        "uk": "Дані: учасники conflictmap, CC BY 4.0; кордони: Natural Earth",
    },
    "place_russia": {"en": "RUSSIA", "uk": "РОСІЯ"},
    "place_belarus": {"en": "BELARUS", "uk": "БІЛОРУСЬ"},
    "place_poland": {"en": "POLAND", "uk": "ПОЛЬЩА"},
    "place_moldova": {"en": "MOLDOVA", "uk": "МОЛДОВА"},
    "place_black_sea": {"en": "Black Sea", "uk": "Чорне море"},
    "place_azov": {"en": "Sea of Azov", "uk": "Азовське море"},
    "download_png": {"en": "PNG: this view (for publication)", "uk": "PNG: цей вигляд (для публікації)"},
    "download_gif": {"en": "GIF: {a} to {b}, every {n} days", "uk": "GIF: з {a} по {b}, кожні {n} дн."},
    "gif_help": {"en": "{n} frames, about {s} s to draw", "uk": "Кадрів: {n}; малювання триває близько {s} с"},
    "gif_too_long": {
        "en": "{n} frames is too many for a GIF (at most {max}); narrow the range.",
        "uk": "Забагато кадрів для GIF: {n} (не більше {max}); звузьте проміжок.",
    },
}
STRINGS.update({f"img_{k}": v for k, v in _IMAGE_STRINGS.items()})
# Event categories' names (model.EVENT_CATEGORIES; their shapes and colours are in layers.CATEGORY_STYLE).
_CATEGORY_STRINGS: dict[str, dict[str, str]] = {
    "strike_on_civilians": {"en": "Strike on civilians", "uk": "Удар по цивільних"},
    "civilian_harm": {"en": "Harm to civilians", "uk": "Шкода цивільним"},
    "military_strike": {"en": "Strike on a military target", "uk": "Удар по військовій цілі"},
    "battle": {"en": "Battle", "uk": "Бій"},
    "capture": {"en": "Captured by Russian forces", "uk": "Захоплено російськими військами"},
    "liberation": {"en": "Retaken by Ukrainian forces", "uk": "Звільнено українськими військами"},
    "annexation_act": {"en": "Annexation act", "uk": "Акт анексії"},
    "diplomacy": {"en": "Diplomacy or statement", "uk": "Дипломатія чи заява"},
    "infrastructure": {"en": "Infrastructure", "uk": "Інфраструктура"},
    "humanitarian": {"en": "Humanitarian", "uk": "Гуманітарне"},
}
STRINGS.update({f"category_{k}": v for k, v in _CATEGORY_STRINGS.items()})
STRINGS.update({
    "scrub_label": {"en": "Scrub the timeline (drag: the map follows)", "uk": "Прокрутка хронології (тягніть: карта стежить)"},
    "scrub_all": {"en": "all", "uk": "усе"},
    "scrub_recent": {"en": "2022–today", "uk": "2022–сьогодні"},
    "scrub_span": {"en": "Range of the strip", "uk": "Проміжок смуги"},
})
STRINGS.update({  # the static edition (conflictmap/site.py, templates/site.js)
    "site_note": {
        "en": "Static edition, built {built}: areas simplified to about 1 km; events: the 30 days up to the date.",
        "uk": "Статичне видання, зібране {built}: контури спрощено приблизно до 1 км; події за 30 днів до дати.",
    },
    "site_loading": {"en": "Loading…", "uk": "Завантаження…"},
    "site_load_error": {"en": "Some data could not be loaded; reload the page.", "uk": "Частину даних не вдалося завантажити; оновіть сторінку."},
    "site_noscript": {"en": "This map needs JavaScript.", "uk": "Для цієї карти потрібен JavaScript."},
})


def t(key: str, lang: str = "en", **kwargs) -> str:
    """The string ``key`` in ``lang`` (falling back to English), formatted with ``kwargs``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


NBSP = "\u00a0"  # Ukrainian groups thousands with a (no-break) space: 25 966, not 25,966
UNIT_KM2 = {"en": "km²", "uk": "км²"}


def fmt_num(x: float, lang: str = "en", decimals: int = 0) -> str:
    """A number in ``lang``'s style: "25,966" / "18.9" in English, "25 966" / "18,9" in Ukrainian."""
    text = f"{x:,.{decimals}f}"
    if lang == "uk":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def fmt_int(n: float, lang: str = "en") -> str:
    """A whole number (rounded) with thousands grouped in ``lang``'s style."""
    return fmt_num(n, lang, 0)


def fmt_km2(x: float, lang: str = "en") -> str:
    """An area, rounded to whole km², with its unit: "25,966 km²" / "25 966 км²"."""
    return f"{fmt_int(x, lang)}{NBSP if lang == 'uk' else ' '}{UNIT_KM2.get(lang, UNIT_KM2['en'])}"


def category_label(category: str, lang: str = "en") -> str:
    """An event category's name in ``lang`` (``category_<key>``); an unknown category (a user's import) as it is."""
    key = f"category_{category}"
    return t(key, lang) if key in STRINGS else category
def fmt_km2_change(x: float, lang: str = "en") -> str:
    """A change in km² with its sign first ("+1,234 km²", "-1 234 км²"; no change is "+0"): Streamlit colours a
    metric's delta by that sign."""
    return ("-" if round(x) < 0 else "+") + fmt_km2(abs(x), lang)
