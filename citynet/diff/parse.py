"""Parse IOS / IOS-XE configuration text into a tree of :class:`Node`.

Sections follow indentation. Banners are read as whole blocks with any
delimiter. ``!`` separators, device noise (``Building configuration...``,
``Current configuration : N bytes``, ``ntp clock-period``, ``end``) and sub-mode
exits are dropped; secret values are masked; trunk VLAN lists are merged into
one canonical line; lines equal to their default are dropped (see ``rules``).

A secret compares by presence: a golden line's named marker
(``key <secret:tacacs_key>``) is ``key <redacted>`` in the node's text, as the
running config's masked value is, and the named form is kept in ``named`` so
that a remediation built from the golden side says which secret goes where.
"""

from __future__ import annotations

from citynet.errors import ConfigParseError
from citynet.ios import rules
from citynet.ios.driver import DRIVERS, Driver
from citynet.ios.secrets import HINT, MARKER_START, mask_line, presence
from citynet.ios.vlans import format_vlans, parse_vlans
from citynet.platforms import Platform

_IGNORED = "\x00ignored"
_ALL_VLANS = frozenset(range(1, 4095))
_FREE_TEXT = ("description ", "remark ", "name ")


class Node:
    """One configuration line and the lines under it.

    Attributes:
        text: the normalised line (no indentation, secrets masked; named markers
            as ``<redacted>``, so a secret compares by presence).
        named: the line with its named secret markers, when it has any (else None).
        children: the lines of its section, in order.
        lineno: line number in the source text (0 when synthesised).
        body: the text lines of a banner, or ``None``.
        ctx: the mode its children live in, once it has children.
    """

    __slots__ = ("body", "children", "ctx", "lineno", "named", "text")

    def __init__(
        self,
        text: str,
        lineno: int = 0,
        body: tuple[str, ...] | None = None,
        named: str | None = None,
    ) -> None:
        self.text = text
        self.children: list[Node] = []
        self.lineno = lineno
        self.body = body
        self.ctx: str | None = None
        self.named = named

    @property
    def shown(self) -> str:
        """The line as a command sends it: with its named secret markers, if any."""
        return self.named or self.text

    def __repr__(self) -> str:
        return f"Node({self.text!r}, children={len(self.children)})"

    def copy(self) -> Node:
        """A deep copy of this subtree."""
        new = Node(self.text, self.lineno, self.body, self.named)
        new.ctx = self.ctx
        new.children = [child.copy() for child in self.children]
        return new

    def lines(self, depth: int = 0) -> list[str]:
        """The subtree as indented text lines (the node itself first, unless root)."""
        out: list[str] = []
        if self.text:
            out.extend(render_line(self, depth))
            depth += 1
        for child in self.children:
            out.extend(child.lines(depth))
        return out


def banner_delimiter(body: tuple[str, ...]) -> str:
    """A one-character banner delimiter that does not occur in the body."""
    joined = "\n".join(body)
    for candidate in ("^", "#", "%", "~", "@", "$", "|"):
        if candidate not in joined:
            return candidate
    return "\x03"


def render_line(node: Node, depth: int = 0) -> list[str]:
    """The text lines of one node (a banner gives several), indented by depth."""
    indent = " " * depth
    if node.body is None:
        return [indent + node.text]
    delim = banner_delimiter(node.body)
    if not node.body:
        return [f"{indent}{node.text} {delim}{delim}"]
    return [f"{indent}{node.text} {delim}", *node.body, delim]


def context_of(node: Node, parent_ctx: str) -> str:
    """The mode of a section's children (computed once, then kept)."""
    if node.ctx is None:
        node.ctx = rules.child_context(parent_ctx, node.text)
    return node.ctx


def normalise(stripped: str) -> str:
    """Collapse runs of spaces (outside free text) and mask secrets (named ones too).

    >>> normalise("key  <secret:tacacs_key>")
    'key <redacted>'
    """
    if "  " in stripped and not any(word in stripped for word in _FREE_TEXT):
        stripped = " ".join(stripped.split())
    return presence(mask_line(stripped))


def read_banner(lines: list[str], index: int, stripped: str, source: str) -> tuple[Node, int]:
    """Read a banner starting at ``lines[index]``; return it and the next index.

    Raises:
        ConfigParseError: no delimiter, or the banner is never closed.
    """
    lineno = index + 1
    words = stripped.split(None, 2)
    if len(words) < 3:
        raise ConfigParseError(
            f"{source}, line {lineno}: '{stripped}' has no banner text delimiter; "
            "write it as 'banner motd ^C ... ^C'"
        )
    kind, rest = words[1], words[2]
    delim = "^C" if rest.startswith("^C") else rest[0]
    after = rest[len(delim) :]
    text = f"banner {kind}"
    end = after.find(delim)
    if end >= 0:
        body = (after[:end],) if after[:end].strip() else ()
        return Node(text, lineno, body), index + 1
    collected = [after] if after.strip() else []
    i = index + 1
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        end = line.find(delim)
        if end >= 0:
            if line[:end].strip():
                collected.append(line[:end].rstrip())
            return Node(text, lineno, _trim(collected)), i
        collected.append(line)
    raise ConfigParseError(
        f"{source}, line {lineno}: banner {kind} is not closed "
        f"(no closing {delim!r} before the end of the file)"
    )


def _trim(body: list[str]) -> tuple[str, ...]:
    start, end = 0, len(body)
    while start < end and not body[start].strip():
        start += 1
    while end > start and not body[end - 1].strip():
        end -= 1
    return tuple(line.rstrip() for line in body[start:end])


