"""The coordination API: findings (computed on read) and overdue follow-up actions.

Mounted by interlocal/api/api.py as `api.add_router("/coordination/", router)`.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from interlocal.core.api.auth import reader
from interlocal.core.api.crud import ERRORS, BoundedLimitOffsetPagination
from interlocal.core.permissions import access_for

from .findings import Finding, Settings, all_findings, default_scope
from .selectors import overdue_actions

router = Router(tags=["coordination"])


class FindingFilters(Schema):
    window_days: int = Field(60, ge=1, le=730, description="Overlaps: engagements this many days apart or closer.")
    dormant_months: int = Field(24, ge=1, le=240, description="Agreements with no engagement for this long.")
    activity_months: int = Field(24, ge=1, le=240, description="Gaps and network activity: months looked back.")
    decided: bool = Field(False, description="Include dismissed and actioned findings.")


# A pydantic model, not a ninja Schema: a page names a thousand records, given as dictionaries, which a Schema
# would read one attribute at a time through its DjangoGetter.
class RecordRef(BaseModel):
    """A record a finding names: its kind, id, name and page."""

    kind: str
    id: int
    name: str
    url: str


def _ref(record: Any) -> dict[str, Any]:
    return {"kind": record._meta.model_name, "id": record.pk, "name": str(record), "url": record.get_absolute_url()}


class FindingOut(Schema):
    fingerprint: str
    rule: str
    rule_label: str
    title: str
    explanation: str
    suggestion: str
    illustrative: bool
    records: list[RecordRef] = Field(description="The first twenty records the finding is based on.")
    records_count: int = Field(description="How many records the finding is based on in all.")
    organisations: list[RecordRef] = Field(description="The first twenty organisations it is about.")
    organisations_count: int = Field(description="How many organisations it is about in all.")
    decision: str
    decision_reason: str

    # Read from a Finding (coordination.findings) of the page asked for, not from a dictionary built for every one.
    # A finding about a network may rest on a thousand memberships: it names the first twenty, as its page does.
    @staticmethod
    def resolve_records(finding: Finding) -> list[dict[str, Any]]:
        return [_ref(r) for r in finding.shown_records]

    @staticmethod
    def resolve_records_count(finding: Finding) -> int:
        return len(finding.records)

    @staticmethod
    def resolve_organisations(finding: Finding) -> list[dict[str, Any]]:
        return [_ref(o) for o in finding.shown_organisations]

    @staticmethod
    def resolve_organisations_count(finding: Finding) -> int:
        return len(finding.organisations)

    @staticmethod
    def resolve_decision(finding: Finding) -> str:
        return finding.decision.kind if finding.decision else ""

    @staticmethod
    def resolve_decision_reason(finding: Finding) -> str:
        return finding.decision.reason if finding.decision else ""


class ActionOut(Schema):
    id: int
    title: str
    responsible: str
    due_on: datetime.date | None
    status: str
    url: str


class OverdueOut(Schema):
    count: int
    actions: list[ActionOut]


@router.get("/findings", response={200: list[FindingOut], **ERRORS}, operation_id="coordination_findings")
@paginate(BoundedLimitOffsetPagination)
def findings(request: HttpRequest, filters: Query[FindingFilters]) -> Any:
    """Overlaps, network portfolio, gaps, synergies and dormant agreements, each naming its first twenty records and
    organisations and how many there are, a page at a time (`limit`, `offset`; `count` is how many there are in
    all)."""
    settings = Settings(
        window_days=filters.window_days,
        dormant_months=filters.dormant_months,
        activity_months=filters.activity_months,
        scope=default_scope(),
    )
    return all_findings(access_for(reader(request)), settings, include_decided=filters.decided).findings


@router.get("/actions/overdue", response={200: OverdueOut, **ERRORS}, operation_id="coordination_overdue_actions")
def overdue(request: HttpRequest) -> Any:
    """Open follow-up actions past their due date (the ten most overdue) and how many there are."""
    data = overdue_actions(access_for(reader(request)))
    return {
        "count": data["count"],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "responsible": str(a.responsible),
                "due_on": a.due_on,
                "status": a.status,
                "url": a.get_absolute_url(),
            }
            for a in data["actions"]
        ],
    }
