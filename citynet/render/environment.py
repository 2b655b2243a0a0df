"""The one Jinja2 environment every render uses: sandboxed, strict, with network filters.

Templates arrive by merge request and render in CI, so they run in Jinja's
immutable sandbox: no attribute starting with ``_`` (so no way from a value to
Python's internals), no call that changes a list, dict or set, no unsafe
callables, bounded ``range``, ``*`` and ``**``. Each import of a template
module is evaluated afresh, so nothing a render sets survives into the next
host's. Templates are read from the templates folder only (a symbolic link out
of it is refused), and compiled templates are cached under a key that names
the sandbox, so code compiled without it is never loaded.

Secrets are never written into rendered configs. Templates call
``secret("name")``: while rendering intended/golden configs it gives the
named marker ``<secret:name>`` (so a plan says which secret goes where); only a
push resolves it. A name that is not a lowercase identifier is a render error
naming the template's file and line.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import re
import string
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from citynet.inventory.text import banner_problem
from citynet.ios.secrets import marker
from citynet.ios.vlans import format_vlans

MAX_REPEAT = 100_000
"""Longest string or list that ``*`` may build in a template."""
MAX_POWER_BITS = 4096
"""Largest number (in bits) that ``**`` may build in a template."""
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_WIDTH = 10_000
"""The widest field a format (``str.format``, ``%``, ``format``, ``center``) may pad to."""
"""Largest template file read."""
CACHE_VERSION = "1"
"""Part of every compiled-template cache key: bump it when the sandbox's rules change."""

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


def acl_source(value: Any, *, extended: bool = False) -> str:
    """A source as IOS shows it in an access list: a range as network and wildcard, a
    single address (``/32``) bare in a standard list, after ``host`` in an extended one.

    IOS rewrites ``permit host 10.1.1.1`` to ``permit 10.1.1.1`` in a standard list's
    running config (and ``10.1.1.1 0.0.0.0`` in an extended one to ``host 10.1.1.1``):
    rendering its own form keeps the golden config and the device's text the same.

    >>> acl_source("10.0.44.48/29"), acl_source("10.0.44.50"), acl_source("10.0.44.50/32")
    ('10.0.44.48 0.0.0.7', '10.0.44.50', '10.0.44.50')
    >>> acl_source("10.0.44.50", extended=True), acl_source("10.0.44.48/29", extended=True)
    ('host 10.0.44.50', '10.0.44.48 0.0.0.7')
    """
    net = _net(value)
    if net.prefixlen == 32:
        return f"host {net.network_address}" if extended else str(net.network_address)
    return f"{net.network_address} {net.hostmask}"


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


def banner(value: Any) -> str:
    """A banner body, checked again where it is written (no ``^`` delimiter, no control
    characters), without the trailing newline a YAML block leaves.

    >>> banner("Authorized access only.\\nMonitored.\\n")
    'Authorized access only.\\nMonitored.'
    >>> banner("bye ^C")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: banner text contains the banner delimiter '^' at position 5 ...
    """
    text = str(value)
    problem = banner_problem(text)
    if problem is not None:
        raise ValueError(f"banner text {problem}")
    return text.rstrip("\n")


FILTERS: dict[str, Callable[..., Any]] = {
    "banner": banner,
    "ip": ip,
    "netmask": netmask,
    "wildcard": wildcard,
    "network": network,
    "acl_source": acl_source,
    "nth_host": nth_host,
    "vlan_list": vlan_list,
}
"""Filters every template can use."""


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_NUMBER = re.compile(r"\d+")


def _check_width(width: int) -> None:
    if width > MAX_WIDTH:
        raise SecurityError(f"a field {width:,} characters wide (the limit is {MAX_WIDTH:,})")


def check_percent(template: Any, args: Any = ()) -> None:
    """Refuse a ``%`` format whose fields pad beyond :data:`MAX_WIDTH` (``*`` too).

    >>> check_percent("%5s|%-8.2f", ("a", 1.0))
    >>> check_percent("%50000000s", ("x",))
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: a field 50,000,000 characters wide (the limit is 10,000)
    """
    if not isinstance(template, str) or "%" not in template:
        return
    values = list(args) if isinstance(args, tuple | list) else [args]
    for match in _PERCENT_FIELD.finditer(template):
        for part in match.groups():
            if part == "*":
                for value in values:
                    if isinstance(value, int):
                        _check_width(value)
            elif part:
                _check_width(int(part))


