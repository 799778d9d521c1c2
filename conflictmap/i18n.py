"""Every interface string, in English and Ukrainian. Region and place names come from the data, not from here."""

from __future__ import annotations

LANGUAGES = {"en": "English", "uk": "Українська"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Ukraine conflict map", "uk": "Карта війни в Україні"},
    "date": {"en": "Date", "uk": "Дата"},
    "prev_change": {"en": "◀ control change", "uk": "◀ зміна контролю"},
    "next_change": {"en": "control change ▶", "uk": "зміна контролю ▶"},
    "prev_event": {"en": "◀ event", "uk": "◀ подія"},
    "next_event": {"en": "event ▶", "uk": "подія ▶"},
    "play": {"en": "▶ Play", "uk": "▶ Відтворити"},
    "pause": {"en": "⏸ Pause", "uk": "⏸ Пауза"},
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
    "layer_events": {"en": "Events", "uk": "Події"},
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
    "data_error": {
        "en": "The data could not be loaded. Run `python -m conflictmap validate` and fix the problems it lists.",
        "uk": "Не вдалося завантажити дані. Запустіть `python -m conflictmap validate` і виправте вказані проблеми.",
    },
    "bad_param": {
        "en": "The link asked for {what} “{value}”, which does not exist; showing the default instead.",
        "uk": "Посилання містить {what} «{value}», якого немає; показано типове значення.",
    },
    "headline_help": {
        "en": "Shares are of Ukraine within its internationally recognised borders, measured in an equal-area projection.",
        "uk": "Частки від території України в міжнародно визнаних кордонах, виміряні в рівноплощинній проєкції.",
    },
}


def t(key: str, lang: str = "en", **kwargs) -> str:
    """The string ``key`` in ``lang`` (falling back to English), formatted with ``kwargs``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text
