"""The IATI schema's own test files, and hostile or oversized XML: refused with a named reason, nothing changed."""

from pathlib import Path

import pytest

from interlocal.core.permissions import SYSTEM
from interlocal.iati.imports import import_activities
from interlocal.iati.reading import Problem, Problems, check_codes, read_activities
from interlocal.projects.models import Project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "iati" / "activity-tests"
SHOULD_PASS = sorted((FIXTURES / "should-pass").rglob("*.xml"))
SHOULD_FAIL = sorted((FIXTURES / "should-fail").rglob("*.xml"))


def validate(raw: bytes, filename: str, limit: int = 5 * 1024 * 1024) -> tuple[list[str], list[Problem]]:
    """Read the whole stream: the identifiers of the activities the schema accepts, and the problems."""
    problems = Problems()
    identifiers = [a.findtext("iati-identifier") for a in read_activities(raw, filename, problems, max_bytes=limit)]
    return identifiers, list(problems)


def test_the_fixtures_are_the_official_ones() -> None:
    assert len(SHOULD_PASS) == 14
    assert len(SHOULD_FAIL) == 7


@pytest.mark.parametrize("path", SHOULD_PASS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_every_should_pass_file_is_accepted_by_validation(path: Path) -> None:
    identifiers, errors = validate(path.read_bytes(), path.name)
    assert errors == []
    assert identifiers


@pytest.mark.parametrize("path", SHOULD_FAIL, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_every_should_fail_file_is_refused_with_a_message(path: Path) -> None:
    _, errors = validate(path.read_bytes(), path.name)
    assert errors
    for error in errors:
        assert error.file == path.name
        assert error.line and error.line > 0
        assert error.message
        assert str(error).startswith(f"{path.name}, line {error.line}, <")


def test_should_fail_messages_name_the_element() -> None:
    _, errors = validate((FIXTURES / "should-fail" / "24-two-titles.xml").read_bytes(), "24-two-titles.xml")
    assert any("title" in str(e) for e in errors)
    _, errors = validate((FIXTURES / "should-fail" / "budget" / "12-non-decimal-value.xml").read_bytes(), "b.xml")
    assert any(e.element == "value" for e in errors)


def test_placeholder_codes_of_should_pass_files_are_named_by_the_codelist_check() -> None:
    """The schema's tests use placeholders ("X", "xx") for codes; the codelist step names each one."""
    path = FIXTURES / "should-pass" / "23-activity-status.xml"
    problems, warnings = Problems(), Problems()
    for activity in read_activities(path.read_bytes(), path.name, problems, max_bytes=10**6):
        check_codes(activity, path.name, warnings)
    assert not problems
    status = [w for w in warnings if w.element == "activity-status"]
    assert status and "“X” is not on the ActivityStatus codelist. Not imported." in status[0].message
    assert all(w.file == path.name and w.line for w in warnings)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "http://example.org/evil.dtd">
<iati-activities version="2.03"/>
"""


@pytest.mark.parametrize(
    "raw", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD, BILLION_LAUGHS.decode().encode("utf-16")],
    ids=["billion-laughs", "external-entity", "external-dtd", "utf-16-doctype"],
)  # fmt: skip
def test_hostile_xml_is_refused_and_changes_nothing(world, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    before = Project.objects.count()
    result = import_activities(
        access=SYSTEM,
        user=None,
        raw=raw,
        filename="hostile.xml",
        owner=world.own,
    )
    assert not result.ok
    assert "DOCTYPE" in str(result.errors[0]) or "entit" in str(result.errors[0]).lower()
    assert Project.objects.count() == before


def test_an_oversized_file_is_refused_before_parsing_and_changes_nothing(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_IATI_MAX_BYTES = 1024 * 1024
    raw = b"<iati-activities version='2.03'>" + b" " * 1024 * 1024 + b"</iati-activities>"
    before = Project.objects.count()
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="big.xml", owner=world.own)
    assert result.errors.lines() == ["big.xml, whole file, <iati-activities>: The file is larger than 1 MB."]
    assert Project.objects.count() == before


def test_malformed_xml_names_the_line() -> None:
    _, errors = validate(b"<iati-activities version='2.03'>\n<iati-activity>\n</iati-activities>", "broken.xml")
    assert errors[0].line == 3 and "well-formed" in errors[0].message
