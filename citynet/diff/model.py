"""A small config-applying model of IOS: ``apply(tree, commands) -> tree``.

It applies push-ready text the way a device would for the commands the diff
engine emits, so that "remediation takes running to golden and rollback takes
it back" can be checked without a device. Modes follow the indentation of
the command text; exit commands are accepted and change nothing.

Semantics, per mode (``rules`` gives every line its key):

* ``X`` replaces the line with the same key (or adds it).
* ``default X`` removes the line with X's key, whichever its form (``X`` or ``no X``).
* ``no X`` removes the line (or section) with X's key; with nothing to remove it
  records ``no X``. Lines in ``rules.DEFAULT_LINES`` are never recorded.
* Access lists: ``N entry`` inserts at N (an error if N is taken), ``no N``
  removes entry N (an error if absent), ``entry`` appends at last + 10;
  ``ip access-list resequence`` renumbers; numbered lists are edited in
  ``ip access-list standard|extended N`` mode and removed with ``no access-list N``.
* ``switchport trunk allowed vlan`` takes ``add`` / ``remove`` / ``all`` / ``none``.
* A VRF change on an interface removes its addresses.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

from citynet.diff import acl
from citynet.diff.compare import effective
from citynet.diff.parse import Node, context_of, normalise, read_banner
from citynet.errors import CitynetError
from citynet.ios import rules
from citynet.ios.vlans import format_vlans, parse_vlans

_RESEQUENCE = re.compile(r"(?:ip|ipv6) access-list resequence (\S+) (\d+) (\d+)$")
_NUMBERED_MODE = re.compile(r"ip access-list (?:standard|extended) (\d+)$")
_DEAD = Node("\x00dead")


class ApplyError(CitynetError):
    """A command the model (like a device) rejects."""


def apply(tree: Node, commands: str | Iterable[str]) -> Node:
    """Apply push-ready commands to a parsed configuration; return the new tree.

    The input tree is not modified.

    Raises:
        ApplyError: a command a device would reject (a taken or missing
            sequence number, a malformed VLAN list ...).

    >>> from citynet.diff.parse import parse
    >>> after = apply(parse("hostname a\\n"), "hostname b\\n")
    >>> [n.text for n in after.children]
    ['hostname b']
    """
    text = commands if isinstance(commands, str) else "\n".join(commands)
    root = tree.copy()
    root.ctx = "root"
    _settle(root, "root")
    lines = text.splitlines()
    stack: list[tuple[int, Node, str]] = [(-1, root, "root")]
    state: dict[str, list[acl.Entry]] = {}  # numbered access lists' sequence numbers
    index = 0
    while index < len(lines):
        raw = lines[index].rstrip()
        index += 1
        stripped = raw.lstrip()
        if not stripped or stripped.startswith("!"):
            continue
        indent = len(raw) - len(stripped)
        while stack[-1][0] >= indent:
            stack.pop()
        _, parent, ctx = stack[-1]
        if rules.EXIT_LINE.match(stripped) or (stripped == "end" and not indent):
            continue
        if parent is root and stripped.startswith("banner "):
            banner, index = read_banner(lines, index - 1, stripped, "<commands>")
            _put(root, "root", banner)
            continue
        entered = _apply_line(root, state, parent, ctx, normalise(stripped))
        if entered is None:
            stack.append((indent, _DEAD, "dead"))
        else:
            node, sub_ctx = entered
            stack.append((indent, node, sub_ctx))
    return root


def _settle(node: Node, ctx: str) -> None:
    """Collapse repeated keys (the last wins) as a device does when loading a file."""
    if ctx in rules.ORDERED_CONTEXTS or not node.children:
        return
    numbered = [c for c in node.children if ctx == "root" and rules.NUMBERED_ACL.match(c.text)]
    rest = [c for c in node.children if not (ctx == "root" and rules.NUMBERED_ACL.match(c.text))]
    node.children = [*effective(rest, ctx).values(), *numbered]
    for child in node.children:
        if child.children:
            _settle(child, context_of(child, ctx))


def _apply_line(
    root: Node, state: dict[str, list[acl.Entry]], parent: Node, ctx: str, text: str
) -> tuple[Node, str] | None:
    if ctx == "dead":
        raise ApplyError(f"{text!r}: not in a configuration mode")
    if ctx == "acl":
        _acl_line(parent, text)
        return None
    if ctx == "numbered-acl":
        _numbered_line(root, state, parent.text, text)
        return None
    if ctx == "root":
        handled, special = _root_special(root, state, text)
        if handled:
            return special
    if ctx == "interface" and text.startswith(rules.TRUNK_ALLOWED + " "):
        _trunk(parent, text)
        return None
    if ctx == "interface" and "vrf forwarding" in text:
        parent.children = [
            c for c in parent.children if not c.text.startswith(("ip address ", "ipv6 address "))
        ]
    if text.startswith("no "):
        _negate(parent, ctx, text)
        return None
    if text.startswith("default "):
        key = rules.key_rule(ctx, text[len("default ") :])[0]
        kept = [c for c in parent.children if rules.key_rule(ctx, c.text)[0] != key]
        if len(kept) < len(parent.children):
            parent.children = kept
            return None  # otherwise a command of its own ("default copy" in a table-map)
    node = _put(parent, ctx, Node(text))
    if node is None:
        return None
    return node, context_of(node, ctx)


def _root_special(
    root: Node, state: dict[str, list[acl.Entry]], text: str
) -> tuple[bool, tuple[Node, str] | None]:
    """Top-level commands with their own semantics: (handled?, mode entered)."""
    match = _RESEQUENCE.match(text)
    if match:
        _resequence(root, state, match.group(1), int(match.group(2)), int(match.group(3)))
        return True, None
    match = _NUMBERED_MODE.match(text)
    if match:
        return True, (Node(match.group(1)), "numbered-acl")
    match = rules.NUMBERED_ACL.match(text)
    if match:
        if not any(c.text == text for c in root.children):
            root.children.append(Node(text))
        return True, None
    if text.startswith("no access-list ") and text.split()[2].isdigit():
        number = text.split()[2]
        state.pop(number, None)
        prefix = f"access-list {number} "
        root.children = [c for c in root.children if not c.text.startswith(prefix)]
        return True, None
    return False, None


def _find(parent: Node, ctx: str, key: str) -> Node | None:
    for child in parent.children:
        if rules.key_rule(ctx, child.text)[0] == key:
            return child
    return None


def _put(parent: Node, ctx: str, node: Node) -> Node | None:
    """Set a positive line: replace the line with its key, or add it."""
    key = rules.key_rule(ctx, node.text)[0]
    existing = _find(parent, ctx, key)
    if existing is not None:
        if existing.text == node.text and node.body is None:
            return existing
        existing.text, existing.body = node.text, node.body
        return existing
    if rules.is_default_line(ctx, node.text):
        return None
    parent.children.append(node)
    return node


def _negate(parent: Node, ctx: str, text: str) -> None:
    positive = text[3:]
    key = rules.key_rule(ctx, positive)[0]
    existing = _find(parent, ctx, key)
    if existing is not None and not existing.text.startswith("no "):
        parent.children.remove(existing)
        return
    if rules.is_default_line(ctx, text):
        return
    if existing is not None:
        existing.text = text
        existing.children = []
    else:
        parent.children.append(Node(text))


def _trunk(parent: Node, text: str) -> None:
    prefix = rules.TRUNK_ALLOWED
    arg = text[len(prefix) + 1 :]
    existing = next((c for c in parent.children if c.text.startswith(prefix + " ")), None)
    current = parse_vlans(existing.text[len(prefix) + 1 :]) if existing else None
    try:
        if arg.startswith(("add ", "remove ", "except ")):
            op, _, vlan_text = arg.partition(" ")
            vlans = parse_vlans(vlan_text) or frozenset()
            base = current if current is not None else frozenset(range(1, 4095))
            if op == "add":
                new: frozenset[int] | None = base | vlans
            elif op == "remove":
                new = base - vlans
            else:
                new = frozenset(range(1, 4095)) - vlans
        else:
            new = parse_vlans(arg)
    except ValueError as exc:
        raise ApplyError(f"{text!r}: {exc}") from None
    if new is not None and len(new) == 4094:
        new = None
    if existing is not None:
        parent.children.remove(existing)
    if new is not None:
        parent.children.append(Node(f"{prefix} {format_vlans(new)}"))


# ------------------------------------------------------------------ access lists
def _entries(node: Node) -> list[acl.Entry]:
    return acl.entries([c.text for c in node.children])


def _store(node: Node, entries: list[acl.Entry], ipv6: bool) -> None:
    fmt = "sequence {} {}" if ipv6 else "{} {}"
    node.children = [Node(fmt.format(e.seq, e.body)) for e in sorted(entries, key=lambda e: e.seq)]


def _edit(entries: list[acl.Entry], text: str, where: str) -> list[acl.Entry]:
    match = rules.SEQ.match(text)
    if text.startswith("no "):
        target = text[3:]
        seq_match = re.fullmatch(r"(?:sequence )?(\d+)", target)
        if seq_match:
            seq = int(seq_match.group(1))
            if not any(e.seq == seq for e in entries):
                raise ApplyError(f"{where}: {text!r}: no entry {seq}")
            return [e for e in entries if e.seq != seq]
        body_match = rules.SEQ.match(target)
        body = body_match.group(2) if body_match else target
        for number, entry in enumerate(entries):
            if entry.body == body:
                return entries[:number] + entries[number + 1 :]
        raise ApplyError(f"{where}: {text!r}: no such entry")
    if match:
        seq = int(match.group(1))
        if any(e.seq == seq for e in entries):
            raise ApplyError(f"{where}: {text!r}: duplicate sequence number {seq}")
        return [*entries, acl.Entry(seq, match.group(2), True)]
    if any(e.body == text for e in entries):
        return entries
    last = max((e.seq for e in entries), default=0)
    return [*entries, acl.Entry(last + acl.STEP, text, True)]


def _acl_line(node: Node, text: str) -> None:
    entries = _edit(_entries(node), text, node.text)
    _store(node, entries, node.text.startswith("ipv6 "))


def _numbered_line(root: Node, state: dict[str, list[acl.Entry]], number: str, text: str) -> None:
    prefix = f"access-list {number} "
    lines = [c for c in root.children if c.text.startswith(prefix)]
    entries = state.get(number)
    if entries is None or [e.body for e in entries] != [c.text[len(prefix) :] for c in lines]:
        entries = acl.implicit([c.text[len(prefix) :] for c in lines])
    entries = sorted(_edit(entries, text, f"access-list {number}"), key=lambda e: e.seq)
    state[number] = entries
    first = root.children.index(lines[0]) if lines else len(root.children)
    rest = [c for c in root.children if not c.text.startswith(prefix)]
    first = min(first, len(rest))
    rest[first:first] = [Node(prefix + e.body) for e in entries]
    root.children = rest


def _resequence(
    root: Node, state: dict[str, list[acl.Entry]], name: str, start: int, step: int
) -> None:
    if name.isdigit():
        prefix = f"access-list {name} "
        bodies = [c.text[len(prefix) :] for c in root.children if c.text.startswith(prefix)]
        state[name] = [acl.Entry(start + step * i, b, True) for i, b in enumerate(bodies)]
        return
    for child in root.children:
        if re.match(r"(?:ip|ipv6) access-list (?:\S+ )?" + re.escape(name) + "$", child.text):
            bodies = [e.body for e in _entries(child)]
            entries = [acl.Entry(start + step * i, b, True) for i, b in enumerate(bodies)]
            _store(child, entries, child.text.startswith("ipv6 "))
            return
    raise ApplyError(f"ip access-list resequence {name}: no such access list")


# ------------------------------------------------------------------- canonical
def canonical(node: Node, ctx: str = "root") -> Hashable:
    """A comparable form of a tree with IOS meaning: order kept only where it
    matters (access-list entries, numbered lists), sequence numbers dropped."""
    if ctx in rules.ORDERED_CONTEXTS:
        return tuple(e.body for e in _entries(node))
    items: set[Hashable] = set()
    numbered: dict[str, list[str]] = {}
    children = node.children
    if ctx == "root":
        acls = [c for c in children if rules.NUMBERED_ACL.match(c.text)]
        children = [*effective([c for c in children if c not in acls], ctx).values(), *acls]
    else:
        children = list(effective(children, ctx).values())
    for child in children:
        if ctx == "root":
            match = rules.NUMBERED_ACL.match(child.text)
            if match:
                numbered.setdefault(match.group(1), []).append(match.group(2))
                continue
        if ctx == "root" and not child.children and rules.is_default_section(child.text):
            continue
        sub = canonical(child, context_of(child, ctx)) if child.children else None
        items.add((child.text, child.body, sub))
    for number, bodies in numbered.items():
        items.add(("access-list", number, tuple(bodies)))
    return frozenset(items)