def check_format_spec(template: str) -> None:
    """Refuse a ``str.format`` template whose fields pad beyond :data:`MAX_WIDTH`."""
    for _, _, spec, _ in string.Formatter().parse(template):
        for number in _SPEC_NUMBER.findall(spec or ""):
            _check_width(int(number))


def _center(value: Any, width: int = 80) -> str:
    _check_width(int(width))
    return str(value).center(int(width))


def _indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
    if isinstance(width, int):
        _check_width(width)
    return str(jinja2.filters.do_indent(str(value), width, *args, **kwargs))


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    check_percent(str(value), args or tuple(kwargs.values()))
    return str(jinja2.filters.do_format(value, *args, **kwargs))


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with ``*``, ``**`` and padded formats bounded."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template = str(value.__self__)
        sandboxed = wrapper

        def checked(*args: Any, **kwargs: Any) -> str:
            check_format_spec(template)
            if "{" in "".join(spec or "" for _, _, spec, _ in string.Formatter().parse(template)):
                for argument in (*args, *kwargs.values()):  # widths given as arguments
                    if isinstance(argument, int):
                        _check_width(argument)
            return sandboxed(*args, **kwargs)

        return checked

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%":
            check_percent(left, right)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > MAX_REPEAT
                ):
                    raise SecurityError(
                        f"'*' would build {len(seq) * times:,} items (the limit is {MAX_REPEAT:,})"
                    )
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS
        ):
            raise SecurityError(f"'**' would build a number of more than {MAX_POWER_BITS} bits")
        return super().call_binop(context, operator, left, right)


class FreshTemplate(jinja2.Template):
    """A template whose imported module is evaluated on every import.

    Jinja keeps the module of ``{% import "x" as m %}`` on the template, so a
    ``namespace()`` or ``cycler()`` made at its top level would carry state from
    one host's render to the next.
    """

    def _get_default_module(self, ctx: Context | None = None) -> jinja2.environment.TemplateModule:
        try:
            return super()._get_default_module(ctx)
        finally:
            self._module = None


class FolderLoader(jinja2.FileSystemLoader):
    """Templates from one folder; a link out of it, or anything not a file, is refused
    before it is read."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if path.exists() or path.is_symlink():
            real = path.resolve()
            if not real.is_relative_to(self.folder.resolve()):
                raise SecurityError(f"template {template!r} is a link out of the templates folder")
            if not real.is_file() or real.stat().st_size > MAX_TEMPLATE_BYTES:
                raise SecurityError(
                    f"template {template!r} is not a file of at most "
                    f"{MAX_TEMPLATE_BYTES // 1024} KB"
                )
        return super().get_source(environment, template)


class SandboxBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates on disk, keyed by the environment that compiled them.

    Code compiled by an environment without the sandbox calls functions
    directly instead of through the sandbox's checks: it must never be loaded
    by the sandbox, so the environment's class and its intercepted operators
    are part of every key.
    """

    def __init__(self, directory: Path, environment: jinja2.Environment) -> None:
        super().__init__(str(directory))
        kind = type(environment)
        binops = ",".join(sorted(getattr(environment, "intercepted_binops", ())))
        unops = ",".join(sorted(getattr(environment, "intercepted_unops", ())))
        self.flavour = (
            f"{kind.__module__}.{kind.__qualname__}|sandboxed={environment.sandboxed}|"
            f"binops={binops}|unops={unops}|v{CACHE_VERSION}|jinja{jinja2.__version__}"
        )

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = f"{self.flavour}\0{name}\0{filename or ''}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


def make_environment(templates_dir: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """The shared environment: the immutable sandbox, StrictUndefined, whitespace control,
    the filters above.

    With ``cache_dir``, compiled templates are kept there between runs (keyed by
    the environment and each template's content, so an edited template is
    compiled again); a cache folder that cannot be created is not used.
    """
    env = Sandbox(
        loader=FolderLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
        cache_size=-1,
    )
    env.template_class = FreshTemplate
    env.filters.update(FILTERS)
    env.filters.update(center=_center, format=_format, indent=_indent)
    env.globals["secret"] = redacted_secret
    if cache_dir is not None:
        with contextlib.suppress(OSError):
            cache_dir.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = SandboxBytecodeCache(cache_dir, env)
    return env


def redacted_secret(name: str) -> str:
    """The stand-in for a secret in rendered and golden configs: its named marker.

    Raises:
        SecretNameError: the name is not a lowercase identifier.

    >>> redacted_secret("tacacs_key")
    '<secret:tacacs_key>'
    """
    return marker(name)
