"""A registry file's cells turned into what the record forms take: codes, dates, and the numbers of records.

References to other records (organisations by key, partner places by city, agreements and projects by
number or title…) are looked up among the records the importing user may see. An unknown reference
and a hidden one get the same message, so a file cannot be used to learn what exists.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from interlocal.core.access import Author
from interlocal.core.models import SdgTarget, Theme
from interlocal.core.permissions import Access
from interlocal.core.reference import parse_city, validate_country
from interlocal.diplomacy.models import Agreement, PartnerPlace
from interlocal.diplomacy.services import partner_place_for_city
from interlocal.ecosystem.models import Organisation, WorldRegion
from interlocal.projects.models import Project
from interlocal.territory.models import Territory

from .kinds import HEADER_LANGUAGES, LIST_SEPARATOR, Column, Sheet

TRUE = {"yes", "y", "true", "1", "x", "sí", "si", "s"}
FALSE = {"no", "n", "false", "0"}
LIST_OF = {  # a list column's kind: the reader of each of its items
    "organisations": "organisation",
    "places": "place",
    "themes": "theme",
    "regions": "region",
    "sdg_targets": "sdg_target",
}
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class CellError(ValueError):
    """A cell that cannot be read; its text is the message the user reads."""


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


class CellReader:
    """Reads the cells of one file for one user; `owner` owns the partner places the file registers."""

    def __init__(self, *, access: Access, user: Author, owner: Organisation, sheet: Sheet) -> None:
        self.access, self.user, self.owner, self.sheet = access, user, owner, sheet
        self.registered_places: list[str] = []
        self._choices: dict[str, dict[str, str]] = {}

    def read(self, column: Column, value: Any) -> Any:
        """The cell as the form field takes it ("" or [] when blank); CellError when it cannot be read."""
        if column.kind == "date" and isinstance(value, datetime.date):
            return value.date() if isinstance(value, datetime.datetime) else value
        text = cell_text(value)
        if "\x00" in text:  # PostgreSQL cannot store it
            raise CellError(_("The cell holds a NUL character (0x00): remove it."))
        if column.kind in LIST_OF:
            item_reader = getattr(self, LIST_OF[column.kind])
            return [item_reader(item) for item in _items(text)]
        if not text:
            return ""
        if column.kind == "choice":
            return self.choice(column, text)
        reader = getattr(self, column.kind, None) if column.kind != "text" else None
        return reader(text) if reader is not None else text

    # One value of each kind; the number (pk) of a record for references.

    def id(self, text: str) -> int:
        if not text.isdigit() or not 0 < int(text) < 2**63:
            raise CellError(_("“%(text)s” is not a record number.") % {"text": text})
        return int(text)

    def date(self, text: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            pass
        match = DAY_MONTH_YEAR.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                pass
        raise CellError(_("“%(text)s” is not a date (write 2025-03-31).") % {"text": text})

    def number(self, text: str) -> str:
        cleaned = text.replace(" ", "").replace("\u00a0", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            if not Decimal(cleaned).is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise CellError(_("“%(text)s” is not a number.") % {"text": text}) from None
        return cleaned

    def bool(self, text: str) -> bool:
        lowered = text.lower()
        if lowered in TRUE or lowered in FALSE:
            return lowered in TRUE
        raise CellError(_("Write yes or no, not “%(text)s”.") % {"text": text})

    def choice(self, column: Column, text: str) -> str:
        """A code, or its label in English, Catalan or Spanish."""
        known = self._choices.get(column.name)
        if known is None:
            known = {}
            for code, label in self.sheet.choices(column):
                known[str(code).lower()] = str(code)
                for language in HEADER_LANGUAGES:
                    with override(language):
                        known.setdefault(str(label).lower(), str(code))
            self._choices[column.name] = known
        found = known.get(text.lower())
        if found is None:
            codes = ", ".join(str(code) for code, _label in self.sheet.choices(column))
            raise CellError(_("“%(text)s” is not one of: %(codes)s.") % {"text": text, "codes": codes})
        return found

    def organisation(self, text: str) -> int:
        found = Organisation.objects.visible_to(self.access).filter(key__caseless=text).values_list("pk", flat=True)
        pk = next(iter(found), None)
        if pk is None:
            raise CellError(_("Unknown organisation “%(key)s” (give its key).") % {"key": text})
        return pk

    def territory(self, text: str) -> int:
        found = Territory.objects.visible_to(self.access).filter(Q(key__caseless=text) | Q(official_code=text))
        pk = next(iter(found.values_list("pk", flat=True)), None)
        if pk is None:
            raise CellError(_("Unknown territory “%(key)s”.") % {"key": text})
        return pk

    def theme(self, text: str) -> int:
        pk = next(iter(Theme.objects.filter(Q(slug=text) | Q(name__caseless=text)).values_list("pk", flat=True)), None)
        if pk is None:
            raise CellError(_("Unknown theme “%(key)s”.") % {"key": text})
        return pk

    def region(self, text: str) -> int:
        regions = WorldRegion.objects.filter(Q(slug=text) | Q(name__caseless=text))
        pk = next(iter(regions.values_list("pk", flat=True)), None)
        if pk is None:
            raise CellError(_("Unknown world region “%(key)s”.") % {"key": text})
        return pk

    def sdg_target(self, text: str) -> str:
        if not SdgTarget.objects.filter(code=text).exists():
            raise CellError(_("Unknown SDG target “%(code)s”.") % {"code": text})
        return text

    def agreement(self, text: str) -> int:
        return self._by_number_or_title(Agreement, text, _("Unknown agreement “%(text)s”."))

    def project(self, text: str) -> int:
        return self._by_number_or_title(Project, text, _("Unknown project “%(text)s”."))

    def _by_number_or_title(self, model: Any, text: str, unknown: str) -> int:
        visible = model.objects.visible_to(self.access)
        number = text.isdigit() and int(text) < 2**63
        found = list(visible.filter(pk=int(text)) if number else visible.filter(title__caseless=text)[:2])
        if not found:
            raise CellError(unknown % {"text": text})
        if len(found) > 1:
            raise CellError(_("Several records are titled “%(text)s”: give the number instead.") % {"text": text})
        return int(found[0].pk)

    def place(self, text: str) -> int:
        """A registered partner place the user may see, or the GeoNames city registered as one."""
        visible = PartnerPlace.objects.visible_to(self.access)
        if text.isdigit():
            found = list(visible.filter(geonameid=int(text))[:1]) if int(text) < 2**63 else []
            if found:
                return found[0].pk
            raise CellError(_("Unknown partner place “%(text)s”.") % {"text": text})
        name, _sep, country = text.partition(",")
        name, country = name.strip(), country.strip().upper()
        if country:
            try:
                validate_country(country)
            except ValidationError as error:
                raise CellError(" ".join(error.messages)) from None
        places = visible.filter(name__caseless=name, **({"country": country} if country else {}))
        found = list(places[:2])
        if len(found) > 1:
            raise CellError(
                _("Several places are named “%(name)s”: add the country, e.g. “%(name)s, FR”.") % {"name": name}
            )
        if found:
            return found[0].pk
        try:
            city = parse_city(text)
            place = partner_place_for_city(access=self.access, user=self.user, city=city, owner=self.owner)
        except ValidationError as error:
            raise CellError(" ".join(error.messages)) from None
        self.registered_places.append(str(place))
        return place.pk
