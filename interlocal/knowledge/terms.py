"""The words the search index stores and the words a query looks for, in English, Catalan and Spanish.

Index side (`index_terms`): each word of a record's text, lower-cased, gives its
folded form (accents removed) and its Snowball stem in the record's `language`,
computed from the word as written and from its folded form (the Catalan and
Spanish stemmers cut accented suffixes: "participació" -> "particip",
"participacio" -> "participac"), all folded. The engines index these terms with
no language logic of their own, so SQLite and PostgreSQL find the same records.

Query side (`query_terms`): a query word matches a record if any of its
alternatives occurs — its folded form (also as a prefix, for words of three
letters or more), its stems in each of the three languages (the query's language
is not known, and a Spanish form finds the Catalan record of the same word:
"educación" and "educació" both stem to "educ"), and, when the word is one of the
platform's themes, the words of the other languages for that theme (`SYNONYMS`).
Stemming alone never makes "movilidad" find "mobility" (stems "movil", "mobil"):
that takes a translation, so a small table of the themes of the default data and
the topics of its practices, projects and missions is embedded here and applied
at query time (the index holds the record's own words only). A query word is
looked up in the table by its folded form and its stems, against each member's
folded form and stem in the member's language, so plurals and accent-less
spellings expand too ("viviendas" -> housing, habitatge).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

import Stemmer

STEMMERS = {"en": "english", "ca": "catalan", "es": "spanish"}
PREFIX_MIN = 3
WORD = re.compile(r"[^\W_]+")

# Equivalent words of the platform's themes, one group per line: English, Catalan, Spanish.
SYNONYMS: list[dict[str, list[str]]] = [
    {"en": ["mobility"], "ca": ["mobilitat"], "es": ["movilidad"]},
    {"en": ["transport"], "ca": ["transport"], "es": ["transporte"]},
    {"en": ["housing"], "ca": ["habitatge"], "es": ["vivienda"]},
    {"en": ["tourism", "tourist"], "ca": ["turisme", "turista"], "es": ["turismo", "turista"]},
    {"en": ["culture", "cultural"], "ca": ["cultura", "cultural"], "es": ["cultura", "cultural"]},
    {"en": ["environment", "environmental"], "ca": ["mediambient", "ambiental"], "es": ["medioambiente", "ambiental"]},
    {"en": ["climate"], "ca": ["clima", "climàtic"], "es": ["clima", "climático"]},
    {"en": ["cooperation"], "ca": ["cooperació"], "es": ["cooperación"]},
    {"en": ["education"], "ca": ["educació"], "es": ["educación"]},
    {"en": ["health"], "ca": ["salut"], "es": ["salud"]},
    {"en": ["innovation"], "ca": ["innovació"], "es": ["innovación"]},
    {"en": ["knowledge"], "ca": ["coneixement"], "es": ["conocimiento"]},
    {"en": ["science", "scientific"], "ca": ["ciència", "científic"], "es": ["ciencia", "científico"]},
    {"en": ["technology"], "ca": ["tecnologia"], "es": ["tecnología"]},
    {"en": ["economy", "economic"], "ca": ["economia", "econòmic"], "es": ["economía", "económico"]},
    {"en": ["investment"], "ca": ["inversió"], "es": ["inversión"]},
    {"en": ["talent"], "ca": ["talent"], "es": ["talento"]},
    {"en": ["diplomacy"], "ca": ["diplomàcia"], "es": ["diplomacia"]},
    {"en": ["governance"], "ca": ["governança"], "es": ["gobernanza"]},
    {"en": ["inclusion"], "ca": ["inclusió"], "es": ["inclusión"]},
    {"en": ["water"], "ca": ["aigua"], "es": ["agua"]},
    {"en": ["sanitation"], "ca": ["sanejament"], "es": ["saneamiento"]},
    {"en": ["planning"], "ca": ["planificació"], "es": ["planificación"]},
    {"en": ["urbanism"], "ca": ["urbanisme"], "es": ["urbanismo"]},
    {"en": ["peace"], "ca": ["pau"], "es": ["paz"]},
    {"en": ["energy"], "ca": ["energia"], "es": ["energía"]},
    {"en": ["waste"], "ca": ["residus"], "es": ["residuos"]},
    {"en": ["heritage"], "ca": ["patrimoni"], "es": ["patrimonio"]},
    {"en": ["childhood"], "ca": ["infància"], "es": ["infancia"]},
    {"en": ["employment"], "ca": ["ocupació"], "es": ["empleo"]},
    {"en": ["training"], "ca": ["formació"], "es": ["formación"]},
    {"en": ["research"], "ca": ["recerca", "investigació"], "es": ["investigación"]},
    {"en": ["university"], "ca": ["universitat"], "es": ["universidad"]},
    {"en": ["participation"], "ca": ["participació"], "es": ["participación"]},
    {
        "en": ["sustainability", "sustainable"],
        "ca": ["sostenibilitat", "sostenible"],
        "es": ["sostenibilidad", "sostenible"],
    },  # noqa: E501
    {"en": ["resilience"], "ca": ["resiliència"], "es": ["resiliencia"]},
    {"en": ["transparency"], "ca": ["transparència"], "es": ["transparencia"]},
    {"en": ["migration"], "ca": ["migració"], "es": ["migración"]},
    {"en": ["youth"], "ca": ["joventut"], "es": ["juventud"]},
    {"en": ["women"], "ca": ["dones"], "es": ["mujeres"]},
    {"en": ["gender"], "ca": ["gènere"], "es": ["género"]},
    {"en": ["solidarity"], "ca": ["solidaritat"], "es": ["solidaridad"]},
    {"en": ["security", "safety"], "ca": ["seguretat"], "es": ["seguridad"]},
    {"en": ["food"], "ca": ["alimentació"], "es": ["alimentación"]},
    {"en": ["city", "cities"], "ca": ["ciutat", "ciutats"], "es": ["ciudad", "ciudades"]},
    {"en": ["metropolitan"], "ca": ["metropolità", "metropolitana"], "es": ["metropolitano", "metropolitana"]},
    {"en": ["funding", "financing"], "ca": ["finançament"], "es": ["financiación", "financiamiento"]},
    {"en": ["agreement"], "ca": ["acord", "conveni"], "es": ["acuerdo", "convenio"]},
    {"en": ["practice"], "ca": ["pràctica"], "es": ["práctica"]},
    {"en": ["project"], "ca": ["projecte"], "es": ["proyecto"]},
]


def fold(text: str) -> str:
    """Lower-case and strip accents character by character (positions stay the same)."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if ord(char) > 127 else char
        lowered = base.lower()
        out.append(lowered if len(lowered) == 1 else base)
    return "".join(out)


