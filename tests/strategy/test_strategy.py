"""Strategy: plans of the four kinds, axes, objectives aligned to SDG targets, action lines and their links."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo
from interlocal.core.models import SdgTarget
from interlocal.strategy.models import ActionLine, ActionLineLink, Axis, Objective, Plan, PlanKind

from ..factories import make


def client_for(world, username):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[username])
    return client


def chain(world, owner):  # type: ignore[no-untyped-def]
    plan = make(Plan, title="International strategy", kind=PlanKind.SPECIFIC, organisation=owner, owner=owner)
    axis = make(Axis, plan=plan, position=1, title="City diplomacy", owner=owner)
    objective = make(Objective, axis=axis, code="1.1", title="Lead in networks", owner=owner,
                     sdg_targets=[SdgTarget.objects.get(code="11.4")])  # fmt: skip
    line = make(ActionLine, objective=objective, code="1.1.1", title="Hold a presidency", owner=owner)
    return plan, axis, objective, line


def test_an_editor_builds_a_plan_down_to_linked_action_lines(world) -> None:  # type: ignore[no-untyped-def]
    editor = client_for(world, "editor")
    common = {"owner": world.own.pk, "visibility": "public", "language": "en"}
    assert (
        editor.post("/plans/new/", {"title": "Plan", "kind": 3, "organisation": world.own.pk, **common}).status_code
        == 302
    )
    plan = Plan.objects.get(title="Plan")
    assert plan.get_kind_display().startswith("Sectoral plans only")
    assert editor.post("/axes/new/", {"plan": plan.pk, "position": 1, "title": "Axis", **common}).status_code == 302
    axis = Axis.objects.get()
    response = editor.post(
        "/objectives/new/", {"axis": axis.pk, "code": "1", "title": "Goal", "sdg_targets": ["11.4"], **common}
    )
    assert response.status_code == 302
    objective = Objective.objects.get()
    assert [t.code for t in objective.sdg_targets.all()] == ["11.4"]
    assert (
        editor.post(
            "/action-lines/new/", {"objective": objective.pk, "code": "1.1", "title": "Line", **common}
        ).status_code
        == 302
    )
    line = ActionLine.objects.get()
    project = world.records["projects"]
    linked = editor.post("/action-line-links/new/", {"action_line": line.pk, "project": project.pk, **common})
    assert linked.status_code == 302
    assert list(project.action_line_links.values_list("action_line__title", flat=True)) == ["Line"]
    page = editor.get(line.get_absolute_url()).content.decode()
    assert "Project own" in page


def test_a_link_serves_exactly_one_engagement_project_or_agreement(world) -> None:  # type: ignore[no-untyped-def]
    _plan, _axis, _objective, line = chain(world, world.own)
    common = {"owner": world.own.pk, "visibility": "public", "language": "en", "action_line": line.pk}
    editor = client_for(world, "editor")
    none = editor.post("/action-line-links/new/", common)
    assert none.status_code == 400 and "exactly one" in str(none.context["form"].errors)
    both = editor.post("/action-line-links/new/", {**common, "project": world.records["projects"].pk,
                                                   "agreement": world.records["agreements"].pk})  # fmt: skip
    assert both.status_code == 400 and ActionLineLink.objects.count() == 0


def test_editors_change_only_their_own_strategy(world) -> None:  # type: ignore[no-untyped-def]
    plan, *_ = chain(world, world.other)
    editor = client_for(world, "editor")
    data = {"title": "Taken", "kind": 1, "organisation": world.other.pk, "owner": world.other.pk,
            "visibility": "public", "language": "en"}  # fmt: skip
    assert editor.post(f"/plans/{plan.pk}/edit/", data).status_code == 403
    assert editor.post("/plans/new/", data).status_code == 400
    assert Plan.objects.get().title == "International strategy"


def test_strategy_pages_use_a_fixed_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    plan, axis, objective, line = chain(world, world.own)
    make(ActionLineLink, action_line=line, project=world.records["projects"], owner=world.own)
    urls = ["/plans/", plan.get_absolute_url(), "/axes/", axis.get_absolute_url(), "/objectives/",
            objective.get_absolute_url(), "/action-lines/", line.get_absolute_url(), "/action-line-links/",
            "/api/v1/objectives/", "/api/v1/action-line-links/"]  # fmt: skip
    client = client_for(world, "coordinator")

    def counts() -> list[int]:
        result = []
        for url in urls:
            memo.forget()  # what the page computes, not what a read before it left remembered (a list's filters')
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            result.append(len(captured))
        return result

    few = counts()
    for _n in range(5):
        _p, _a, _o, more = chain(world, world.own)
        make(ActionLineLink, action_line=more, engagement=world.records["engagements"], owner=world.own)
        make(ActionLineLink, action_line=line, agreement=world.records["agreements"], owner=world.own)
    assert counts() == few
