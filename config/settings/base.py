"""Settings shared by every environment.

Environment-specific modules (local, test, production) import from here and
override only what differs. Secrets and the database come from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.environment import admins, email_settings, listed
from config.log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI for /api/v1/docs from its own static files, under our CSP
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "health_check",
    "interlocal.core",
    "interlocal.territory",
    "interlocal.ecosystem",
    "interlocal.accounts",
    "interlocal.diplomacy",
    "interlocal.projects",
    "interlocal.benchmark",
    "interlocal.strategy",
    "interlocal.results",
    "interlocal.coordination",
    "interlocal.knowledge",
    "interlocal.participation",
    "interlocal.talent",
    "interlocal.rankings",
    "interlocal.media",
    "interlocal.portal",
    "interlocal.iati",
    "interlocal.registry",
    "interlocal.notifications",
    "interlocal.metropolis",
    "interlocal.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "interlocal.accounts.middleware.require_two_factor_for_coordinators",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interlocal.core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'interlocal.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with timestamps read by psycopg's C loader (see the module).
    DATABASES["default"]["ENGINE"] = "interlocal.core.postgresql_backend"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with the planner's statistics kept fresh (PRAGMA optimize as each connection closes). A
    # connection is kept for CONN_MAX_AGE seconds, as on PostgreSQL.
    DATABASES["default"]["ENGINE"] = "interlocal.core.sqlite_backend"
    # WAL lets readers and one writer work at once; see DESIGN.md §4.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ca", _("Catalan")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "interlocal" / "locale"]
TIME_ZONE = "Europe/Madrid"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "metropolis:home"
LOGOUT_REDIRECT_URL = "metropolis:home"

# Login throttling (django-axes): five failures lock the username/IP pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

INTERLOCAL_PAGE_SIZE = 25
# The metropolis whose own account this instance keeps: the key of its territory (interlocal/ecosystem/home.py).
INTERLOCAL_HOME_METROPOLIS = os.environ.get("INTERLOCAL_HOME_METROPOLIS", "amb")
# The public portal's identity (interlocal/portal/identity.py): any key left out keeps the demo's, the AMB's.
# Keys: name, short_name, logo (a static path), primary and accent (#rrggbb).
INTERLOCAL_PORTAL_IDENTITY: dict[str, str] = {}
# Four eyes: a value cannot be approved by whoever entered or submitted it. A one-person office may
# switch this off; such an approval then says "approved by its own author (four eyes off)" in history.
INTERLOCAL_FOUR_EYES = os.environ.get("INTERLOCAL_FOUR_EYES", "1").lower() not in ("0", "false", "no", "off")

# Coordinators without a confirmed two-factor device must set one up before using the back office
# (INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS=1 in the environment).
_require_2fa = os.environ.get("INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS", "")
INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS = _require_2fa.lower() in ("1", "true", "yes", "on")
# The admin shows no authenticator's secret key or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Background work (imports, reports): django-tasks with its database backend.
# The worker: `manage.py db_worker --no-reload` (tests run tasks with `--batch`).
# The cache holds the public forms' hourly allowances (core.throttle). Whole-registry figures remembered for each
# class of reader are kept apart, in each process's memory (core.memo), so that they never push an allowance out.
# The few that are drawn pages costing seconds (the portal's indicator board) are also kept in files every process of
# the machine reads ("figures", `memoised(shared=True)`): computed once for all the web server's workers, or ahead of
# them by the task worker, and read again after a restart while their data stays the same.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("INTERLOCAL_FIGURES_DIR") or BASE_DIR / "var" / "figures",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Caps on an uploaded table, read as a stream by the imports (interlocal/core/tabular.py): rows of a file,
# an XLSX's unzipped size, and the compression beyond which an XLSX entry is taken for a ZIP bomb.
IMPORT_MAX_ROWS = 1_000_000
IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = 500

# Requests about a practice sent without an account: how many one client address may send an hour
# (counted in the default cache: with several server processes, give them one they share, such as
# Django's database cache).
INTERLOCAL_TRANSFER_REQUESTS_PER_HOUR = int(os.environ.get("INTERLOCAL_TRANSFER_REQUESTS_PER_HOUR", "5"))
# The same for contributions to a consultation (form and API together) and subscriptions to the weekly bulletin.
INTERLOCAL_CONTRIBUTIONS_PER_HOUR = int(os.environ.get("INTERLOCAL_CONTRIBUTIONS_PER_HOUR", "5"))
INTERLOCAL_BULLETIN_SUBSCRIPTIONS_PER_HOUR = int(os.environ.get("INTERLOCAL_BULLETIN_SUBSCRIPTIONS_PER_HOUR", "5"))

# Where the site is served, for links in e-mails sent outside a request (the daily digest).
INTERLOCAL_SITE_URL = os.environ.get("INTERLOCAL_SITE_URL", "http://127.0.0.1:8000")
# E-mail from the environment: EMAIL_URL (dj-email-url: smtp://…, submission://…, console:, file:////folder);
# without it mails are written to standard output (production refuses to start without it).
_email = email_settings(os.environ.get("EMAIL_URL") or "console:")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 30)
if _email.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or _email.get(
    "DEFAULT_FROM_EMAIL", "webmaster@localhost"
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL") or _email.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who receives the error reports: DJANGO_ADMINS="IT service <it@example.org>, Ana <ana@example.org>".
ADMINS = admins(os.environ.get("DJANGO_ADMINS", ""))
EMAIL_SUBJECT_PREFIX = "[Interlocal] "

# Logging to standard output, readable here and JSON lines in production (config/log.py).
LOGGING = logging_config(structured=False, level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"))

# Behind reverse proxies, the client's address for login throttling is the one the proxies put in
# X-Forwarded-For: INTERLOCAL_TRUSTED_PROXY_COUNT of them (0: REMOTE_ADDR, the header is ignored).
INTERLOCAL_TRUSTED_PROXY_COUNT = int(os.environ.get("INTERLOCAL_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"

# /health/ (interlocal/core/health.py) is unhealthy when a queued background task waits longer than this.
HEALTH_MAX_QUEUED_TASK_AGE = int(os.environ.get("HEALTH_MAX_QUEUED_TASK_AGE", "600"))
CSRF_TRUSTED_ORIGINS = listed(os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", ""))
