"""A Python client generated from the OpenAPI document (openapi-python-client) works against a running server.

The client is generated from the live server's own document into a temporary folder and imported from there:
it lists organisations and, with the editor's token, creates an agreement and a project with SDG targets by
code, then reads them back anonymously.
"""

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType

from interlocal.core.models import SdgGoal, SdgTarget
from interlocal.diplomacy.models import Agreement
from interlocal.projects.models import Project

from ..factories import World, build_world

PACKAGE = "interlocal_client"


@pytest.fixture
def client_package(live_server, tmp_path: Path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    config = Config.from_sources(
        ConfigFile(package_name_override=PACKAGE, project_name_override=PACKAGE, post_hooks=[], http_timeout=60),
        MetaType.NONE,
        f"{live_server.url}/api/v1/openapi.json",
        "utf-8",
        overwrite=True,
        output_path=tmp_path / PACKAGE,
    )
    problems = generate(config=config)
    # The IATI file is XML, which the generator leaves out of the client; nothing else may be missing.
    assert [(p.header, p.detail) for p in problems if "application/xml" not in str(p.detail)] == []
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_lists_organisations_and_creates_records(live_server, client_package) -> None:  # type: ignore[no-untyped-def]
    world: World = build_world()
    partnerships = SdgGoal.objects.create(number=17, title_en="Partnerships for the goals")
    SdgTarget.objects.create(code="17.17", goal=partnerships, position=17, title_en="Public-private partnerships")
    api = importlib.import_module(f"{PACKAGE}.api")
    models = importlib.import_module(f"{PACKAGE}.models")
    for module in ("organisations.list_organisation", "agreements.create_agreement", "agreements.get_agreement",
                   "projects.create_project", "projects.get_project"):  # fmt: skip
        importlib.import_module(f"{api.__name__}.{module}")
    anonymous = client_package.Client(base_url=live_server.url)
    editor = client_package.AuthenticatedClient(base_url=live_server.url, token=world.tokens["editor"])

    listed = api.organisations.list_organisation.sync(client=anonymous, limit=10)
    assert isinstance(listed, models.PagedOrganisationOut)
    assert sorted(o.key for o in listed.items) == ["amb", "bcn", "gava", "org-other", "org-own", "uclg"]
    assert listed.count == 6

    agreement = api.agreements.create_agreement.sync(
        client=editor,
        body=models.AgreementIn(
            organisation=world.own.pk, title="Heritage twinning", kind="twinning", status="active",
            partner_place=world.records["places"].pk, sdg_targets=["11.4", "17.17"], owner=world.own.pk,
            visibility="public", language="en",
        ),
    )  # fmt: skip
    assert isinstance(agreement, models.AgreementOut), agreement
    read_agreement = api.agreements.get_agreement.sync(client=anonymous, pk=agreement.id)
    assert read_agreement.title == "Heritage twinning" and read_agreement.sdg_targets == ["11.4", "17.17"]
    stored = Agreement.objects.get(pk=agreement.id)
    assert sorted(stored.sdg_targets.values_list("code", flat=True)) == ["11.4", "17.17"]

    project = api.projects.create_project.sync(
        client=editor,
        body=models.ProjectIn(
            title="Heritage of the delta", kind="decentralised_cooperation", status="active", lead=world.own.pk,
            sdg_targets=["11.4"], owner=world.own.pk, visibility="public", language="en",
        ),
    )  # fmt: skip
    assert isinstance(project, models.ProjectOut), project
    read = api.projects.get_project.sync(client=anonymous, pk=project.id)
    assert read.sdg_targets == ["11.4"] and read.title == "Heritage of the delta"
    assert list(Project.objects.get(pk=project.id).sdg_targets.values_list("code", flat=True)) == ["11.4"]
