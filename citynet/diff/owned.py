"""Take the lines a device writes by itself out of its running config before comparing.

A device-owned line (see ``citynet.ios.noise``) is the device's own only where the
golden config does not set it: a top-level line or section whose key the golden
config has no line for, a line inside a section the golden config's section has
no line for (same key), or a physical port the golden config does not list that
shows nothing but an unconfigured port's lines. A module's port (voice port, T1/E1
controller) the golden config does not list but that holds configuration keeps only
that configuration: its default lines are the device's. Whatever the golden config does
set is compared as usual: ``no ip http server`` against the device's
``ip http server`` is drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from citynet.diff.parse import Node, context_of
from citynet.ios import rules
from citynet.ios.noise import OwnedLines


@dataclass(frozen=True, slots=True)
class OwnedLine:
    """A device-owned line seen in the running config, under its section headers."""

    path: tuple[str, ...]
    line: str

    def to_dict(self) -> dict[str, object]:
        """The JSON form (as a change's, without a kind)."""
        return {"path": list(self.path), "line": self.line}


def _keys(children: list[Node], ctx: str) -> dict[str, Node]:
    return {rules.key_rule(ctx, child.text)[0]: child for child in children}


def prune(running: Node, golden: Node, owned: OwnedLines) -> list[OwnedLine]:
    """Remove from ``running`` (in place) the device-owned lines ``golden`` does not set.

    Returns what was removed: top-level lines (a section by its header) and lines
    inside sections the golden config also has.

    >>> from citynet.diff.parse import parse
    >>> from citynet.ios.noise import owned_lines
    >>> run = parse("hostname r1\\nredundancy\\n mode sso\\nip http server\\n")
    >>> seen = prune(run, parse("hostname r1\\nno ip http server\\n"), owned_lines("cisco_iosxe"))
    >>> [n.text for n in run.children], [o.line for o in seen]
    (['hostname r1', 'ip http server'], ['redundancy'])
    """
    seen: list[OwnedLine] = []
    gold = _keys(golden.children, "root")
    keys = [rules.key_rule("root", node.text)[0] for node in running.children]
    last = dict(zip(keys, running.children, strict=True))  # a key given twice: the last wins
    dropped: set[str] = set()
    for key, node in last.items():
        if key not in gold and (owned.owns_line(node.text) or _unconfigured_port(node, owned)):
            dropped.add(key)
            seen.append(OwnedLine((), node.text))
        elif key not in gold and _module_port(node.text, owned):
            _keep_configured(node, owned, seen)
    kept: list[Node] = []
    for key, node in zip(keys, running.children, strict=True):
        if key in dropped:
            continue
        match = gold.get(key)
        if match is not None and node.children and owned.has_children(node.text):
            _prune_children(node, match, owned, seen)
        kept.append(node)
    if dropped:
        running.children = kept
    return seen


def _unconfigured_port(node: Node, owned: OwnedLines) -> bool:
    text = node.text
    if not owned.is_port(text):
        return False
    return all(
        not child.children
        and (owned.is_port_default(child.text) or owned.owned_child(text, child.text))
        for child in node.children
    )


def _module_port(header: str, owned: OwnedLines) -> bool:
    """A port of a module (voice port, T1/E1 controller) the device's data lists."""
    return rules.PHYSICAL_SECTION.match(header) is not None and owned.is_port(header)


def _keep_configured(node: Node, owned: OwnedLines, seen: list[OwnedLine]) -> None:
    """Leave on a module's port the golden config does not set only the lines configured
    on it: its default lines are the device's (removing the port's configuration must not
    negate them)."""
    kept = []
    for child in node.children:
        if not child.children and (
            owned.is_port_default(child.text) or owned.owned_child(node.text, child.text)
        ):
            seen.append(OwnedLine((node.text,), child.text))
            continue
        kept.append(child)
    node.children = kept


def _prune_children(node: Node, golden: Node, owned: OwnedLines, seen: list[OwnedLine]) -> None:
    ctx = context_of(node, "root")
    gold = _keys(golden.children, context_of(golden, "root") if golden.children else ctx)
    header = node.text
    kept = []
    for child in node.children:
        if owned.owned_child(header, child.text) and rules.key_rule(ctx, child.text)[0] not in gold:
            seen.append(OwnedLine((header,), child.text))
            continue
        kept.append(child)
    node.children = kept
