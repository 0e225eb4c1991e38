"""Import of ranking editions from CSV or XLSX: one row per position, all or nothing, every faulty row named.

Columns: `ranking` (its key), `year`, `territory` (its key), `position`, and optionally `published_on`
(YYYY-MM-DD), `places_ranked`, `source` and `citation`. The rows of one ranking and year make one edition,
created if it does not exist; a position already recorded for the edition and territory is updated, so a
second import of the same file changes nothing. Only a ranking the importer may edit takes rows. Every row
is checked before anything is written; with any error nothing is written. The file is small (a ranking has
few editions), so it runs while the user waits.
"""

import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core import hooks
from interlocal.core import services as core_services
from interlocal.core.access import Author
from interlocal.core.permissions import Access, can_edit
from interlocal.core.tabular import TableRefused
from interlocal.results.imports import RowError, read_table
from interlocal.territory.models import Territory

from . import services
from .models import Edition, Position, Ranking

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ["ranking", "year", "territory", "position"]
OPTIONAL = ["published_on", "places_ranked", "source", "citation"]
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass
class Row:
    number: int
    ranking: Ranking
    year: int
    territory: Territory
    position: int
    published_on: datetime.date | None
    places_ranked: int | None
    source: str
    citation: str


@dataclass
class ImportResult:
    rows: int = 0
    editions_created: int = 0
    positions_created: int = 0
    positions_updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "editions_created": self.editions_created,
            "positions_created": self.positions_created,
            "positions_updated": self.positions_updated,
            "unchanged": self.unchanged,
            "written": self.written,
            "errors": [e.as_dict() for e in self.errors],
        }


def _whole(text: str, column: str, *, least: int = 1, most: int | None = None) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ValueError(_("“%(text)s” is not a whole number.") % {"text": text[:40]})
    value = int(text)
    if value < least or (most is not None and value > most):
        if most is None:
            raise ValueError(_("%(column)s must be %(least)s or more.") % {"column": column, "least": least})
        raise ValueError(
            _("%(column)s must be between %(least)s and %(most)s.") % {"column": column, "least": least, "most": most}
        )
    return value


