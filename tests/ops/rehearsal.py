"""A deployment rehearsal, run by tests/ops/test_deployment.py in a process of its own with the
production settings and the environment an administrator sets (`python -m tests.ops.rehearsal`).

It migrates the database DATABASE_URL names, runs `check --deploy`, probes /health/ over plain
HTTP, forces an error in a view (through a URL conf of this module only, not the product's) and
asks for a password reset, then prints what it saw as one line: `REHEARSAL {json}`.
"""

import json
import os
from typing import Any

import django
from django.urls import include, path


def boom(request: Any) -> Any:
    raise RuntimeError("rehearsed failure")


urlpatterns: list[Any] = []  # filled once Django is set up: the product's URLs and one that fails


def rehearse() -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    urlpatterns[:] = [path("rehearsal/boom/", boom), path("", include("config.urls"))]
    call_command("migrate", verbosity=0)
    call_command("check", deploy=True, fail_level="WARNING")
    seen: dict[str, Any] = {
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "engine": settings.DATABASES["default"]["ENGINE"],
    }

    probe = Client(HTTP_HOST="interlocal.example.org")  # plain HTTP, as a load balancer's probe
    seen["health"] = probe.get("/health/?format=json").status_code, probe.get("/health/?format=json").json()
    seen["plain_http_page"] = probe.get("/portal/").status_code

    browser = Client(HTTP_HOST="interlocal.example.org", HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)
    with override_settings(ROOT_URLCONF=__name__):
        seen["boom"] = browser.get("/rehearsal/boom/").status_code
    seen["admins_mail"] = [{"to": m.to, "from": m.from_email, "subject": m.subject} for m in mail.outbox]
    mail.outbox.clear()

    get_user_model().objects.create_user("ana", "ana@example.org", "a long passphrase of hers")
    seen["reset"] = browser.post(reverse("password_reset"), {"email": "ana@example.org"}).status_code
    seen["reset_mail"] = [{"to": m.to, "from": m.from_email, "body": m.body} for m in mail.outbox]

    import sentry_sdk

    client = sentry_sdk.get_client()
    seen["sentry"] = {"active": client.is_active(), "send_default_pii": client.options.get("send_default_pii")}
    sentry_sdk.flush(timeout=10)
    return seen


if __name__ == "__main__":
    django.setup()
    print("REHEARSAL " + json.dumps(rehearse()), flush=True)  # noqa: T201
