"""Reading an IATI activity file as a stream: the size limit, the hardened parser, the official schema and
the codelists, one activity at a time, in bounded memory.

``read_activities`` yields each ``<iati-activity>`` the schema accepts and clears it once the caller has
used it, so a 200 MB file needs the memory of one activity, not of the whole tree. Every problem goes to
a ``Problems`` list, which keeps the first ``MAX_LISTED`` and counts the rest: a file with 400,000 bad
attributes gives a short answer ("… and 399,900 more errors"), not a 50 MB one.
"""

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from interlocal.core.numbers import format_number

from .reference import XML_LANG, codelist, organisation_schema, schema

MAX_LISTED = 100
HOSTILE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOG_BYTES = 64 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    element: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("whole file")
        return f"{self.file}, {where}, <{self.element}>: {self.message}"


@dataclass
class Problems:
    """The first MAX_LISTED problems, and how many there were in all."""

    listed: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(problem)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.listed)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Problem:
        return self.listed[index]

    def __bool__(self) -> bool:
        return self.count > 0

    def lines(self, *, errors: bool = True) -> list[str]:
        """Each listed problem as text, then "… and N more" when some were left off."""
        lines = [str(problem) for problem in self.listed]
        more = self.count - len(self.listed)
        if more:
            template = (
                ngettext("… and %(count)s more error", "… and %(count)s more errors", more)
                if errors
                else ngettext("… and %(count)s more warning", "… and %(count)s more warnings", more)
            )
            lines.append(template % {"count": format_number(more, 0)})
        return lines


def problem(filename: str, element: etree._Element | None, message: str) -> Problem:
    if element is None:
        return Problem(filename, None, "iati-activities", message)
    tag = element.tag if isinstance(element.tag, str) else "?"
    return Problem(filename, element.sourceline, tag, message)


def _schema_problems(filename: str, problems: Problems, validator: etree.XMLSchema, line: int | None = None) -> None:
    for entry in validator.error_log:
        element_name = entry.path.rsplit("/", 1)[-1].split("[", 1)[0] if entry.path else "?"
        problems.add(Problem(filename, line or entry.line, element_name or "?", entry.message))


def read_activities(
    source: bytes | Path, filename: str, problems: Problems, *, max_bytes: int
) -> Iterator[etree._Element]:
    """Each schema-valid iati-activity of the file, in order (see `_read`)."""
    return _read(source, filename, problems, max_bytes=max_bytes, root_tag="iati-activities", validator=schema())


def read_organisations(
    source: bytes | Path, filename: str, problems: Problems, *, max_bytes: int
) -> Iterator[etree._Element]:
    """Each iati-organisation of an organisation file the organisation schema accepts, in order (see `_read`)."""
    validator = organisation_schema()
    return _read(source, filename, problems, max_bytes=max_bytes, root_tag="iati-organisations", validator=validator)


CHILD = {"iati-activities": "iati-activity", "iati-organisations": "iati-organisation"}
FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.-]*)")
SKIPPED = re.compile(rb"<\?.*?\?>|<!--.*?-->", re.DOTALL)


def file_root(source: bytes | Path) -> str | None:
    """The name of the file's root element, read from its first 64 KB (None when it is not found there)."""
    if isinstance(source, bytes):
        head = source[:PROLOG_BYTES]
    else:
        with source.open("rb") as start:
            head = start.read(PROLOG_BYTES)
    match = FIRST_TAG.search(SKIPPED.sub(b"", head))
    return match.group(1).decode("ascii", "replace") if match else None


def _read(
    source: bytes | Path,
    filename: str,
    problems: Problems,
    *,
    max_bytes: int,
    root_tag: str,
    validator: etree.XMLSchema,
) -> Iterator[etree._Element]:
    """Each schema-valid child of the root (an iati-activity, an iati-organisation) in order; every problem goes
    to `problems`.

    An activity the schema refuses is named and not yielded; the root (its @version…) is checked at the
    end, with a copy of the first valid activity (the schema wants at least one). The caller must not keep
    a yielded element: it is cleared as soon as the next one is read.
    """
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > max_bytes:
        limit = {"size": format_number(max_bytes / (1024 * 1024), 1)}
        problems.add(Problem(filename, None, "iati-activities", _("The file is larger than %(size)s MB.") % limit))
        return
    if isinstance(source, bytes):
        head = source[:PROLOG_BYTES]
    else:
        with source.open("rb") as start:
            head = start.read(PROLOG_BYTES)
    hostile = HOSTILE.search(head)
    if hostile:
        message = _("DOCTYPE and entity declarations are refused (they can expand or fetch content).")
        problems.add(Problem(filename, head[: hostile.start()].count(b"\n") + 1, "!DOCTYPE", message))
        return
    stream = etree.iterparse(
        _BytesStream(source) if isinstance(source, bytes) else str(source),
        events=("end",),
        tag=CHILD[root_tag],
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=False,
    )
    root: etree._Element | None = None
    first_valid: etree._Element | None = None
    try:
        for _event, activity in stream:
            if root is None:
                root = activity.getparent()
                if root is None or not _acceptable_root(root, filename, problems, root_tag):
                    return
            if activity.getparent() is not root:
                continue  # misplaced: the root's own check names it
            if validator.validate(activity):
                if first_valid is None:
                    first_valid = copy.deepcopy(activity)
                yield activity
            else:
                _schema_problems(filename, problems, validator)
            activity.clear(keep_tail=True)
            while activity.getprevious() is not None:
                del root[0]
        if root is None:
            root = stream.root
            if not _acceptable_root(root, filename, problems, root_tag):
                return
    except etree.XMLSyntaxError as error:
        problems.add(Problem(filename, error.lineno, "?", _("Not well-formed XML: %(why)s") % {"why": error.msg}))
        return
    _check_root(root, first_valid, filename, problems, validator)


