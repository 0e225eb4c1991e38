"""The registry import under the API: upload answers with the dry run, confirm queues the job."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from interlocal.ecosystem.models import Organisation
from interlocal.registry.tasks import run_registry_import

from .conftest import as_file

ROWS = [["key", "name", "kind"], ["upf", "UPF", "university"]]


def post(world, user: str, path: str, data=None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[user]}"} if user in world.tokens else {}
    return Client().post(f"/api/v1/registry/{path}", data or {}, **headers)


def upload(world, user: str, owner: str, rows=ROWS):  # type: ignore[no-untyped-def]
    filename, content = as_file(rows, "csv")
    return post(
        world, user, "imports", {"file": SimpleUploadedFile(filename, content), "kind": "organisations", "owner": owner}
    )


def test_upload_dry_run_confirm_and_follow(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    response = upload(world, "editor", "bcn")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["errors"]) == ("checked", [])
    assert body["plan"]["counts"] == {"ecosystem.Organisation": {"created": 1, "updated": 0, "unchanged": 0}}
    assert not Organisation.objects.filter(key="upf").exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = post(world, "editor", f"imports/{body['id']}/confirm")
    assert confirmed.status_code == 202 and confirmed.json()["stage"] == "confirmed"
    [queued] = DBTaskResult.objects.ready()
    run_registry_import.call(*queued.args_kwargs["args"])
    token = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['editor']}"}
    done = Client().get(f"/api/v1/registry/imports/{body['id']}", **token).json()
    assert (done["status"], done["created_count"]) == ("succeeded", 1)
    assert Organisation.objects.get(key="upf").owner == world.own
    assert post(world, "editor", f"imports/{body['id']}/confirm").status_code == 400  # once only
    coordinator = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['coordinator']}"}
    assert Client().get(f"/api/v1/registry/imports/{body['id']}", **coordinator).status_code == 200


def test_refusals(world) -> None:  # type: ignore[no-untyped-def]
    assert upload(world, "anonymous", "bcn").status_code == 401
    assert upload(world, "viewer", "bcn").status_code == 403
    assert upload(world, "editor", "gava").status_code == 403  # another organisation's owner
    assert upload(world, "editor", "nowhere").status_code == 400
    bad = upload(world, "editor", "bcn", [["key", "name", "kind"], ["upf", "UPF", "castle"]]).json()
    assert bad["stage"] == "refused" and [(e["row"], e["column"]) for e in bad["errors"]] == [(2, "kind")]
    assert post(world, "editor", f"imports/{bad['id']}/confirm").status_code == 400
    assert post(world, "coordinator", f"imports/{bad['id']}/confirm").status_code == 403  # not the uploader
    assert Client().get(f"/api/v1/registry/imports/{bad['id']}",
                        HTTP_AUTHORIZATION=f"Bearer {world.tokens['viewer']}").status_code == 404  # fmt: skip
