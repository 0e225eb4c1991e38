"""The participation app's part of the embedded default data (called by metropolis.defaults, idempotent).

Cited facts, always loaded: the activity sectors the report names, and Montreal's consultation for
its Strategic Framework for International Relations. The study gives it as a whole (ten consultative
meetings with approximately one hundred organisations; over 500 people consulted by activity
sector), so it is kept as the process's reported figures and its two steps, with no session,
count per meeting or count per sector invented. The framework is not a plan of the registry (the
benchmark names it as text), so the process names it.

Illustrative (only with `illustrative=True`, the demo): an open consultation of the AMB on its
plan, with two phases, two sessions and a few contributions, marked illustrative, so that the
portal's page and the public form have something to show.
"""

import datetime
from typing import Any

from interlocal.core.models import Theme
from interlocal.core.services import create_if_missing
from interlocal.ecosystem.models import Organisation
from interlocal.strategy.models import Objective, Plan

from .models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    ConsultationStatus,
    Contribution,
    ContributionSource,
    Moderation,
    Sector,
    SessionAttendance,
)

STAKEHOLDERS = "Study §2 (Stakeholders)"
SESSION_III = "Report §5.3 (Session III: Local Partners, Montreal)"
MONTREAL_CITATION = f"{STAKEHOLDERS}; {SESSION_III}"

# The activity sectors by which Montreal consulted over 500 people, and the companies it also consulted (Report §5.3).
SECTORS = [
    ("transport", "Transport"),
    ("technology-life-sciences", "Technology and life sciences"),
    ("digital", "Digital"),
    ("culture-creative-industry", "Culture and the creative industry"),
    ("cleantech", "Cleantech"),
    ("universities", "Universities"),
    ("companies", "Big and small companies"),
]

MONTREAL_TITLE = "Consultation for the Strategic Framework for International Relations"
MONTREAL_DESCRIPTION = (
    "Montreal linked citizens and city officials in drawing up its Strategic Framework for International "
    "Relations: ten consultative meetings were held with approximately one hundred organisations (public bodies, "
    "private companies, universities and civil society organisations). The first step was consultation with "
    "consulates, embassies, non-profit organisations and international organisations, to find out their needs and "
    "the problems to face. The second step focused on the economic aspect of international relations: over 500 "
    "people were consulted, by activity sector (transport, technology and life sciences, digital, culture and the "
    "creative industry, cleantech, universities), and big and small companies on the obstacles they found in "
    "growing internationally. The outcome was eight action plans, among them “Moving Montreal Forward” for "
    "economic and international affairs."
)
MONTREAL_NOTE = (
    "As the sources give them: ten consultative meetings with approximately one hundred organisations "
    f"({STAKEHOLDERS}); over 500 people consulted by activity sector for the economic aspect ({SESSION_III}). "
    "No count per meeting or per sector is given."
)
MONTREAL_PHASES = [
    (1, "Consultation with consulates, embassies, non-profit and international organisations"),
    (2, "The economic aspect: consultation by activity sector and with big and small companies"),
]

ILLUSTRATIVE = "Illustrative consultation built for the demo (not from the report)"


def load(*, illustrative: bool = False) -> str:
    sectors = load_sectors()
    montreal = load_montreal(sectors)
    message = f"Participation: {len(sectors)} sectors, {'1' if montreal else 'no'} cited consultation (Montreal)"
    if not illustrative:
        return message + "."
    demo = load_illustrative(sectors)
    return message + (", 1 illustrative consultation of the AMB." if demo else ".")


def load_sectors() -> dict[str, Sector]:
    return {slug: Sector.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in SECTORS}


def load_montreal(sectors: dict[str, Sector]) -> Consultation | None:
    """Montreal's process as the report gives it: the whole, its two steps, its sectors; nothing per meeting."""
    montreal = Organisation.objects.filter(key="city-of-montreal").first()
    if montreal is None:  # the registry part of the default data was not loaded
        return None
    common = {"owner": montreal, "visibility": "public", "language": "en"}
    consultation, _ = create_if_missing(
        Consultation,
        {"title": MONTREAL_TITLE, "organisation": montreal},
        {
            "plan_name": "Strategic Framework for International Relations (2017)",
            "description": MONTREAL_DESCRIPTION,
            "status": ConsultationStatus.CLOSED,
            "reported_meetings": 10,
            "reported_organisations": 100,
            "reported_people": 500,
            "reported_note": MONTREAL_NOTE,
            "citation": MONTREAL_CITATION,
            **common,
        },
        m2m={"sectors": list(sectors.values())},
    )
    for position, name in MONTREAL_PHASES:
        create_if_missing(
            ConsultationPhase,
            {"consultation": consultation, "position": position},
            {"name": name, "citation": SESSION_III, **common},
        )
    return consultation


