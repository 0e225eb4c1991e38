"""The official IATI 2.03 schema and codelists, loaded once from the package data, and the hardened parser."""

from functools import cache
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent / "data"
SCHEMA_FILE = DATA / "schemas" / "iati-activities-schema.xsd"
ORGANISATION_SCHEMA_FILE = DATA / "schemas" / "iati-organisations-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def safe_parser() -> etree.XMLParser:
    """A parser that never expands entities, loads no DTD, reaches no network and refuses huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=False,
    )


@cache
def schema() -> etree.XMLSchema:
    """The iati-activities schema; its include and import (iati-common.xsd, xml.xsd) are local files."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), safe_parser()))


@cache
def organisation_schema() -> etree.XMLSchema:
    """The iati-organisations schema (it includes the same iati-common.xsd)."""
    return etree.XMLSchema(etree.parse(str(ORGANISATION_SCHEMA_FILE), safe_parser()))


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one codelist (e.g. "ActivityStatus"), withdrawn codes included (they stay valid in old data)."""
    tree = etree.parse(str(DATA / "codelists" / f"{name}.xml"), safe_parser())
    return frozenset(code.strip() for code in tree.xpath("//codelist-item/code/text()"))


@cache
def country_names() -> dict[str, str]:
    """{ISO 3166-1 alpha-2 code: English name} from the Country codelist."""
    tree = etree.parse(str(DATA / "codelists" / "Country.xml"), safe_parser())
    return {
        str(item.findtext("code")).strip(): (item.findtext("name/narrative") or "").strip()
        for item in tree.iterfind(".//codelist-item")
    }
