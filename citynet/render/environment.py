"""The one Jinja2 environment every render uses: strict, with network filters.

Secrets are never written into rendered configs. Templates call
``secret("name")``: while rendering intended/golden configs it gives the
redaction marker; only a push resolves it (with a resolver passed in).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from citynet.ios.secrets import REDACTED
from citynet.ios.vlans import format_vlans

SecretResolver = Callable[[str], str]


def _net(value: Any) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(str(value), strict=False)


def netmask(value: Any) -> str:
    """``10.1.2.0/24`` -> ``255.255.255.0``.

    >>> netmask("10.1.2.0/24")
    '255.255.255.0'
    """
    return str(_net(value).netmask)


def wildcard(value: Any) -> str:
    """``10.1.2.0/24`` -> ``0.0.0.255``.

    >>> wildcard("10.1.2.0/30")
    '0.0.0.3'
    """
    return str(_net(value).hostmask)


def network(value: Any) -> str:
    """The network address of a subnet or interface address.

    >>> network("10.1.2.5/24")
    '10.1.2.0'
    """
    return str(_net(value).network_address)


def nth_host(value: Any, n: int) -> str:
    """The n-th address of a subnet (1 is the first usable).

    >>> nth_host("10.1.2.0/24", 1)
    '10.1.2.1'
    """
    net = _net(value)
    address = net.network_address + int(n)
    if address not in net or address == net.broadcast_address:
        raise ValueError(f"host {n} is outside {net}")
    return str(address)


def vlan_list(values: Iterable[Any]) -> str:
    """VLAN ids as IOS writes them: sorted, runs of three or more as ranges.

    >>> vlan_list([30, 10, 11, 12, 99])
    '10-12,30,99'
    """
    return format_vlans({int(v) for v in values})


def ip(value: Any) -> str:
    """The address part of ``10.1.2.5/24``.

    >>> ip("10.1.2.5/24")
    '10.1.2.5'
    """
    return str(ipaddress.IPv4Interface(str(value)).ip)


FILTERS: dict[str, Callable[..., Any]] = {
    "ip": ip,
    "netmask": netmask,
    "wildcard": wildcard,
    "network": network,
    "nth_host": nth_host,
    "vlan_list": vlan_list,
}
"""Filters every template can use."""


def make_environment(templates_dir: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """The shared environment: StrictUndefined, whitespace control, the filters above.

    With ``cache_dir``, compiled templates are kept there between runs (keyed by
    each template's content, so an edited template is compiled again).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
        cache_size=-1,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(FILTERS)
    env.globals["secret"] = redacted_secret
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
    return env


def redacted_secret(name: str) -> str:
    """The stand-in for a secret in rendered and golden configs."""
    return REDACTED