class _BytesStream:
    """A file-like view of bytes for iterparse (io.BytesIO would copy them)."""

    def __init__(self, raw: bytes) -> None:
        self.view, self.position = memoryview(raw), 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.view) if size < 0 else self.position + size
        chunk = bytes(self.view[self.position : end])
        self.position += len(chunk)
        return chunk


def _acceptable_root(root: etree._Element, filename: str, problems: Problems, tag: str) -> bool:
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # e.g. a UTF-16 file hiding its DOCTYPE
        problems.add(Problem(filename, 1, "!DOCTYPE", _("DOCTYPE and entity declarations are refused.")))
        return False
    if root.tag != tag:
        message = _("The root element must be <iati-activities> or <iati-organisations> (IATI 2.03).")
        problems.add(problem(filename, root, message))
        return False
    return True


def _check_root(
    root: etree._Element, first: etree._Element | None, filename: str, problems: Problems, validator: etree.XMLSchema
) -> None:
    """The root's attributes and content, checked with the first valid activity (or none, if there is none)."""
    shell = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
    if first is not None:
        shell.append(first)
    elif problems:
        return  # the activities' own problems say enough
    if not validator.validate(shell):
        _schema_problems(filename, problems, validator, line=root.sourceline)


# (element, its parent: "" for the activity itself, "*" anywhere below it; the @vocabulary it needs or None,
# attribute, codelist); the mapping reads only the codes it knows
CODE_CHECKS: list[tuple[str, str, str | None, str, str]] = [
    ("activity-status", "", None, "code", "ActivityStatus"),
    ("activity-date", "", None, "type", "ActivityDateType"),
    ("participating-org", "", None, "role", "OrganisationRole"),
    ("transaction-type", "transaction", None, "code", "TransactionType"),
    ("recipient-country", "", None, "code", "Country"),
    ("value", "*", None, "currency", "Currency"),
    ("tag", "", "3", "code", "UNSDG-Targets"),
    ("sector", "", "8", "code", "UNSDG-Targets"),
    ("administrative", "location", "A4", "code", "Country"),
    ("reporting-org", "", None, "type", "OrganisationType"),
    ("participating-org", "", None, "type", "OrganisationType"),
    ("provider-org", "transaction", None, "type", "OrganisationType"),
    ("budget", "", None, "type", "BudgetType"),
    ("budget", "", None, "status", "BudgetStatus"),
    ("tag", "", None, "vocabulary", "TagVocabulary"),
    ("tag", "", "2", "code", "UNSDG-Goals"),
    ("sector", "", None, "vocabulary", "SectorVocabulary"),
    ("sector", "", "7", "code", "UNSDG-Goals"),
    ("description", "", None, "type", "DescriptionType"),
    ("location-id", "location", None, "vocabulary", "GeographicVocabulary"),
    ("administrative", "location", None, "vocabulary", "GeographicVocabulary"),
]
CHECKS_BY_TAG: dict[str, list[tuple[int, str, str | None, str, str]]] = {}
for _index, (_tag, *_check) in enumerate(CODE_CHECKS):
    CHECKS_BY_TAG.setdefault(_tag, []).append((_index, *_check))  # type: ignore[arg-type]


IN_A_LANGUAGE = etree.XPath("descendant-or-self::*[@xml:lang]")


def check_codes(activity: etree._Element, filename: str, problems: Problems) -> None:
    """Codes against the codelists: a code off its list is a warning (it never refuses the file).

    One walk through the elements checked; the warnings come check by check (CODE_CHECKS), then the languages."""
    default_currency = activity.get("default-currency")
    if default_currency and default_currency not in codelist("Currency"):
        message = _("Default currency “%(code)s” is not on the Currency codelist; amounts in it are not imported.")
        problems.add(problem(filename, activity, message % {"code": default_currency}))
    languages = codelist("Language")
    found: dict[int, list[Problem]] = {}
    for element in activity.iter(*CHECKS_BY_TAG):
        for index, parent, vocabulary, attribute, name in CHECKS_BY_TAG[element.tag]:
            if parent != "*":
                above = element.getparent()
                if parent:
                    above = above.getparent() if above is not None and above.tag == parent else None
                if above is not activity:
                    continue
            if vocabulary is not None and element.get("vocabulary") != vocabulary:
                continue
            code = element.get(attribute)
            if code is None or code in codelist(name):
                continue
            message = _("@%(attribute)s “%(code)s” is not on the %(codelist)s codelist. Not imported.") % {
                "attribute": attribute,
                "code": code,
                "codelist": name,
            }
            found.setdefault(index, []).append(problem(filename, element, message))
    for index in sorted(found):
        for each in found[index]:
            problems.add(each)
    for element in IN_A_LANGUAGE(activity):
        lang = element.get(XML_LANG)
        if lang and lang.lower() not in languages:
            message = _("@xml:lang “%(code)s” is not on the Language codelist.") % {"code": lang}
            problems.add(problem(filename, element, message))


def check_version(version: str | None, filename: str, problems: Problems) -> None:
    if version != "2.03":
        message = _("@version “%(version)s” is not 2.03; the file is read as IATI 2.03.")
        problems.add(Problem(filename, None, "iati-activities", message % {"version": version}))
