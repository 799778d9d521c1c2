"""Reference facts about Ukraine's 27 first-level units (ISO 3166-2:UA).

Names follow the national romanisation (Cabinet of Ministers Resolution No. 55 of 27 Jan 2010) and the MFA's
#CorrectUA spelling (Kyiv, Odesa, Zaporizhzhia, Mykolaiv). Official areas are the State Statistics Service values
as reproduced in Wikipedia's "List of Ukrainian oblasts and territories by area"; Sevastopol's 864 km² from
mapsofworld (see docs/data.md for all sources).
"""

from __future__ import annotations

from typing import NamedTuple

UKRAINE_AREA_KM2_OFFICIAL = 603_628
"""Ukraine's official area including Crimea and Sevastopol."""


class RegionRef(NamedTuple):
    iso: str
    name: str
    name_uk: str
    kind: str
    area_km2_official: int


REGION_TABLE: tuple[RegionRef, ...] = (
    RegionRef("UA-05", "Vinnytsia Oblast", "Вінницька область", "oblast", 26_513),
    RegionRef("UA-07", "Volyn Oblast", "Волинська область", "oblast", 20_144),
    RegionRef("UA-09", "Luhansk Oblast", "Луганська область", "oblast", 26_684),
    RegionRef("UA-12", "Dnipropetrovsk Oblast", "Дніпропетровська область", "oblast", 31_914),
    RegionRef("UA-14", "Donetsk Oblast", "Донецька область", "oblast", 26_517),
    RegionRef("UA-18", "Zhytomyr Oblast", "Житомирська область", "oblast", 29_832),
    RegionRef("UA-21", "Zakarpattia Oblast", "Закарпатська область", "oblast", 12_777),
    RegionRef("UA-23", "Zaporizhzhia Oblast", "Запорізька область", "oblast", 27_180),
    RegionRef("UA-26", "Ivano-Frankivsk Oblast", "Івано-Франківська область", "oblast", 13_900),
    RegionRef("UA-30", "Kyiv", "Київ", "city_with_special_status", 839),
    RegionRef("UA-32", "Kyiv Oblast", "Київська область", "oblast", 28_131),
    RegionRef("UA-35", "Kirovohrad Oblast", "Кіровоградська область", "oblast", 24_588),
    RegionRef("UA-40", "Sevastopol", "Севастополь", "city_with_special_status", 864),
    RegionRef("UA-43", "Autonomous Republic of Crimea", "Автономна Республіка Крим", "autonomous_republic", 26_081),
    RegionRef("UA-46", "Lviv Oblast", "Львівська область", "oblast", 21_833),
    RegionRef("UA-48", "Mykolaiv Oblast", "Миколаївська область", "oblast", 24_598),
    RegionRef("UA-51", "Odesa Oblast", "Одеська область", "oblast", 33_310),
    RegionRef("UA-53", "Poltava Oblast", "Полтавська область", "oblast", 28_748),
    RegionRef("UA-56", "Rivne Oblast", "Рівненська область", "oblast", 20_047),
    RegionRef("UA-59", "Sumy Oblast", "Сумська область", "oblast", 23_834),
    RegionRef("UA-61", "Ternopil Oblast", "Тернопільська область", "oblast", 13_823),
    RegionRef("UA-63", "Kharkiv Oblast", "Харківська область", "oblast", 31_415),
    RegionRef("UA-65", "Kherson Oblast", "Херсонська область", "oblast", 28_461),
    RegionRef("UA-68", "Khmelnytskyi Oblast", "Хмельницька область", "oblast", 20_645),
    RegionRef("UA-71", "Cherkasy Oblast", "Черкаська область", "oblast", 20_900),
    RegionRef("UA-74", "Chernihiv Oblast", "Чернігівська область", "oblast", 31_865),
    RegionRef("UA-77", "Chernivtsi Oblast", "Чернівецька область", "oblast", 8_097),
)

REGIONS_BY_ISO = {r.iso: r for r in REGION_TABLE}

# GeoNames' first-level codes for Ukraine (``admin1code`` in cities500) and the ISO unit each stands for. Checked by
# locating every GeoNames place of 5,000+ people on Natural Earth's unsimplified admin-1 polygons: each code's
# majority unit is the one below.
GEONAMES_ADMIN1_TO_ISO = {
    "01": "UA-71", "02": "UA-74", "03": "UA-77", "04": "UA-12", "05": "UA-14", "06": "UA-26", "07": "UA-63",
    "08": "UA-65", "09": "UA-68", "10": "UA-35", "11": "UA-43", "12": "UA-30", "13": "UA-32", "14": "UA-09",
    "15": "UA-46", "16": "UA-48", "17": "UA-51", "18": "UA-53", "19": "UA-56", "20": "UA-40", "21": "UA-59",
    "22": "UA-61", "23": "UA-05", "24": "UA-07", "25": "UA-21", "26": "UA-23", "27": "UA-18",
}
FIDELITY_MIN_POPULATION = 5_000
"""Every GeoNames place in Ukraine of at least this many people must lie in its own unit on our boundaries."""
FIDELITY_EXTRA_POINTS = (
    # (what, lat, lon, iso): points our own data uses that must lie in a given unit.
    ("Kherson city centre, the point of the project's Kherson events", 46.637, 32.615, "UA-65"),
)


class RussianRegionRef(NamedTuple):
    iso: str
    name: str
    name_uk: str


# Russia's first-level units on Ukraine's border: where Ukrainian forces have held ground inside Russia (the Kursk
# incursion of 2024–2025) and where cross-border strikes and fighting take place. Not part of Ukraine's totals.
RUSSIAN_BORDER_TABLE: tuple[RussianRegionRef, ...] = (
    RussianRegionRef("RU-BRY", "Bryansk Oblast", "Брянська область"),
    RussianRegionRef("RU-KRS", "Kursk Oblast", "Курська область"),
    RussianRegionRef("RU-BEL", "Belgorod Oblast", "Бєлгородська область"),
    RussianRegionRef("RU-VOR", "Voronezh Oblast", "Воронезька область"),
    RussianRegionRef("RU-ROS", "Rostov Oblast", "Ростовська область"),
)
RUSSIAN_BORDER_BY_ISO = {r.iso: r for r in RUSSIAN_BORDER_TABLE}
ISO_CODES = frozenset(REGIONS_BY_ISO)
REGION_KINDS = ("oblast", "autonomous_republic", "city_with_special_status")

# Cities whose official area differs from Natural Earth's generalised polygon by more than the 12% tolerance:
# at 1:10m a 839 km² city is a handful of vertices, and Sevastopol's official area itself is disputed
# (864 km² in older statistics, 1,079 km² in current sources).
AREA_CHECK_EXEMPT = {
    "UA-30": "Kyiv city is 839 km²; Natural Earth's 1:10m outline is a coarse polygon of about 1,640 km² (+96%).",
    "UA-40": "Sevastopol's published area differs between sources (864 vs 1,079 km²); the 1:10m outline gives 748 km².",
}
