"""SDG goals and targets in English, Catalan and Spanish; themes; world regions."""

import re
from pathlib import Path

import yaml

from interlocal.core.models import SdgGoal, SdgTarget, Theme
from interlocal.ecosystem.models import WorldRegion

SDG_DIR = Path(__file__).resolve().parent.parent.parent / "core" / "data" / "sdg"

THEMES = [
    ("climate", "Climate and environment"), ("mobility", "Urban mobility"), ("housing", "Housing"),
    ("economy", "Economic development"), ("investment", "Investment attraction"), ("talent", "Talent"),
    ("tourism", "Tourism"), ("culture", "Culture"), ("knowledge", "Knowledge and innovation"),
    ("science", "Science diplomacy"), ("cooperation", "Development cooperation"),
    ("governance", "Metropolitan governance"), ("social-inclusion", "Social inclusion"),
    ("water", "Water and sanitation"), ("urban-planning", "Urban planning"), ("peace", "Peace and living together"),
]  # fmt: skip

WORLD_REGIONS = [
    ("africa", "Africa"), ("north-america", "North America"), ("latin-america", "Latin America and the Caribbean"),
    ("east-asia", "East Asia"), ("south-east-asia", "South-East Asia"), ("south-asia", "South Asia"),
    ("middle-east", "Middle East and North Africa"), ("european-union", "European Union"),
    ("eastern-europe", "Eastern Europe"), ("mediterranean", "Mediterranean"), ("oceania", "Oceania"),
]  # fmt: skip


def _yaml(language: str, name: str) -> dict[str, str]:
    with open(SDG_DIR / language / f"{name}.yml", encoding="utf-8") as handle:
        names: dict[str, str] = yaml.safe_load(handle)
        return names


def _target_sort_key(code: str) -> tuple[int, str]:
    suffix = code.split(".")[1]
    return (int(suffix), "") if suffix.isdigit() else (1000, suffix)


def load_reference() -> str:
    goals = {lang: _yaml(lang, "global_goals") for lang in ("en", "ca", "es")}
    targets = {lang: _yaml(lang, "global_targets") for lang in ("en", "ca", "es")}
    for number in range(1, 18):
        SdgGoal.objects.update_or_create(
            number=number,
            defaults={
                **{f"title_{lang}": goals[lang][f"{number}-title"] for lang in goals},
                **{f"short_{lang}": goals[lang][f"{number}-short"] for lang in goals},
            },
        )
    codes = []
    for key in targets["en"]:
        match = re.fullmatch(r"(\d+)-(\w+)-title", key)
        if match:
            codes.append((int(match[1]), f"{match[1]}.{match[2]}", key))
    by_goal: dict[int, list[tuple[str, str]]] = {}
    for goal, code, key in codes:
        by_goal.setdefault(goal, []).append((code, key))
    for goal, items in by_goal.items():
        for position, (code, key) in enumerate(sorted(items, key=lambda i: _target_sort_key(i[0])), start=1):
            SdgTarget.objects.update_or_create(
                code=code,
                defaults={
                    "goal_id": goal,
                    "position": position,
                    **{f"title_{lang}": (targets[lang].get(key) or targets["en"][key]) for lang in targets},
                },
            )
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    for slug, name in WORLD_REGIONS:
        WorldRegion.objects.get_or_create(slug=slug, defaults={"name": name})
    return f"Reference data: {SdgGoal.objects.count()} SDGs, {SdgTarget.objects.count()} targets, {Theme.objects.count()} themes, {WorldRegion.objects.count()} world regions."
