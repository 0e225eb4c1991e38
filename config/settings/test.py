"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Each test process keeps its shared figures in its own memory (core.memo), never in files another run would read.
CACHES = {
    name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    for name in ("default", "figures")
}
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "interlocal.core.sqlite_backend":
    # In memory; named so, pytest-xdist leaves it in memory in each process instead of naming a file after it.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    # The browser tests' live server shares that one connection between its request threads.
    MIDDLEWARE = ["config.one_request_at_a_time.one_request_at_a_time", *MIDDLEWARE]
