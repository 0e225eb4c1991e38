"""Which world regions (ecosystem.WorldRegion slugs) a country belongs to.

Simplified from the UN M49 geoscheme (regions and sub-regions), with the EU-27 members and
the states bordering the Mediterranean; a country may belong to several regions (Morocco is
in Africa, the Middle East and North Africa, and the Mediterranean).
"""

from functools import lru_cache

_REGIONS: dict[str, str] = {
    "africa": (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU "
        "MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW EH RE YT SH"
    ),
    "north-america": "US CA BM GL PM",
    "latin-america": (
        "AR BO BR CL CO EC GY PY PE SR UY VE MX BZ CR SV GT HN NI PA AG BS BB CU DM DO GD HT JM KN LC VC TT PR "
        "AW CW SX BQ GF GP MQ KY TC VG VI AI MS BL MF FK"
    ),
    "east-asia": "CN JP KR KP MN TW HK MO",
    "south-east-asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "south-asia": "AF BD BT IN IR MV NP PK LK",
    "middle-east": "BH EG IR IQ IL JO KW LB LY MA OM PS QA SA SY TN TR AE YE DZ",
    "european-union": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    "eastern-europe": "BY BG CZ HU MD PL RO RU SK UA AL BA ME MK RS XK GE AM AZ",
    "mediterranean": "ES FR MC IT MT SI HR BA ME AL GR TR CY SY LB IL PS EG LY TN DZ MA",
    "oceania": "AU NZ FJ PG SB VU NC PF WS TO KI FM MH NR PW TV",
}


@lru_cache(maxsize=1)
def countries_by_region() -> dict[str, frozenset[str]]:
    return {slug: frozenset(codes.split()) for slug, codes in _REGIONS.items()}


def countries_in(region_slug: str) -> frozenset[str]:
    return countries_by_region().get(region_slug, frozenset())


def regions_of(country: str) -> set[str]:
    return {slug for slug, codes in countries_by_region().items() if (country or "").upper() in codes}
