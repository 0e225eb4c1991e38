"""The Barcelona Metropolitan Area (AMB) and its 36 municipalities, from territory/data."""

import csv
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify

from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.core.services import create_if_missing
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.ecosystem.models import Organisation
from interlocal.territory.models import PopulationFigure, Territory

AMB_CSV = Path(__file__).resolve().parent.parent.parent / "territory" / "data" / "amb_36_municipalities.csv"
COORDINATES_CSV = AMB_CSV.with_name("amb_municipal_coordinates.csv")  # municipal seats (ICGC), see SOURCES.txt
SOURCE = "Eurostat LAU 2019 (CC BY 4.0), via territory/data/SOURCES.txt"


def load_amb() -> str:
    owner = amb_organisation()
    metropolis, _ = create_if_missing(
        Territory,
        {"key": "amb"},
        {
            "name": "Barcelona Metropolitan Area (AMB)",
            "kind": "metropolis",
            "country": "ES",
            "area_km2": Decimal("636"),
            "owner": owner,
            "visibility": "public",
            "citation": "Report (Front matter: organisers); Llei 31/2010",
        },
    )
    if owner.territory_id is None:
        services.record_update(access=SYSTEM, user=None, instance=owner, fields={"territory": metropolis})
    created = 0
    with open(COORDINATES_CSV, encoding="utf-8") as handle:
        points = {row["ine_code"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}
    with open(AMB_CSV, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            latitude, longitude = points.get(row["ine_code"], (None, None))
            key = "barcelona" if row["name"] == "Barcelona" else slugify(row["name"])
            territory, new = create_if_missing(
                Territory,
                {"key": key},
                {
                    "name": row["name"],
                    "kind": "municipality",
                    "country": "ES",
                    "parent": metropolis,
                    "official_code": row["ine_code"],
                    "area_km2": Decimal(row["area_km2"]),
                    "latitude": latitude,
                    "longitude": longitude,
                    "owner": owner,
                    "visibility": "public",
                    "citation": "territory/data/amb_36_municipalities.csv (INE, Eurostat LAU 2019)",
                },
            )
            created += new
            if not new and territory.latitude is None and latitude is not None:
                # a database loaded before the seats were shipped gets them on the next load
                services.record_update(
                    access=SYSTEM, user=None, instance=territory, fields={"latitude": latitude, "longitude": longitude}
                )
            create_if_missing(
                PopulationFigure,
                {"territory": territory, "year": 2019},
                {
                    "population": int(row["population_lau2019"]),
                    "source": SOURCE,
                    "owner": owner,
                    "visibility": "public",
                },
            )
    return f"AMB: {Territory.objects.filter(parent=metropolis).count()} municipalities ({created} new)."


def load_municipal_councils() -> str:
    """A municipal government organisation for each AMB municipality that has none yet."""
    owner = amb_organisation()
    created = 0
    for territory in Territory.objects.filter(parent__key="amb", kind="municipality"):
        if Organisation.objects.filter(territory=territory, kind="municipal_government").exists():
            continue
        create_if_missing(
            Organisation,
            {"key": f"{territory.key}-city-council"},
            {
                "name": f"{territory.name} City Council",
                "kind": "municipal_government",
                "country": "ES",
                "territory": territory,
                "parent": None,
                "owner": owner,
                "visibility": "public",
                "citation": "Llei 31/2010 (the 36 AMB municipalities)",
            },
        )
        created += 1
    return f"Municipal councils: {created} new."
