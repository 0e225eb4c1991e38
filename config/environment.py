"""Reading the deployment's environment into settings, with a message that names what is wrong.

Used by the settings modules only; each function takes the raw value so it is tested without
touching `os.environ`.
"""

import os
from email.utils import getaddresses
from typing import Any
from urllib.parse import urlsplit

import dj_email_url
from django.core.exceptions import ImproperlyConfigured


def required(name: str, hint: str) -> str:
    """The value of an environment variable production cannot run without."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment: {hint}")
    return value


def listed(value: str) -> list[str]:
    """A comma-separated list (`a.example.org,b.example.org`), blanks dropped."""
    return [item.strip() for item in value.split(",") if item.strip()]


def host_names(value: str) -> list[str]:
    """ALLOWED_HOSTS from DJANGO_ALLOWED_HOSTS; a list of nothing (`,`) is refused like an empty one."""
    hosts = listed(value)
    if not hosts:
        raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS in the environment: e.g. interlocal.example.org")
    return hosts


def site_url(value: str) -> str:
    """INTERLOCAL_SITE_URL: an absolute http(s) address without a trailing slash (links are appended to it)."""
    parsed = urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ImproperlyConfigured(
            f"INTERLOCAL_SITE_URL {value!r} is not the site's address; write it as https://interlocal.example.org"
        )
    return value.rstrip("/")


def email_settings(url: str) -> dict[str, Any]:
    """The EMAIL_* settings for an EMAIL_URL (dj-email-url), refusing a scheme it does not know.

    smtp://user:password@host:25, submission://user:password@host:587 (STARTTLS), smtp://…?ssl=1,
    console: (mails written to standard output), file:////var/mail/interlocal (one file per
    mail, four slashes for an absolute folder), memory: (kept in memory, tests), dummy: (dropped).
    """
    parsed = dj_email_url.parse(url)
    if "EMAIL_BACKEND" not in parsed:
        schemes = ", ".join(f"{scheme}:" for scheme in dj_email_url.SCHEMES)
        raise ImproperlyConfigured(f"EMAIL_URL {url.split(':', 1)[0]!r} is not an e-mail scheme; use one of {schemes}")
    if parsed["EMAIL_BACKEND"].endswith("filebased.EmailBackend") and not parsed["EMAIL_FILE_PATH"]:
        raise ImproperlyConfigured("EMAIL_URL file: needs a folder, e.g. file:////var/mail/interlocal")
    return {key: value for key, value in parsed.items() if value is not None}


def admins(value: str) -> list[tuple[str, str]]:
    """ADMINS from `Name <address>, other@example.org`: who receives the error reports."""
    if not value.strip():
        return []
    people = getaddresses([value])
    for name, address in people:
        if "@" not in address:
            raise ImproperlyConfigured(
                f"DJANGO_ADMINS: {(name or address)!r} is not an e-mail address; "
                "write them as `IT service <it@example.org>, ana@example.org`"
            )
    return [(name or address, address) for name, address in people]
