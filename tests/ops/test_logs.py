"""The logs keep no credential: a calendar feed's token, an invitation's secret or a password reset
link is written `[redacted]` by Django's handlers (JSON lines, the administrators' error mail) and by
gunicorn's access log as the Procfile starts it."""

import io
import logging.config
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.utils.log import configure_logging

from config.log import logging_config, redact
from interlocal.notifications.services import calendar_feed_create

ROOT = Path(settings.BASE_DIR)
SECRET = "s3cr3t-Invitation_Value-0123456789abcdef"


@pytest.fixture
def production_logs() -> Iterator[io.StringIO]:
    """The production LOGGING (JSON lines), its standard output captured."""
    written = io.StringIO()
    config = logging_config(structured=True)
    config["handlers"]["stdout"]["stream"] = written
    logging.config.dictConfig(config)
    yield written
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.mark.parametrize(
    ("logged", "written"),
    [
        ("GET /calendar/AbC-12_x.ics HTTP/1.1", "GET /calendar/[redacted].ics HTTP/1.1"),
        ("Not Found: /invitation/AbC-12_x/", "Not Found: /invitation/[redacted]/"),
        ("/accounts/reset/MQ/cf3v-0a1b2c/", "/accounts/reset/MQ/[redacted]/"),
        ("/accounts/reset/MQ/set-password/", "/accounts/reset/MQ/set-password/"),
        ("/notifications/calendar/", "/notifications/calendar/"),
    ],
)
def test_the_secret_part_of_an_address_is_redacted(logged: str, written: str) -> None:
    assert redact(logged) == written


@pytest.mark.django_db
@override_settings(ADMINS=[("IT", "it@example.org")])
def test_a_request_to_a_feed_or_an_invitation_logs_no_secret(world, production_logs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, token = calendar_feed_create(user=world.users["viewer"], scope="mine")
    client = Client(raise_request_exception=False)
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    assert client.get(f"/calendar/{token}x.ics").status_code == 404  # logged: "Not Found: /calendar/…"
    client.get(f"/invitation/{SECRET}/", HTTP_REFERER=f"http://testserver/calendar/{token}.ics")

    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the feed failed")

    monkeypatch.setattr("interlocal.notifications.views.feed_calendar", fail)
    assert client.get(f"/calendar/{token}.ics", HTTP_REFERER=f"http://testserver/invitation/{SECRET}/").status_code == (
        500
    )

    written = production_logs.getvalue()
    assert '"path": "/calendar/[redacted].ics"' in written and "Not Found: /calendar/[redacted].ics" in written
    [report] = mail.outbox
    assert "/calendar/[redacted].ics" in report.subject and "the feed failed" in report.body
    for text in (written, report.subject, report.body):
        assert token not in text and SECRET not in text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_as_the_procfile_starts_it_logs_no_secret(tmp_path: Path) -> None:
    [web] = [
        line.removeprefix("web: ") for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    ]
    assert (
        "--logger-class config.access_log.RedactingLogger"
        in (ROOT / "deploy/systemd/interlocal-web.service").read_text()
    )
    port = free_port()
    command = "exec " + web.replace("config.wsgi", "tests.ops.access_log_app")
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "XDG_RUNTIME_DIR": str(tmp_path),  # gunicorn's control socket
    }
    server = subprocess.Popen(  # noqa: S602  # the Procfile's line, run by a shell as honcho does
        command, shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/calendar/{SECRET}.ics?x=1",
            headers={"Referer": f"https://x.example/invitation/{SECRET}/"},
        )
        for _ in range(200):  # until gunicorn listens
            try:
                with urllib.request.urlopen(request) as answer:  # noqa: S310
                    assert answer.status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    assert "GET /calendar/[redacted].ics?x=1" in stdout, stdout + stderr
    assert SECRET not in stdout and SECRET not in stderr
