"""Write a synthetic IATI 2.03 activity file for `bench/iati.sh`: N partner activities of a realistic shape.

Usage: python bench/iati_file.py FILE [--activities 10000]

Each activity has an identifier, one of 20 publishers, titles and descriptions in two languages, three
participating organisations out of 300, dates, a recipient country, a location out of 200, sectors, an SDG
target tag, two budgets, two transactions in EUR (one incoming, with its provider) and one in USD, a document
link and a result with an indicator: about 110 elements. Deterministic (seeded): the same N gives the same file.
"""

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

COUNTRIES = ["MZ", "SN", "CO", "MA", "TN", "BO", "PE", "EC", "CV", "GT"]
TARGETS = ["11.1", "11.2", "11.3", "11.4", "11.6", "11.7", "6.1", "6.2", "17.17", "5.5"]


def activity(n: int, rng: random.Random) -> str:
    publisher = rng.randrange(20)
    ref = f"XM-BENCH-P{publisher:02d}"
    orgs = rng.sample(range(300), 3)
    country = rng.choice(COUNTRIES)
    place = rng.randrange(200)
    start = 2015 + rng.randrange(8)
    amount = rng.randrange(10_000, 2_000_000)
    return f"""
 <iati-activity xml:lang="en" default-currency="EUR" last-updated-datetime="2025-01-01T00:00:00Z">
  <iati-identifier>{ref}-A{n:06d}</iati-identifier>
  <reporting-org ref="{ref}" type="21"><narrative>Bench publisher {publisher}</narrative></reporting-org>
  <title><narrative>Urban cooperation activity {n}</narrative><narrative xml:lang="es">Actividad de cooperación urbana {n}</narrative></title>
  <description type="1"><narrative>{escape("Water, mobility & housing in partner cities.")} Activity {n}.</narrative><narrative xml:lang="es">Agua, movilidad y vivienda.</narrative></description>
  <description type="2"><narrative>Objectives of activity {n}.</narrative></description>
  <participating-org ref="XM-BENCH-O{orgs[0]:03d}" type="10" role="1"><narrative>Funder {orgs[0]}</narrative></participating-org>
  <participating-org ref="XM-BENCH-O{orgs[1]:03d}" type="11" role="2"><narrative>Accountable body {orgs[1]}</narrative></participating-org>
  <participating-org ref="XM-BENCH-O{orgs[2]:03d}" type="22" role="4"><narrative>Implementer {orgs[2]}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date iso-date="{start}-01-01" type="1"/>
  <activity-date iso-date="{start}-02-01" type="2"/>
  <activity-date iso-date="{start + 3}-12-31" type="3"/>
  <activity-scope code="4"/>
  <recipient-country code="{country}" percentage="100"/>
  <location ref="L{place}">
   <location-id vocabulary="G1" code="{9_000_000 + place}"/>
   <name><narrative>Bench place {place}</narrative></name>
   <administrative vocabulary="A4" level="0" code="{country}"/>
   <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>{rng.uniform(-40, 40):.5f} {rng.uniform(-80, 40):.5f}</pos></point>
   <exactness code="1"/>
  </location>
  <sector vocabulary="1" code="14030" percentage="70"/>
  <sector vocabulary="1" code="43030" percentage="30"/>
  <tag vocabulary="3" code="{rng.choice(TARGETS)}"/>
  <policy-marker vocabulary="1" code="1" significance="1"/>
  <collaboration-type code="1"/>
  <default-flow-type code="10"/>
  <default-finance-type code="110"/>
  <default-aid-type code="C01" vocabulary="1"/>
  <budget type="1" status="2"><period-start iso-date="{start}-01-01"/><period-end iso-date="{start + 1}-12-31"/><value currency="EUR" value-date="{start}-01-01">{amount // 2}</value></budget>
  <budget type="1" status="2"><period-start iso-date="{start + 2}-01-01"/><period-end iso-date="{start + 3}-12-31"/><value currency="EUR" value-date="{start}-01-01">{amount - amount // 2}</value></budget>
  <transaction ref="T{n}-1"><transaction-type code="1"/><transaction-date iso-date="{start}-03-01"/><value currency="EUR" value-date="{start}-03-01">{amount}</value><provider-org ref="XM-BENCH-O{orgs[0]:03d}" type="10"><narrative>Funder {orgs[0]}</narrative></provider-org></transaction>
  <transaction ref="T{n}-2"><transaction-type code="3"/><transaction-date iso-date="{start}-06-01"/><value currency="EUR" value-date="{start}-06-01">{amount // 3}</value><receiver-org ref="XM-BENCH-O{orgs[2]:03d}" type="22"><narrative>Implementer {orgs[2]}</narrative></receiver-org></transaction>
  <transaction ref="T{n}-3"><transaction-type code="4"/><transaction-date iso-date="{start + 1}-06-01"/><value currency="USD" value-date="{start + 1}-06-01">{amount // 5}</value></transaction>
  <document-link format="application/pdf" url="https://example.org/bench/{n}.pdf"><title><narrative>Report {n}</narrative></title><category code="A01"/><language code="en"/><document-date iso-date="{start}-12-31"/></document-link>
  <related-activity ref="{ref}-PROGRAMME" type="1"/>
  <result type="1"><title><narrative>Households served</narrative></title>
   <indicator measure="1" ascending="1"><title><narrative>Households with safe water</narrative></title>
    <baseline year="{start}" iso-date="{start}-01-01" value="{rng.randrange(100)}"/>
    <period><period-start iso-date="{start}-01-01"/><period-end iso-date="{start}-12-31"/><target value="{rng.randrange(100, 1000)}"/><actual value="{rng.randrange(100, 1000)}"/></period>
   </indicator>
  </result>
 </iati-activity>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--activities", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(14)
    with args.file.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2025-01-01T00:00:00Z">'
        )
        for n in range(args.activities):
            out.write(activity(n, rng))
        out.write("\n</iati-activities>\n")


if __name__ == "__main__":
    main()
