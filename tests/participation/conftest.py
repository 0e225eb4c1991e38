"""A consultation of Barcelona City Council (the editor's organisation) on its plan, open for contributions."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from interlocal.core.models import Role, Theme, UserRole
from interlocal.participation.models import Consultation, Sector
from interlocal.strategy.models import ActionLine, Axis, Objective, Plan
from tests.factories import make


@pytest.fixture(autouse=True)
def fresh_allowance():  # type: ignore[no-untyped-def]
    cache.clear()  # the hourly allowance per address lives in the cache
    yield
    cache.clear()


@dataclass
class Setting:
    consultation: Consultation
    plan: Plan
    objective: Objective
    other_objective: Objective
    line: ActionLine
    foreign_objective: Objective  # of another organisation's plan
    transport: Sector
    digital: Sector
    climate: Theme
    stranger: Any  # an editor of Gavà, who moderates nothing of Barcelona's


@pytest.fixture
def setting(world, home) -> Setting:  # type: ignore[no-untyped-def]
    get_user_model().objects.filter(pk=world.users["editor"].pk).update(email="editor@example.org")
    owner = world.own
    plan = make(Plan, title="Barcelona international plan", kind=1, organisation=owner, owner=owner)
    axis = make(Axis, plan=plan, position=1, title="Openness", owner=owner)
    objective = make(Objective, axis=axis, code="1.1", title="Welcome researchers", owner=owner)
    other_objective = make(Objective, axis=axis, code="1.2", title="Cleaner events", owner=owner)
    line = make(ActionLine, objective=objective, code="1.1.1", title="Housing for researchers", owner=owner)
    foreign_plan = make(Plan, title="Gavà plan", kind=1, organisation=world.other, owner=world.other)
    foreign_axis = make(Axis, plan=foreign_plan, title="Gavà axis", owner=world.other)
    foreign_objective = make(Objective, axis=foreign_axis, code="9", title="Gavà objective", owner=world.other)
    consultation = make(
        Consultation,
        title="Barcelona asks about its plan",
        organisation=owner,
        plan=plan,
        status="open",
        owner=owner,
    )
    stranger = get_user_model().objects.create_user(username="stranger", password="pw-stranger")
    UserRole.objects.create(user=stranger, organisation=world.other, role=Role.EDITOR)
    return Setting(
        consultation=consultation,
        plan=plan,
        objective=objective,
        other_objective=other_objective,
        line=line,
        foreign_objective=foreign_objective,
        transport=Sector.objects.create(slug="transport", name="Transport"),
        digital=Sector.objects.create(slug="digital", name="Digital"),
        climate=Theme.objects.get(slug="climate"),
        stranger=stranger,
    )


@pytest.fixture
def day() -> datetime.date:
    return datetime.date(2026, 10, 1)