@cache
def _stemmer(language: str) -> "Stemmer.Stemmer | None":
    algorithm = STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def words(text: str) -> list[str]:
    """The words of a text, lower-cased (accents kept for the stemmers)."""
    return WORD.findall((text or "").lower())


@lru_cache(maxsize=200_000)
def word_forms(token: str, language: str) -> tuple[str, ...]:
    """A lower-cased word's folded form, then its other folded stems in `language` (cached: words repeat)."""
    folded = fold(token)
    stemmer = _stemmer(language)
    if stemmer is None:
        return (folded,)
    return (folded, *sorted({fold(stemmer.stemWord(token)), stemmer.stemWord(folded)} - {"", folded}))


def index_terms(text: str, language: str) -> str:
    """The text as the engines index it: per word, its folded form, then its distinct stems."""
    return " ".join(chain.from_iterable(word_forms(token, language) for token in words(text)))


@cache
def _synonym_keys() -> dict[str, set[int]]:
    """Folded forms and stems (each in its member's language) -> the groups they belong to."""
    keys: dict[str, set[int]] = {}
    for number, group in enumerate(SYNONYMS):
        for language, members in group.items():
            for member in members:
                for form in word_forms(member.lower(), language):
                    keys.setdefault(form, set()).add(number)
    return keys


@cache
def _group_terms(number: int) -> frozenset[str]:
    return frozenset(
        form
        for language, members in SYNONYMS[number].items()
        for member in members
        for form in word_forms(member.lower(), language)
    )


@dataclass(frozen=True)
class QueryWord:
    """What one query word matches: `prefix` as a prefix (or nothing), any of `exact` as a whole term."""

    word: str
    prefix: str
    exact: frozenset[str]

    def matches(self, forms: tuple[str, ...]) -> bool:
        """Whether a text word, given as its index forms (`word_forms`), matches this query word."""
        return any(form in self.exact or (self.prefix and form.startswith(self.prefix)) for form in forms)


def query_terms(q: str, limit: int) -> list[QueryWord]:
    """The words of a query (at most `limit`, no duplicates), each with the terms that match it."""
    lowered = list(dict.fromkeys(words(q)))
    seen: dict[str, QueryWord] = {}
    for token in lowered:
        folded = fold(token)
        if folded in seen:
            continue
        forms = {form for language in STEMMERS for form in word_forms(token, language)}
        keys = _synonym_keys()
        for number in sorted({n for form in forms for n in keys.get(form, ())}):
            forms |= _group_terms(number)
        prefix = folded if len(folded) >= PREFIX_MIN else ""
        seen[folded] = QueryWord(word=folded, prefix=prefix, exact=frozenset(forms))
        if len(seen) == limit:
            break
    return list(seen.values())
