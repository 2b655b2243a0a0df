"""The dial-plan model on the City's voice gateways, beside the diff engine's parser.

The anchor is the diff engine's ``parse`` of the same golden configs: reading a
gateway's whole configuration once, which every drift and plan already pays.
Then: reading only the voice sections, the dial-plan lint (what ``validate`` and
``drift`` add per gateway) and ``voice route`` for 911, 9911 and an
international number. Run with ``make bench``.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))


def _time(work: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from citynet.diff.parse import parse
    from citynet.voice.lint import lint_voice
    from citynet.voice.model import parse_voice
    from citynet.voice.route import Unmodelled, route

    texts = [
        path.read_text()
        for path in sorted((PROJECT / "golden_configs").glob("*.cfg"))
        if "dial-peer voice " in path.read_text()
    ]
    configs = [parse_voice(t) for t in texts]

    def routes() -> None:
        for cfg in configs:
            for number in ("911", "9911", "90114420012345"):
                with contextlib.suppress(Unmodelled):
                    route(cfg, number)

    rows = [
        ("anchor: diff engine parse", _time(lambda: [parse(t) for t in texts])),
        ("parse_voice", _time(lambda: [parse_voice(t) for t in texts])),
        ("lint_voice", _time(lambda: [lint_voice(t) for t in texts])),
        ("voice route x3", _time(routes)),
    ]
    anchor = rows[0][1]
    print(f"{len(texts)} voice gateways (golden configs)")
    print(f"{'STEP':<28}{'TOTAL ms':>10}{'PER GW ms':>11}{'x ANCHOR':>10}")
    for name, seconds in rows:
        print(
            f"{name:<28}{seconds * 1000:>10.1f}{seconds * 1000 / len(texts):>11.2f}"
            f"{seconds / anchor:>10.2f}"
        )


if __name__ == "__main__":
    main()