def _merge_trunk(parent: Node, text: str, lineno: int, source: str) -> Node | None:
    """Fold ``switchport trunk allowed vlan [add] L`` into one canonical line."""
    arg = text[len(rules.TRUNK_ALLOWED) + 1 :]
    op, _, rest = arg.partition(" ")
    if op not in ("add", "remove", "except"):
        op, rest = "", arg
    try:
        vlans = parse_vlans(rest)
    except ValueError as exc:
        raise ConfigParseError(f"{source}, line {lineno}: {text!r}: {exc}") from None
    existing = next(
        (c for c in parent.children if c.text.startswith(rules.TRUNK_ALLOWED + " ")), None
    )
    current = parse_vlans(existing.text[len(rules.TRUNK_ALLOWED) + 1 :]) if existing else None
    every = _ALL_VLANS
    if op == "add":
        vlans = None if current is None or vlans is None else current | vlans
    elif op == "remove":
        vlans = (every if current is None else current) - (vlans or frozenset())
    elif op == "except":
        vlans = every - (vlans or frozenset())
    if vlans is not None and len(vlans) == len(every):
        vlans = None
    if existing is not None:
        parent.children.remove(existing)
    if vlans is None:
        return None  # "all" is the default
    return Node(f"{rules.TRUNK_ALLOWED} {format_vlans(vlans)}", lineno)


DEFAULT_DRIVER = DRIVERS[Platform.CISCO_IOSXE]


def parse(text: str, *, source: str = "<config>", driver: Driver = DEFAULT_DRIVER) -> Node:
    """Parse configuration text into a tree; the returned root has empty text.

    Args:
        text: the configuration, as ``show running-config`` prints it or as a
            template renders it (any consistent indentation).
        source: the name used in error messages (usually the file name).
        driver: the platform's driver (its noise and device-owned lines are skipped).

    Raises:
        ConfigParseError: the text is not a configuration (binary data, an
            unterminated banner ...); the message names the source and line.

    >>> tree = parse("hostname r1\\n!\\ninterface Gi0/1\\n description up\\nend\\n")
    >>> [n.text for n in tree.children], tree.children[1].children[0].text
    (['hostname r1', 'interface Gi0/1'], 'description up')
    """
    if "\x00" in text:
        where = text[: text.index("\x00")].count("\n") + 1
        raise ConfigParseError(
            f"{source}, line {where}: binary data (NUL byte); this is not a configuration"
        )
    root = Node("")
    root.ctx = "root"
    lines = text.splitlines()
    stack: list[tuple[int, Node]] = [(-1, root)]
    index, count = 0, len(lines)
    ignored, noise_whole = driver.ignored_by_diff, rules.NOISE_WHOLE
    secret_hint, mask = HINT.search, mask_line
    exit_line = rules.EXIT_LINE.match
    defaults = rules.DEFAULT_LINES
    trunk = rules.TRUNK_ALLOWED + " "
    ignore_children = rules.IGNORE_CHILDREN
    free_text = _FREE_TEXT
    while index < count:
        line = lines[index].rstrip()
        index += 1
        if not line:
            continue
        if "\t" in line:
            line = line.expandtabs(8)
        stripped = line.lstrip()
        if stripped[0] == "!":
            continue
        indent = len(line) - len(stripped)
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        ctx = parent.ctx
        if ctx == _IGNORED:
            continue
        if parent is root:
            if stripped in noise_whole or ignored(stripped):
                continue
            if stripped.startswith("banner "):
                node, index = read_banner(lines, index - 1, stripped, source)
                root.children.append(node)
                continue
            if stripped.startswith("route-map "):
                stripped = _route_map_header(stripped)
        elif stripped[0] == "e" and exit_line(stripped):
            continue
        if "  " in stripped and not any(word in stripped for word in free_text):
            stripped = " ".join(stripped.split())
        named = None
        if secret_hint(stripped) is not None:
            stripped = mask(stripped)
            compared = presence(stripped)
            if compared != stripped:
                named = stripped if MARKER_START in stripped else None
                stripped = compared
        if ctx is None:
            ctx = context_of(parent, stack[-2][1].ctx or "root")
        if ctx == "interface":
            if stripped in defaults["interface"]:
                continue
            if stripped.startswith(trunk):
                merged = _merge_trunk(parent, stripped, index, source)
                if merged is not None:
                    parent.children.append(merged)
                continue
        node = Node(stripped, index, named=named)
        if stripped.startswith(ignore_children):
            node.ctx = _IGNORED
        parent.children.append(node)
        stack.append((indent, node))
    _numbered_sections_to_lines(root)
    return root


def _route_map_header(text: str) -> str:
    """``route-map X`` and ``route-map X permit`` mean ``route-map X permit 10``."""
    words = text.split()
    if len(words) == 2:
        return f"{text} permit 10"
    if len(words) == 3 and words[2] in ("permit", "deny"):
        return f"{text} 10"
    return text


def _numbered_sections_to_lines(root: Node) -> None:
    """``ip access-list standard 10`` sections as the ``access-list 10`` lines IOS shows."""
    if not any(rules.NUMBERED_SECTION.match(c.text) for c in root.children if c.children):
        return
    children: list[Node] = []
    for child in root.children:
        match = rules.NUMBERED_SECTION.match(child.text)
        if match is None:
            children.append(child)
            continue
        number = match.group(1)
        for entry in child.children:
            seq = rules.SEQ.match(entry.text)
            body = seq.group(2) if seq else entry.text
            children.append(Node(f"access-list {number} {body}", entry.lineno))
    root.children = children