class Checker:
    """Checks rows against the rankings and territories the importer may see (each looked up once)."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self.rankings: dict[str, Ranking | None] = {}
        self.territories: dict[str, Territory | None] = {}
        self.seen: dict[tuple[int, int, int], int] = {}
        self.editions: dict[tuple[int, int], tuple[int, datetime.date | None, int | None]] = {}

    def ranking(self, key: str) -> Ranking | None:
        if key not in self.rankings:
            self.rankings[key] = Ranking.objects.visible_to(self.access).filter(key=key).first()
        return self.rankings[key]

    def territory(self, key: str) -> Territory | None:
        if key not in self.territories:
            self.territories[key] = Territory.objects.visible_to(self.access).filter(key=key).first()
        return self.territories[key]

    def check(self, number: int, cells: dict[str, str]) -> tuple[Row | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, column, message))

        for name in REQUIRED:
            if not cells[name]:
                fail(name, _("The cell is empty."))
        ranking = territory = None
        if cells["ranking"]:
            ranking = self.ranking(cells["ranking"])
            if ranking is None:
                fail("ranking", _("Unknown ranking “%(key)s”.") % {"key": cells["ranking"][:80]})
            elif not can_edit(self.access, ranking):
                fail(
                    "ranking",
                    _("You may not change the ranking “%(key)s”: it belongs to another organisation.")
                    % {"key": ranking.key},
                )
        if cells["territory"]:
            territory = self.territory(cells["territory"])
            if territory is None:
                fail("territory", _("Unknown territory “%(key)s”.") % {"key": cells["territory"][:80]})
        values: dict[str, Any] = {}
        for name, least, most in (("year", FIRST_YEAR, LAST_YEAR), ("position", 1, None), ("places_ranked", 1, None)):
            if cells[name]:
                try:
                    values[name] = _whole(cells[name], name, least=least, most=most)
                except ValueError as error:
                    fail(name, str(error))
        published_on = None
        if cells["published_on"]:
            try:
                published_on = datetime.date.fromisoformat(cells["published_on"])
            except ValueError:
                fail("published_on", _("“%(text)s” is not a date (YYYY-MM-DD).") % {"text": cells["published_on"][:40]})
        for name in ("source", "citation"):
            if len(cells[name]) > 300:
                fail(name, _("At most 300 characters."))
        places = values.get("places_ranked") or (ranking.places_ranked if ranking else None)
        if places and values.get("position", 0) > places:
            fail("position", _("The position is after the last of the %(places)s places ranked.") % {"places": places})
        if errors or ranking is None or territory is None:
            return None, errors
        year, position = values["year"], values["position"]
        key = (ranking.pk, year, territory.pk)
        if key in self.seen:
            fail(
                "territory",
                _("Row %(row)s already gives this territory's position in this edition.") % {"row": self.seen[key]},
            )
            return None, errors
        self.seen[key] = number
        given = (published_on, values.get("places_ranked"))
        if given != (None, None):  # the edition's facts: every row that gives them must agree
            first = self.editions.setdefault((ranking.pk, year), (number, *given))
            if first[1:] != given:
                message = _("Row %(row)s gives this edition another publication date or number of places.")
                fail("published_on", message % {"row": first[0]})
                return None, errors
        return Row(
            number, ranking, year, territory, position, published_on, values.get("places_ranked"),
            cells["source"], cells["citation"],
        ), errors  # fmt: skip


def _rows(table_rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(table_rows, start=2):
        if any(cell.strip() for cell in row):
            yield number, [cell.strip() for cell in row]


def check_file(*, access: Access, filename: str, content: bytes) -> tuple[list[Row], list[RowError]]:
    """Every row, or every error found in the file."""
    table, errors = read_table(filename, content)
    if errors or table is None:
        return [], errors
    try:
        header = [str(cell).strip().lower() for cell in next(table.rows)]
    except StopIteration:
        return [], [RowError(1, "", _("The file has no header row."))]
    except (TableRefused, UnicodeDecodeError, csv.Error) as error:
        return [], [RowError(getattr(error, "row", 1), "", str(error))]
    for place, name in enumerate(header, start=1):
        if name not in REQUIRED + OPTIONAL:
            expected = ", ".join(REQUIRED + OPTIONAL)
            message = _("Unknown column “%(name)s” (column %(position)s); the columns are: %(expected)s.")
            errors.append(RowError(1, name, message % {"name": name, "position": place, "expected": expected}))
    for name in REQUIRED:
        if name not in header:
            errors.append(RowError(1, name, _("The column “%(name)s” is missing.") % {"name": name}))
    if errors:
        return [], errors
    checker = Checker(access)
    rows: list[Row] = []
    try:
        for number, cells in _rows(table.rows):
            if number - 1 > MAX_ROWS:
                errors.append(RowError(number, "", _("The file has more than %(n)s rows.") % {"n": MAX_ROWS}))
                break
            if len(cells) > len(header):
                errors.append(RowError(number, "", _("The row has more cells than the header has columns.")))
                continue
            if any("\x00" in cell for cell in cells):  # PostgreSQL cannot store a NUL character
                column = header[next(i for i, cell in enumerate(cells) if "\x00" in cell)]
                errors.append(RowError(number, column, _("The cell holds a NUL character (0x00): remove it.")))
                continue
            named = dict.fromkeys(REQUIRED + OPTIONAL, "")
            named.update(zip(header, cells, strict=False))
            row, row_errors = checker.check(number, named)
            errors.extend(row_errors)
            if row is not None:
                rows.append(row)
    except (TableRefused, UnicodeDecodeError, csv.Error) as error:  # csv.Error: e.g. a cell longer than it reads
        errors.append(RowError(getattr(error, "row", 0), "", str(error)))
    if not rows and not errors:
        errors.append(RowError(2, "", _("The file has no rows after its header.")))
    return rows, errors


def editions_import(
    *, access: Access, user: Author, filename: str, content: bytes, visibility: str, check_only: bool = False
) -> ImportResult:
    """Check the file; unless told to check only and if no row is faulty, write every row in one transaction."""
    rows, errors = check_file(access=access, filename=filename, content=content)
    result = ImportResult(rows=len(rows), errors=errors)
    if errors:
        return result
    editions = {
        (e.ranking_id, e.year): e
        for e in Edition.objects.filter(ranking__in={r.ranking.pk for r in rows}, year__isnull=False)
    }
    positions = {
        (p.edition_id, p.territory_id): p
        for p in Position.objects.filter(edition__in=[e.pk for e in editions.values()])
    }
    for row in rows:  # what is already recorded must be theirs to change, and not archived
        edition = editions.get((row.ranking.pk, row.year))
        if edition is not None and (edition.archived_at or not can_edit(access, edition)):
            message = _("The ranking's edition of %(year)s is archived or belongs to another organisation.")
            errors.append(RowError(row.number, "year", message % {"year": row.year}))
        position = positions.get((edition.pk, row.territory.pk)) if edition else None
        if position is not None and (position.archived_at or not can_edit(access, position)):
            message = _("This territory's position in that edition is archived or belongs to another organisation.")
            errors.append(RowError(row.number, "territory", message))
    if errors or check_only:
        return result
    facts = {
        (r.ranking.pk, r.year): (r.published_on, r.places_ranked) for r in rows if r.published_on or r.places_ranked
    }
    reason = f"imported from {filename}"[:100]
    with transaction.atomic(), hooks.collected():  # the write hooks run once per kind, not once per row
        for row in rows:
            common = {"owner": row.ranking.owner, "visibility": visibility, "language": row.ranking.language}
            edition = editions.get((row.ranking.pk, row.year))
            if edition is None:
                published_on, places_ranked = facts.get((row.ranking.pk, row.year), (None, None))
                fields = {"ranking": row.ranking, "year": row.year, "published_on": published_on,
                          "places_ranked": places_ranked, "source": row.source, "citation": row.citation, **common}  # fmt: skip
                edition = core_services.record_create(
                    access=access, user=user, model=Edition, fields=fields, reason=reason
                )
                editions[(row.ranking.pk, row.year)] = edition
                result.editions_created += 1
            position = positions.get((edition.pk, row.territory.pk))
            wanted: dict[str, Any] = {"position": row.position, "source": row.source, "citation": row.citation}
            if position is not None:  # an empty source or citation keeps the recorded one
                wanted = {name: value for name, value in wanted.items() if value != ""}
            if position is None:
                core_services.record_create(
                    access=access, user=user, model=Position, reason=reason,
                    fields={"edition": edition, "territory": row.territory, **wanted, **common},
                )  # fmt: skip
                result.positions_created += 1
            elif any(getattr(position, name) != value for name, value in wanted.items()):
                core_services.record_update(access=access, user=user, instance=position, fields=wanted, reason=reason)
                result.positions_updated += 1
            else:
                result.unchanged += 1
        for ranking in {row.ranking.pk: row.ranking for row in rows}.values():
            services.ranking_results_sync(ranking=ranking, user=user)
    result.written = True
    return result


TEMPLATE = "ranking,year,territory,position,published_on,places_ranked,source,citation\r\n"
