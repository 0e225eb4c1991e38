"""The URLs `make bench` measures: every page and API read of the URL map, with ids of the data it measures."""

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client
from django.utils.text import slugify

from interlocal.core import urlmap
from interlocal.core.entities import REGISTRY
from interlocal.core.models import Record, Role, UserRole
from interlocal.core.permissions import ANONYMOUS, Access, access_for
from interlocal.ecosystem.home import home_government

BENCH_EDITOR = "bench-editor"
# Values for the parameters that are not ids: a kind of record, an export format, a slug (the page redirects to
# its own), a map's layer.
STRINGS = {"entity": "organisations", "key": "organisations", "fmt": "csv", "kind": "organisation"}
# Pages that only answer a POST, or send mail, or build a file in a job (their time is the job's).
NOT_MEASURED = ("/logout/", "/portal/report/")
TRIED = 3  # records of a kind tried for a page, the first that answers 200 is measured
ID_SEGMENT = re.compile(r"/\d+[^/]*")


class Command(BaseCommand):
    help = (
        "Print every URL of the URL map and of the OpenAPI document that answers 200, with the ids of records the "
        "reader may see, one per line (for `make bench`). --as editor measures as a signed-in editor of the home "
        "metropolis's government (the user bench-editor, created if missing); --session prints that editor's "
        "session cookie instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="reader", choices=["anonymous", "editor"], default="anonymous")
        parser.add_argument("--session", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = bench_editor() if options["reader"] == "editor" else None
        if options["session"]:
            if user is None:
                raise CommandError("--session needs --as editor.")
            self.stdout.write(session_cookie(user))
            return
        for url in measurable_urls(user):
            self.stdout.write(url)


def bench_editor() -> Any:
    """The bench's signed-in reader: an editor of the home metropolis's government."""
    government = home_government()
    if government is None:
        raise CommandError("No home metropolis: load the default data first (manage.py load_default_data).")
    user, _ = get_user_model().objects.get_or_create(username=BENCH_EDITOR)
    UserRole.objects.get_or_create(user=user, organisation=government, defaults={"role": Role.EDITOR})
    return user


def session_cookie(user: Any) -> str:
    """A signed-in session of `user` (Django's test client signs in, the session is stored), as the cookie a load
    generator sends."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measurable_urls(user: Any) -> list[str]:
    """The URL map with a record of each kind the reader may see, each URL as it answers 200 (after its
    redirects, the login page excepted), once per page: of the records tried, the first that answers."""
    access = access_for(user) if user is not None else ANONYMOUS
    client = Client(SERVER_NAME="127.0.0.1", raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    ids = FirstIds(access)

    def values(converter: str, name: str, model: Any, route: str) -> list[str]:
        if converter == "int" or name == "pk":
            return ids.of(model or model_named(route))
        return [STRINGS.get(name, "x")]

    document = client.get("/api/v1/openapi.json").json()
    candidates = [*urlmap.page_urls(values), *urlmap.api_urls(document, values)]
    candidates += [f"/{spec.key}/?format=csv" for spec in REGISTRY.values()]
    found: dict[str, str] = {}  # a URL's shape (its ids blanked) → the URL measured
    logging.disable(logging.WARNING)  # the refusals of the URLs left out are expected, not news
    try:
        for url in candidates:
            if url.startswith(NOT_MEASURED):
                continue
            response = client.get(url, follow=True)
            if response.status_code != 200:
                continue
            parts = urlsplit(response.redirect_chain[-1][0] if response.redirect_chain else url)
            if parts.path.startswith("/accounts/"):
                continue  # sent to the login page: not the reader's page
            final = parts.path + (f"?{parts.query}" if parts.query else "")
            found.setdefault(ID_SEGMENT.sub("/N", final), final)
    finally:
        logging.disable(logging.NOTSET)
    return list(found.values())


class FirstIds:
    """The first records (by id) of each kind the reader may see; "0" when there is none (the page answers 404
    and is left out)."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self.cache: dict[Any, list[str]] = {}

    def of(self, model: Any) -> list[str]:
        if model not in self.cache:
            ids: list[Any] = []
            if model is not None:
                queryset = model._default_manager.all()
                if issubclass(model, Record):
                    queryset = queryset.filter(model.visible_q(self.access))
                ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:TRIED])
            self.cache[model] = [str(pk) for pk in ids] or ["0"]
        return self.cache[model]


def model_named(route: str) -> Any:
    """The model a route's id most likely names, from the path segment before it ("bulletins/<int:pk>/")."""
    segment = re.split(r"<", route)[0].rstrip("/").rsplit("/", 1)[-1]
    for model in apps.get_models():
        if segment in (slugify(str(model._meta.verbose_name_plural)), f"{model._meta.model_name}s"):
            return model
    return None
