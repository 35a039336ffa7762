"""A watch run as the lab's user, in accelerated time: the real voice samples of
core/watch/ through the lab's network, on a clock that jumps an hour between rounds.

Before each round it prints ``HOUR <Beijing hour>`` and waits for a line on stdin, so the test
can set the lab's faults for that hour of the simulated day; at the end it prints the
suggestion as JSON (with each app's way by hour for a watch of every app, ``--app all``).
Run by tests/lab/test_watch.py inside the client namespace.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from callpath.core.engine import catalog as catalog_mod
from callpath.core.records.watched import Point
from callpath.core.watch import sampling, schedule
from callpath.core.watch.hours import apps_watch, suggestion
from callpath.core.watch.report import to_json
from callpath.core.watch.words import app_namer, apps_summary, words


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--catalog", required=True)
    p.add_argument("--hours", type=float, default=24)
    p.add_argument("--every", type=float, default=60)
    p.add_argument("--offset", type=int, default=60, help="the user's UTC offset, minutes")
    p.add_argument("--app", default="teams", help="the app watched, or all")
    args = p.parse_args()
    cat = catalog_mod.load(args.catalog)
    clock = schedule.JumpClock(offset_min=args.offset)
    points: list[Point] = []

    def take() -> list[Point]:
        print(f"HOUR {int((clock.now() / 3600 + 8) % 24)}", flush=True)
        sys.stdin.readline()
        return sampling.sample(cat, args.app, clock, sample_s=2.0)

    schedule.watch(args.hours, args.every, take, points.extend, clock)
    s = suggestion(points)
    watched = apps_watch(points)
    print(json.dumps({"suggestion": dataclasses.asdict(s), "points": to_json(points),
                      "words": words(s, args.offset),
                      "apps": None if watched is None else dataclasses.asdict(watched),
                      "apps_words": apps_summary(points, app_namer("en"))}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
