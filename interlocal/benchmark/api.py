"""The comparison API: `GET /api/v1/benchmark/compare`, profiles side by side on the study's framework.

Mounted by interlocal/api/api.py as `api.add_router("/benchmark/", router)`.
"""

from django.http import HttpRequest
from ninja import Query, Router

from interlocal.core.api.auth import reader
from interlocal.core.permissions import access_for

from .comparison import compare, comparison_records
from .selectors import profile_views

router = Router(tags=["benchmark"])


@router.get("/compare", operation_id="benchmark_compare")
def benchmark_compare(request: HttpRequest, p: list[str] = Query(default=[])) -> list[dict[str, str]]:  # type: ignore[type-arg]  # noqa: B008
    """Profiles side by side on the study's framework (all case studies when no `p` is given)."""
    peers = profile_views(access=access_for(reader(request)))
    chosen = (
        [v for key in p for v in peers if v.profile.key == key]
        if p
        else [v for v in peers if v.profile.kind == "case_study"]
    )
    return comparison_records(compare(chosen, peers))
