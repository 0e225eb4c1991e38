"""The time to the first byte of an export, for `bench/run.sh`: asked PROBES times, one at a time, each connection
closed once the first byte of the body arrives (a file of every observation is minutes of download).

    python bench/ttfb.py PORT URL [COOKIE] [PROBES]

prints the median time to first byte in milliseconds and how many answers were not 200.
"""

import http.client
import statistics
import sys
import time


def probe(port: int, url: str, cookie: str) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    response.read(1)
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status


def main(port: str, url: str, cookie: str = "", probes: str = "5") -> None:
    answers = [probe(int(port), url, cookie) for _ in range(int(probes))]
    failed = sum(1 for _, status in answers if status != 200)
    print(f"{statistics.median(ms for ms, _ in answers):.0f} {failed}")


if __name__ == "__main__":
    main(*sys.argv[1:])
