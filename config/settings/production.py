"""Production settings: everything secret or site-specific comes from the environment.

Refuses to start, naming what is missing, without DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (else every
request, /health/ included, is answered 400), INTERLOCAL_SITE_URL (the links of the digest's mails),
DATABASE_URL, EMAIL_URL and DJANGO_DEFAULT_FROM_EMAIL (an office without a mail server sets
EMAIL_URL=console: explicitly, and mails are then written to the log). The README's "Production"
section lists every variable.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.environment import host_names, required, site_url
from config.log import logging_config

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, STORAGES

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY in the environment (50 random characters or more).")
ALLOWED_HOSTS = host_names(
    required(
        "DJANGO_ALLOWED_HOSTS",
        "the host names the site answers to, comma-separated, e.g. interlocal.example.org "
        "(a load balancer probing /health/ by IP address: add that address, or have it send the Host header).",
    )
)
INTERLOCAL_SITE_URL = site_url(
    required("INTERLOCAL_SITE_URL", "the site's address for the links of e-mails, e.g. https://interlocal.example.org")
)
required("DATABASE_URL", "e.g. postgres://interlocal:password@127.0.0.1:5432/interlocal (no SQLite fallback).")
required("EMAIL_URL", "e.g. submission://user:password@smtp.example.org:587, or console: to write mails to the log.")
required(
    "DJANGO_DEFAULT_FROM_EMAIL", "the sender of password resets and invitations, e.g. Interlocal <it@example.org>."
)

DEBUG = False
LOGGING = logging_config(
    structured=os.environ.get("DJANGO_LOG_FORMAT", "json") == "json", level=LOGGING["root"]["level"]
)

# Behind a reverse proxy that terminates HTTPS: it must set (overwrite) X-Forwarded-Proto, or every
# request would look like plain HTTP and be redirected. DJANGO_SECURE_SSL_REDIRECT=0 when the proxy
# redirects to HTTPS itself. /health/ answers on plain HTTP too, for a load balancer's probe.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Error reports to Sentry (or a compatible tracker) when SENTRY_DSN is set; no personal data is sent.
if SENTRY_DSN := os.environ.get("SENTRY_DSN", ""):
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    )
