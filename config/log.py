"""Logging: every record to standard output (JSON lines in production, readable text elsewhere),
and the errors of requests to the administrators by e-mail.

The service manager (systemd's journal, a container platform) collects standard output; nothing
is written to files. `django.request` logs a failing request with its traceback; the
`mail_admins` handler mails it to ADMINS, and Sentry receives it too when SENTRY_DSN is set
(config/settings/production.py).

Some addresses are credentials: a calendar feed (`/calendar/<token>.ics`), an invitation
(`/invitation/<secret>/`), a password reset link. `RedactSecrets` replaces their secret part by
`[redacted]` in every record the handlers write (messages, paths, the request of an error mail), and
gunicorn's access log does the same through `config.access_log.RedactingLogger`.
"""

import copy
import logging
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

# The routes of interlocal/notifications/urls.py, interlocal/accounts/urls.py and django.contrib.auth's reset.
SECRET_PARTS = (
    (re.compile(r"(/calendar/)[^/?#\s\"']+(\.ics)"), r"\1[redacted]\2"),
    (re.compile(r"(/invitation/)[^/?#\s\"']+"), r"\1[redacted]"),
    (re.compile(r"(/reset/[^/?#\s\"']+/)(?!set-password/)[^/?#\s\"']+"), r"\1[redacted]"),
)


def redact(text: str) -> str:
    """`text` with the secret part of each credential address in it replaced by `[redacted]`."""
    for pattern, replacement in SECRET_PARTS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, its arguments and its request so that no credential address is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) if isinstance(arg, str) else arg for key, arg in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            record.request = _redacted_request(request)
        return True


def _redacted_request(request: Any) -> Any:
    """A copy of the request with redacted paths and headers, for the error mail's "Request URL" and META."""
    meta = {key: redact(value) if isinstance(value, str) else value for key, value in request.META.items()}
    path = redact(request.path)
    if meta == request.META and path == request.path:
        return request
    redacted = copy.copy(request)
    redacted.path, redacted.path_info, redacted.META = path, redact(request.path_info), meta
    return redacted


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line; a request is logged as its method and path, never its headers or cookies."""

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "path"):
            log_data["method"] = getattr(request, "method", None)
            log_data["path"] = redact(request.path)


class SkipHealthProbes(logging.Filter):
    """Keeps an unhealthy /health/ from mailing the administrators at every probe of the load balancer.

    Its failing checks are logged (logger `health_check`) with the reason; the 503 answer itself
    is not an error of the application. An exception raised in the view still gets through.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        match = getattr(getattr(record, "request", None), "resolver_match", None)
        return record.exc_info is not None or getattr(match, "view_name", None) != "health"


def logging_config(*, structured: bool, level: str = "INFO") -> dict[str, Any]:
    """The LOGGING setting: `structured` writes JSON lines (production), otherwise readable text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
            "skip_health_probes": {"()": "config.log.SkipHealthProbes"},
            "redact_secrets": {"()": "config.log.RedactSecrets"},
        },
        "formatters": {
            "readable": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
            "json": {
                "()": "config.log.JsonFormatter",
                "format": "{levelname}{name}{message}",
                "style": "{",
                "timestamp": True,
            },
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json" if structured else "readable",
                "filters": ["redact_secrets"],
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false", "skip_health_probes", "redact_secrets"],
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Replaces Django's default handlers (console only with DEBUG, so a 500 left no trace).
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            "django.request": {"handlers": ["mail_admins"], "level": level, "propagate": True},
            "django.security": {"handlers": ["mail_admins"], "level": level, "propagate": True},
            "axes": {"level": "WARNING"},  # login failures and lockouts, not its start-up banner
        },
    }