def load_illustrative(sectors: dict[str, Sector]) -> Consultation | None:
    """An open consultation of the AMB on its plan, with sessions and contributions, all illustrative."""
    amb = Organisation.objects.filter(key="amb").first()
    plan = Plan.objects.filter(organisation=amb, title="Metropolitan Action Plan (international lines)").first()
    if amb is None or plan is None:
        return None
    common = {"owner": amb, "visibility": "public", "illustrative": True, "citation": ILLUSTRATIVE}
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=["mobility", "housing", "talent", "climate"])}
    consultation, _ = create_if_missing(
        Consultation,
        {"title": "Consultation on the international lines of the Metropolitan Action Plan", "organisation": amb},
        {
            "plan": plan,
            "description": (
                "Illustrative: the AMB asks the metropolis's organisations and its residents what its international "
                "action should do, change or keep. Every contribution is read; those published here say what was "
                "done with them."
            ),
            "status": ConsultationStatus.OPEN,
            **common,
        },
        m2m={"themes": list(themes.values()), "sectors": [sectors["transport"], sectors["universities"]]},
    )
    phases = {}
    for position, name, starts, ends in [
        (1, "Sessions with organisations", datetime.date(2026, 9, 1), datetime.date(2026, 11, 30)),
        (2, "Open contributions from the public", datetime.date(2026, 10, 1), datetime.date(2027, 1, 31)),
    ]:
        phases[position], _ = create_if_missing(
            ConsultationPhase,
            {"consultation": consultation, "position": position},
            {"name": name, "starts_on": starts, "ends_on": ends, **common},
        )
    organisations = {o.key: o for o in Organisation.objects.filter(key__in=["barcelona-city-council", "ibei", "port-of-barcelona", "barcelona-global"])}  # fmt: skip
    sessions = []
    for title, held_on, place, online, keys, counts in [
        ("Session with universities and research centres", datetime.date(2026, 9, 24), "Barcelona", False,
         ["ibei", "barcelona-city-council"], {"universities": 18, "technology-life-sciences": 7}),
        ("Session on logistics and mobility", datetime.date(2026, 10, 15), "", True,
         ["port-of-barcelona", "barcelona-global"], {"transport": 22, "companies": 11}),
    ]:  # fmt: skip
        session, _ = create_if_missing(
            ConsultationSession,
            {"consultation": consultation, "title": title},
            {"phase": phases[1], "held_on": held_on, "place": place, "online": online, **common},
            m2m={"organisations": [organisations[k] for k in keys if k in organisations]},
        )
        sessions.append(session)
        for slug, people in counts.items():
            create_if_missing(
                SessionAttendance, {"session": session, "sector": sectors[slug]}, {"people": people, **common}
            )
    objectives = {o.code: o for o in Objective.objects.filter(axis__plan=plan)}
    lines = {line.code: line for o in objectives.values() for line in o.action_lines.all()}
    contributions: list[tuple[str, dict[str, Any]]] = [
        (
            "Universities want the metropolis to help international researchers find housing near the campuses.",
            {"source": ContributionSource.ORGANISATION, "organisation": organisations.get("ibei"),
             "session": sessions[0], "sector": sectors["universities"], "objective": "1.2",
             "changed_line": "1.3.2", "response": "Illustrative: the action line on housing now names researchers."},
        ),
        (
            "Big events should publish their effect on air quality and traffic, not only the visitors they bring.",
            {"source": ContributionSource.PUBLIC, "sector": sectors["transport"], "objective": "1.3",
             "changed_line": "1.2.2", "response": "Illustrative: the events line asks for a mobility and air-quality plan."},
        ),
        (
            "Smaller municipalities would like to join the missions of the larger ones.",
            {"source": ContributionSource.PUBLIC, "objective": "1.1", "moderation": Moderation.PENDING},
        ),
    ]  # fmt: skip
    for text, values in contributions:
        objective = objectives.get(str(values.get("objective", "")))
        line = lines.get(str(values.get("changed_line", "")))
        create_if_missing(
            Contribution,
            {"consultation": consultation, "text": text},
            {
                "source": values["source"],
                "organisation": values.get("organisation"),
                "session": values.get("session"),
                "sector": values.get("sector"),
                "received_on": datetime.date(2026, 10, 20),
                "moderation": values.get("moderation", Moderation.ACCEPTED),
                "changed_objective": line.objective if line else None,
                "changed_action_line": line,
                "response": values.get("response", ""),
                **common,
            },
            m2m={"objectives": [objective] if objective else [], "themes": list(themes.values())[:1]},
        )
    return consultation
