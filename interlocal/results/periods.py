"""Periods: a year, quarter or month, stored as its kind and its normalised first day."""

import datetime
import re

from django.utils.translation import gettext as _

# The years a period, a span or a chart may name: enough for any statistic, and far from date's limits
# (a span's last period and the one after it must still be dates).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

PATTERNS = [
    ("year", re.compile(r"^(\d{4})$")),
    ("quarter", re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)),
    ("month", re.compile(r"^(\d{4})-(\d{1,2})$")),
]


def parse_period(text: str) -> tuple[str, datetime.date]:
    """`"2023"`, `"2023-Q2"` or `"2023-05"` → (kind, first day); ValueError with a clear message otherwise."""
    text = text.strip()
    for kind, pattern in PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            break
        if kind == "year":
            return kind, datetime.date(year, 1, 1)
        if kind == "quarter":
            return kind, datetime.date(year, 3 * int(match.group(2)) - 2, 1)
        month = int(match.group(2))
        if 1 <= month <= 12:
            return kind, datetime.date(year, month, 1)
    raise ValueError(
        _("“%(text)s” is not a period: write a year (2023), a quarter (2023-Q2) or a month (2023-05).") % {"text": text}
    )


def period_label(kind: str, start: datetime.date) -> str:
    if kind == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if kind == "month":
        return f"{start.year}-{start.month:02d}"
    return str(start.year)


def periods_between(kind: str, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every period start of this kind from `first` to `last` inclusive."""
    step = {"year": 12, "quarter": 3, "month": 1}[kind]
    starts = []
    year, month = first.year, first.month
    while datetime.date(year, month, 1) <= last:
        starts.append(datetime.date(year, month, 1))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return starts
