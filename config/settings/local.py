"""Settings for `make demo`: the embedded SQLite database inside the repo folder."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "demo-only-not-secret-" + str(BASE_DIR.name)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

# The demo writes e-mails (invitations, password resets) to files in var/mail/ instead of sending them.
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
