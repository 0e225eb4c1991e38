"""The case studies and panel cities profiled on the study's framework (M13).

Source: benchmark/data/profiles.json, every value citing the report's section
in the profile's `citations`. Null stays null: "information not available".
"""

import json
from decimal import Decimal
from pathlib import Path

from interlocal.benchmark.forms import ASSESSED_FIELDS
from interlocal.benchmark.models import Profile
from interlocal.core.services import create_if_missing
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.territory.models import Territory

PROFILES_JSON = Path(__file__).resolve().parent.parent.parent / "benchmark" / "data" / "profiles.json"
DECIMALS = {"cooperation_budget_eur", "total_budget_eur", "cooperation_share_percent", "declared_budget_eur"}


def load_profiles() -> str:
    owner = amb_organisation()
    data = json.loads(PROFILES_JSON.read_text(encoding="utf-8"))
    for item in data["profiles"]:
        fields = {name: item[name] for name in ASSESSED_FIELDS if name in item}
        for name in DECIMALS & set(fields):
            if fields[name] is not None:
                fields[name] = Decimal(str(fields[name]))
        for name in ("governance_note", "planning_note", "transversal_space_note", "coordination_mechanisms",
                     "participation_mechanisms", "public_private_mechanisms", "bilateral_management",
                     "reputation_brand", "investment_instruments", "talent_instruments", "science_diplomacy",
                     "web_page", "cooperation_note", "continuity_note"):  # fmt: skip
            if fields.get(name) is None:
                fields[name] = ""
        create_if_missing(
            Profile,
            {"key": item["key"]},
            {
                **fields,
                "name": item["name"],
                "kind": item["kind"],
                "country": item["country"],
                "territory": Territory.objects.get(key=item["territory"]),
                "citations": item.get("citations", {}),
                "citation": "Report and CIDOB study (see the citation of each field)",
                "owner": owner,
                "visibility": "public",
            },
        )
    return f"Benchmark: {Profile.objects.exclude(kind='self_assessment').count()} profiles of the report."
