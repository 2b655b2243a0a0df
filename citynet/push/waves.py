"""The order of a rollout: canary devices first, then waves of whole sites; the failure budget."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from citynet.errors import PushError


def plan_waves(
    hosts: Sequence[str],
    site_of: Mapping[str, str],
    *,
    canary: int = 0,
    canary_site: str | None = None,
    wave_size: int = 1,
) -> list[list[str]]:
    """Canary (first ``canary`` hosts, or every host of ``canary_site``), then ``wave_size``
    sites per wave, in site order.

    >>> sites = {"a1": "A", "a2": "A", "b1": "B", "c1": "C"}
    >>> plan_waves(["a1", "a2", "b1", "c1"], sites, canary=1, wave_size=2)
    [['a1'], ['a2', 'b1'], ['c1']]
    >>> plan_waves(["a1", "a2", "b1", "c1"], sites, canary_site="B")
    [['b1'], ['a1', 'a2'], ['c1']]

    Raises:
        PushError: a canary site with no device in the plan, or a size below 1.
    """
    if wave_size < 1 or canary < 0:
        raise PushError("--wave-size must be at least 1 and --canary at least 0")
    rest = list(hosts)
    waves: list[list[str]] = []
    if canary_site is not None:
        first = [h for h in rest if site_of.get(h) == canary_site]
        if not first:
            raise PushError(
                f"--canary-site {canary_site}: the plan changes no device there; "
                "choose one of " + ", ".join(sorted({site_of.get(h, "?") for h in hosts}))
            )
        waves.append(first)
        rest = [h for h in rest if h not in first]
    elif canary:
        waves.append(rest[:canary])
        rest = rest[canary:]
    sites: dict[str, list[str]] = {}
    for host in rest:
        sites.setdefault(site_of.get(host, ""), []).append(host)
    ordered = list(sites.values())
    for start in range(0, len(ordered), wave_size):
        waves.append([h for group in ordered[start : start + wave_size] for h in group])
    return [w for w in waves if w]


def failure_budget(text: str, total: int) -> int:
    """How many failed devices the rollout tolerates: ``N`` or ``P%`` of ``total``.

    >>> failure_budget("2", 40), failure_budget("10%", 40), failure_budget("10%", 5)
    (2, 4, 0)

    Raises:
        PushError: neither a count nor a percentage.
    """
    value = text.strip()
    try:
        if value.endswith("%"):
            percent = float(value[:-1])
            if not 0 <= percent <= 100:
                raise ValueError
            return int(total * percent / 100)
        count = int(value)
        if count < 0:
            raise ValueError
        return count
    except ValueError:
        raise PushError(
            f"--max-failures {text!r}: give a count (2) or a percentage of the devices (5%)"
        ) from None
