"""The floor `bench/iati.sh` compares the import with: lxml parsing the file and validating it against the
official IATI 2.03 schema, whole (as a validator would) and streamed (one activity at a time, bounded memory)."""

import sys
import time
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).resolve().parents[1] / "interlocal" / "iati" / "data" / "schemas" / "iati-activities-schema.xsd"


def main(path: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    started, cpu_started = time.perf_counter(), time.process_time()
    root = etree.parse(path).getroot()
    valid = schema.validate(root)
    count = len(root)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"   lxml parse + schema (whole tree): {count} activities, valid={valid}, {seconds:.2f} s, "
        f"{count / seconds:.0f} activities/s ({count / cpu:.0f} per second of CPU time)"
    )
    del root
    started, cpu_started, count = time.perf_counter(), time.process_time(), 0
    for _event, activity in etree.iterparse(path, tag="iati-activity"):
        valid = schema.validate(activity) and valid
        count += 1
        activity.clear()
        while activity.getprevious() is not None:
            del activity.getparent()[0]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"   lxml iterparse + schema per activity: {count} activities, {seconds:.2f} s, {count / seconds:.0f} activities/s "
        f"({count / cpu:.0f} per second of CPU time)"
    )


if __name__ == "__main__":
    main(sys.argv[1])
