"""A deployment rehearsal: the production settings, in a process of their own, on PostgreSQL when
the suite runs on it (a throwaway database beside the test database) and on an SQLite file
otherwise; what production refuses; and the e-mail and administrator settings read from the
environment."""

import gzip
import json
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.environment import admins, email_settings, host_names, site_url

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_hex(40),
    "DJANGO_ALLOWED_HOSTS": "interlocal.example.org",
    "INTERLOCAL_SITE_URL": "https://interlocal.example.org",
    "EMAIL_URL": "memory:",
    "DJANGO_DEFAULT_FROM_EMAIL": "Interlocal <interlocal@example.org>",
    "DJANGO_SERVER_EMAIL": "errors@example.org",
    "DJANGO_ADMINS": "IT service <it@example.org>, Ana Puig <ana.puig@example.org>",
}
SETTINGS_VARIABLES = [*PRODUCTION, "DATABASE_URL", "SENTRY_DSN", "DJANGO_LOG_FORMAT", "DJANGO_SECURE_SSL_REDIRECT"]


def run(code_or_module: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either, which the browser tests set and `check --deploy` refuses.
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in SETTINGS_VARIABLES and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, *code_or_module], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind: PostgreSQL beside the test database, or an SQLite file."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'production.sqlite3'}"
        return
    import psycopg

    config = dj_database_url.parse(suite)
    name = f"interlocal_rehearsal_{secrets.token_hex(4)}"
    server = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    with psycopg.connect(dbname="postgres", password=config["PASSWORD"] or None, autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield suite.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(
            dbname="postgres", password=config["PASSWORD"] or None, autocommit=True, **server
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sentry() -> Iterator[tuple[str, list[str]]]:
    """A stand-in for a Sentry server on loopback: its DSN, and the envelopes it receives."""
    received: list[str] = []

    class Envelopes(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "br":
                import brotli  # sentry-sdk compresses with it when it is installed

                body = brotli.decompress(body)
            elif encoding == "gzip":
                body = gzip.decompress(body)
            received.append(body.decode(errors="replace"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://public@127.0.0.1:{server.server_address[1]}/1", received
    server.shutdown()


def log_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_production_settings_run_migrate_report_errors_and_mail_password_resets(
    database_url: str, sentry: tuple[str, list[str]], tmp_path: Path
) -> None:
    dsn, envelopes = sentry
    (tmp_path / "static").mkdir()
    env = {
        **PRODUCTION,
        "DATABASE_URL": database_url,
        "SENTRY_DSN": dsn,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    done = run(["-m", "tests.ops.rehearsal"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    [seen] = [
        json.loads(line.removeprefix("REHEARSAL "))
        for line in done.stdout.splitlines()
        if line.startswith("REHEARSAL ")
    ]
    assert seen["settings"] == "config.settings.production"
    # Django's backends: SQLite's keeping the planner's statistics fresh (core.sqlite_backend), PostgreSQL's reading
    # timestamps in C (core.postgresql_backend).
    expected_engine = (
        "interlocal.core.postgresql_backend"
        if database_url.startswith("postgres")
        else "interlocal.core.sqlite_backend"
    )
    assert seen["engine"] == expected_engine

    # A load balancer's probe over plain HTTP is answered; a page is redirected to HTTPS.
    assert seen["health"] == [
        200,
        {"Database(alias='default')": "OK", "Migrations(alias='default')": "OK", "QueuedTasks()": "OK"},
    ]
    assert seen["plain_http_page"] == 301

    # The forced error: one JSON log line with the traceback, and a mail to each administrator.
    assert seen["boom"] == 500
    [logged] = [line for line in log_lines(done.stdout) if line.get("name") == "django.request"]
    assert logged["levelname"] == "ERROR" and logged["path"] == "/rehearsal/boom/" and logged["status_code"] == 500
    assert "Traceback" in logged["exc_info"] and "RuntimeError: rehearsed failure" in logged["exc_info"]
    assert "request" not in logged  # the method and path, not the request's headers and cookies
    [report] = seen["admins_mail"]
    assert report["to"] == ["it@example.org", "ana.puig@example.org"]
    assert report["from"] == "errors@example.org"
    assert report["subject"].startswith("[Interlocal] ERROR") and "/rehearsal/boom/" in report["subject"]

    # The password reset goes to the backend EMAIL_URL names, from DJANGO_DEFAULT_FROM_EMAIL, with an https link.
    assert seen["reset"] == 302
    [reset] = seen["reset_mail"]
    assert reset["to"] == ["ana@example.org"] and reset["from"] == "Interlocal <interlocal@example.org>"
    assert "https://interlocal.example.org/accounts/reset/" in reset["body"]

    # And to Sentry, without personal data: no cookie, no user.
    assert seen["sentry"] == {"active": True, "send_default_pii": False}
    [event] = [envelope for envelope in envelopes if "rehearsed failure" in envelope]
    assert '"type":"RuntimeError"' in event.replace(" ", "") and "/rehearsal/boom/" in event
    assert "csrftoken" not in event and "sessionid" not in event and '"user"' not in event


@pytest.mark.parametrize(
    ("missing", "entry_point", "message"),
    [
        ("DJANGO_SECRET_KEY", "config.wsgi", "Set DJANGO_SECRET_KEY in the environment"),
        ("DJANGO_ALLOWED_HOSTS", "config.wsgi", "Set DJANGO_ALLOWED_HOSTS in the environment: the host names"),
        ("INTERLOCAL_SITE_URL", "config.wsgi", "Set INTERLOCAL_SITE_URL in the environment: the site's address"),
        ("DATABASE_URL", "config.wsgi", "Set DATABASE_URL in the environment: e.g. postgres://"),
        ("DATABASE_URL", "config.asgi", "Set DATABASE_URL in the environment: e.g. postgres://"),
        ("EMAIL_URL", "config.wsgi", "Set EMAIL_URL in the environment"),
    ],
)
def test_the_entry_points_default_to_production_which_refuses_to_start_without(
    missing: str, entry_point: str, message: str, tmp_path: Path
) -> None:
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    del env[missing], env["DJANGO_SETTINGS_MODULE"]  # the entry point chooses the settings
    done = run(["-c", f"import {entry_point}"], env)
    assert done.returncode == 1
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in done.stderr


def test_the_example_environment_file_starts_production(tmp_path: Path) -> None:
    """deploy/systemd/env.example names every variable production requires."""
    example = {}
    for line in (ROOT / "deploy" / "systemd" / "env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            example[name] = value
    example |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "DJANGO_STATIC_ROOT": str(tmp_path)}
    done = run(
        ["-c", "import config.wsgi; from django.conf import settings; print(settings.INTERLOCAL_SITE_URL)"], example
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "https://interlocal.example.org"


def test_the_hosts_and_the_site_address_are_checked() -> None:
    assert host_names("interlocal.example.org, 10.0.0.5") == ["interlocal.example.org", "10.0.0.5"]
    with pytest.raises(ImproperlyConfigured, match="Set DJANGO_ALLOWED_HOSTS"):
        host_names(" , ")
    assert site_url("https://interlocal.example.org/") == "https://interlocal.example.org"
    with pytest.raises(ImproperlyConfigured, match="'interlocal.example.org' is not the site's address"):
        site_url("interlocal.example.org")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("memory:", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
        (
            "file:////var/mail/interlocal",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": "/var/mail/interlocal",
            },
        ),
        (
            "smtp://mailer:s%40cret@smtp.example.org",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "smtp.example.org",
                "EMAIL_PORT": 25,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "s@cret",
                "EMAIL_USE_TLS": False,
            },
        ),
        (
            "submission://mailer:pw@smtp.example.org",
            {"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtp://smtp.example.org:465?ssl=1&timeout=10",
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 10},
        ),
    ],
)
def test_email_url_gives_the_email_settings(url: str, expected: dict[str, Any]) -> None:
    parsed = email_settings(url)
    assert {key: parsed.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [("smpt://smtp.example.org", "'smpt' is not an e-mail scheme"), ("file:", "file: needs a folder")],
)
def test_a_mistyped_email_url_is_refused(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        email_settings(url)


def test_admins_are_read_from_a_list_of_addresses() -> None:
    assert admins("IT service <it@example.org>, ana@example.org") == [
        ("IT service", "it@example.org"),
        ("ana@example.org", "ana@example.org"),
    ]
    assert admins("") == []
    with pytest.raises(ImproperlyConfigured, match="'it-service' is not an e-mail address"):
        admins("it-service")
