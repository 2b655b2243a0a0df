"""Compare two configuration trees with IOS semantics.

One walk over both trees gives three things at once: the drift (lines missing
from the running config, extra in it, or in the wrong order), the commands
that take running to golden, and the commands that take the result back.
Computing both directions in one walk lets the rollback address what the
remediation actually leaves on the device (for instance the sequence numbers it
gave to inserted access-list entries).
"""

from __future__ import annotations

from dataclasses import dataclass

from citynet.diff import acl
from citynet.diff.parse import Node, context_of
from citynet.ios import rules
from citynet.ios.secrets import MARKER, REDACTED
from citynet.ios.vlans import format_vlans, parse_vlans


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: a line ``missing`` from running, ``extra`` in it, or in
    the wrong ``order``, under its parent section headers."""

    kind: str
    path: tuple[str, ...]
    line: str


class Cmd:
    """One command of a remediation, with the commands of its sub-mode.

    Attributes:
        text: the command.
        children: commands entered in the sub-mode it opens.
        body: banner text lines, for a banner command.
        removal: the command only removes configuration.
        tier: creation tier of a top-level command (see ``rules.TIERS``).
    """

    __slots__ = ("body", "children", "removal", "text", "tier")

    def __init__(
        self,
        text: str,
        children: list[Cmd] | None = None,
        *,
        body: tuple[str, ...] | None = None,
        removal: bool = False,
    ) -> None:
        self.text = text
        self.children = children if children is not None else []
        self.body = body
        self.removal = removal
        self.tier = rules.DEFAULT_TIER

    def __repr__(self) -> str:
        return f"Cmd({self.text!r}, {self.children!r})"


@dataclass(slots=True)
class Walk:
    """What a comparison produces: drift, remediation and rollback commands."""

    changes: list[Change]
    forward: list[Cmd]
    reverse: list[Cmd]


def _full(node: Node, ctx: str = "") -> Cmd:
    children = node.children
    if any(c.text.startswith(rules.FIRST_IN_SECTION) for c in children):
        children = sorted(children, key=lambda c: not c.text.startswith(rules.FIRST_IN_SECTION))
    cmd = Cmd(node.shown, [_full(c) for c in children], body=node.body)
    if (
        ctx == "root"
        and node.ctx in rules.SHUT_WHILE_CHANGED
        and children
        and not any(c.text == "shutdown" for c in children)
    ):
        cmd.children.append(Cmd("no shutdown"))  # a new profile starts shut
    return cmd


def _named_like(run: Node, gold: Node) -> str:
    """A running line to restore, its masked secrets named as the golden line at the
    same key names them (the same secret's position), when both hold as many.

    The value restored is the one the push is given for that name: the previous
    value of the device is never known to citynet (see ``citynet.changes.plan``).
    """
    if run.named is not None or gold.named is None:
        return run.shown
    names = MARKER.findall(gold.named)
    pieces = run.text.split(REDACTED)
    if len(pieces) != len(names) + 1:
        return run.text
    out = [pieces[0]]
    for name, piece in zip(names, pieces[1:], strict=True):
        out.append(f"<secret:{name}>{piece}")
    return "".join(out)


def _lines(node: Node, path: tuple[str, ...], kind: str, out: list[Change]) -> None:
    out.append(Change(kind, path, node.text))
    if node.children:
        sub = (*path, node.text)
        for child in node.children:
            _lines(child, sub, kind, out)


def _removal(ctx: str, node: Node, *, pair: bool = False) -> Cmd:
    if ctx == "root" and rules.PHYSICAL_INTERFACE.match(node.text):
        return Cmd("default " + node.text, removal=not pair)
    if ctx == "root" and rules.PHYSICAL_SECTION.match(node.text):
        # hardware: the section stays, each of its lines goes
        sub = context_of(node, ctx)
        lines = [Cmd(rules.negation(sub, c.text)) for c in reversed(node.children)]
        return Cmd(node.text, lines, removal=not pair)
    return Cmd(rules.negation(ctx, node.text), removal=not pair)


def _shut_while_changed(ctx: str, section: Node, cmds: list[Cmd]) -> list[Cmd]:
    """Wrap the changes of a section IOS changes only while shut (a DSP farm profile)."""
    if ctx not in rules.SHUT_WHILE_CHANGED:
        return cmds
    body = [c for c in cmds if c.text not in ("shutdown", "no shutdown")]
    if not body:  # only the profile's state changes: that line alone
        return cmds
    stays_shut = any(c.text == "shutdown" for c in section.children)
    return [Cmd("shutdown"), *body, *([] if stays_shut else [Cmd("no shutdown")])]


def _same(a: Node, b: Node) -> bool:
    """Whether two sections are identical line for line (the common, cheap case)."""
    a_children, b_children = a.children, b.children
    if len(a_children) != len(b_children):
        return False
    for x, y in zip(a_children, b_children, strict=True):
        if x.text != y.text or x.body != y.body:
            return False
        if (x.children or y.children) and not _same(x, y):
            return False
    return True


def _empty_default(ctx: str, node: Node) -> bool:
    """A physical interface with no configuration: the same as its absence."""
    return ctx == "root" and not node.children and rules.is_default_section(node.text)


def effective(children: list[Node], ctx: str) -> dict[str, Node]:
    """A section's lines by key, as IOS ends up with them: the last of a key wins,
    and repeated sections with the same header are one section."""
    return _index(children, ctx)


def _index(children: list[Node], ctx: str) -> dict[str, Node]:
    index: dict[str, Node] = {}
    by_word = rules.rules_for(ctx)
    for child in children:
        text = child.text
        positive = text[3:] if text[:3] == "no " else text
        key = rules.key_rule(ctx, text)[0] if positive.partition(" ")[0] in by_word else positive
        seen = index.get(key)
        if seen is not None and _reentered(seen.text, child.text):
            longer = max(seen, child, key=lambda n: len(n.text))
            merged = Node(longer.text, seen.lineno, seen.body, longer.named)
            merged.ctx = seen.ctx or child.ctx
            merged.children = seen.children + child.children
            index[key] = merged
        elif seen is not None and seen.text == child.text and (seen.children or child.children):
            merged = Node(seen.text, seen.lineno, seen.body, seen.named)
            merged.ctx = seen.ctx or child.ctx
            merged.children = seen.children + child.children
            index[key] = merged
        else:
            index[key] = child
    return index


def _reentered(first: str, second: str) -> bool:
    """Whether ``second`` re-enters section ``first`` by a shorter header (a dial-peer's
    type may be left out when entering an existing one: ``dial-peer voice 300``)."""
    if not first.startswith(rules.REENTERED_BY_PREFIX):
        return False
    return first.startswith(second + " ") or second.startswith(first + " ")


def _trunk(run: Node, gold: Node) -> tuple[list[Cmd], list[Cmd]]:
    prefix = rules.TRUNK_ALLOWED
    old = parse_vlans(run.text[len(prefix) + 1 :])
    new = parse_vlans(gold.text[len(prefix) + 1 :])

    def step(src: frozenset[int] | None, dst: frozenset[int] | None) -> list[Cmd]:
        if src is None or dst is None or not dst:
            return [Cmd(f"{prefix} {format_vlans(dst)}")]
        cmds = []
        if dst - src:
            cmds.append(Cmd(f"{prefix} add {format_vlans(dst - src)}"))
        if src - dst:
            cmds.append(Cmd(f"{prefix} remove {format_vlans(src - dst)}"))
        return cmds

    return step(old, new), step(new, old)


class _Walker:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    # ----------------------------------------------------------------- sections
    def section(
        self, run: Node, gold: Node, ctx: str, path: tuple[str, ...]
    ) -> tuple[list[Cmd], list[Cmd]]:
        run_idx = _index(run.children, ctx)
        gold_idx = _index(gold.children, ctx)
        fwd: list[Cmd] = []
        rev_by_key: dict[str, list[Cmd]] = {}
        fwd_removals: list[Cmd] = []
        rev_removals: list[Cmd] = []
        for key, g in gold_idx.items():
            r = run_idx.get(key)
            if r is None:
                if _empty_default(ctx, g):
                    continue
                _lines(g, path, "missing", self.changes)
                if g.children:
                    context_of(g, ctx)
                fwd.append(_full(g, ctx))
                rev_removals.append(_removal(ctx, g))
                continue
            rev = rev_by_key[key] = []
            if r.text == g.text:
                if r.body != g.body:
                    self.changes.append(Change("extra", path, r.text))
                    self.changes.append(Change("missing", path, g.text))
                    fwd.append(Cmd(g.text, body=g.body))
                    rev.append(Cmd(r.text, body=r.body))
                elif (r.children or g.children) and not _same(r, g):
                    sub_ctx = context_of(g, ctx) if g.children else context_of(r, ctx)
                    if r.children:
                        context_of(r, ctx)
                    if sub_ctx in rules.ORDERED_CONTEXTS:
                        sub_fwd, sub_rev = self.ordered(r, g, path)
                        fwd.extend(sub_fwd)
                        rev.extend(sub_rev)
                        continue
                    sub_fwd, sub_rev = self.section(r, g, sub_ctx, (*path, g.text))
                    if sub_fwd:
                        fwd.append(Cmd(g.shown, _shut_while_changed(sub_ctx, g, sub_fwd)))
                    if sub_rev:
                        rev.append(Cmd(r.shown, _shut_while_changed(sub_ctx, r, sub_rev)))
            else:
                self.replaced(r, g, ctx, path, fwd, rev)
        rev_all: list[Cmd] = []
        for key, r in run_idx.items():
            done = rev_by_key.get(key)
            if done is not None:
                rev_all.extend(done)
            elif key not in gold_idx and not _empty_default(ctx, r):
                _lines(r, path, "extra", self.changes)
                fwd_removals.append(_removal(ctx, r))
                if r.children:
                    context_of(r, ctx)
                rev_all.append(_full(r, ctx))
        fwd.extend(reversed(fwd_removals))
        rev_all.extend(reversed(rev_removals))
        rev = rev_all
        if ctx == "interface":
            _vrf_resets(run, gold, fwd)
            _vrf_resets(gold, run, rev)
        return fwd, rev

    def replaced(
        self,
        r: Node,
        g: Node,
        ctx: str,
        path: tuple[str, ...],
        fwd: list[Cmd],
        rev: list[Cmd],
    ) -> None:
        """Same key, different text: a keyed command with a new value."""
        self.changes.append(Change("extra", path, r.text))
        self.changes.append(Change("missing", path, g.text))
        _key, rule = rules.key_rule(ctx, g.text)
        if r.children or g.children:
            for child in r.children:
                _lines(child, (*path, r.text), "extra", self.changes)
            for child in g.children:
                _lines(child, (*path, g.text), "missing", self.changes)
        if rule is not None and rule.name == "allowed-vlan":
            sub_fwd, sub_rev = _trunk(r, g)
            fwd.extend(sub_fwd)
            rev.extend(sub_rev)
            return
        remove_first = (rule is not None and rule.replace is rules.Replace.REMOVE_FIRST) or bool(
            r.children or g.children
        )
        g_neg = g.text.startswith("no ")
        r_neg = r.text.startswith("no ")
        for node in (r, g):
            if node.children:
                context_of(node, ctx)
        # The removal of a pair stays in place, right before the new value.
        if remove_first or (g_neg and not r_neg):
            fwd.extend([_removal(ctx, r, pair=True), _full(g, ctx)])
        else:
            fwd.append(_full(g, ctx))
        back = _full(r, ctx)
        if not r.children:
            back.text = _named_like(r, g)
        if remove_first or (r_neg and not g_neg):
            rev.extend([_removal(ctx, g, pair=True), back])
        else:
            rev.append(back)

    # ----------------------------------------------------------- access lists
    def ordered(self, run: Node, gold: Node, path: tuple[str, ...]) -> tuple[list[Cmd], list[Cmd]]:
        src = acl.entries([c.text for c in run.children])
        dst = acl.entries([c.text for c in gold.children])
        header = (*path, gold.text)
        if not self.entry_changes(src, dst, header):
            return [], []
        ipv6 = gold.text.startswith("ipv6 ")
        forward = acl.edit(src, dst, ipv6=ipv6)
        backward = acl.edit(list(forward.result), src, ipv6=ipv6)
        name = gold.text.split()[-1]
        return (
            _acl_cmds(gold.text, name, forward, ipv6),
            _acl_cmds(run.text, name, backward, ipv6),
        )

    def entry_changes(
        self, src: list[acl.Entry], dst: list[acl.Entry], path: tuple[str, ...]
    ) -> bool:
        """Record missing / extra / order changes of an entry list; any change?"""
        src_bodies = [e.body for e in src]
        dst_bodies = [e.body for e in dst]
        if src_bodies == dst_bodies:
            return False
        remaining = list(src_bodies)
        for body in dst_bodies:
            if body in remaining:
                remaining.remove(body)
            else:
                self.changes.append(Change("missing", path, body))
        for body in remaining:
            self.changes.append(Change("extra", path, body))
        src_set, dst_set = set(src_bodies), set(dst_bodies)
        common_src = [b for b in src_bodies if b in dst_set]
        common_dst = [b for b in dst_bodies if b in src_set]
        if common_src != common_dst:
            from difflib import SequenceMatcher

            matcher = SequenceMatcher(None, common_src, common_dst, autojunk=False)
            in_order = {
                j
                for block in matcher.get_matching_blocks()
                for j in range(block.b, block.b + block.size)
            }
            for j, body in enumerate(common_dst):
                if j not in in_order:
                    self.changes.append(Change("order", path, body))
        return True

    def numbered(
        self,
        run: dict[str, list[str]],
        gold: dict[str, list[str]],
        fwd: list[Cmd],
        rev: list[Cmd],
    ) -> None:
        """Numbered access lists (``access-list N ...`` lines) at the top level."""
        for number, bodies in gold.items():
            old = run.get(number)
            if old is None:
                for body in bodies:
                    self.changes.append(Change("missing", (), f"access-list {number} {body}"))
                fwd.extend(_tiered(Cmd(f"access-list {number} {b}"), 1) for b in bodies)
                rev.append(_tiered(Cmd(f"no access-list {number}", removal=True), 1))
                continue
            src = acl.implicit(old)
            dst = acl.implicit(bodies)
            path = (f"access-list {number}",)
            if not self.entry_changes(src, dst, path):
                continue
            header = f"ip access-list {_numbered_kind(number)} {number}"
            forward = acl.edit(src, dst)
            back_src = [acl.Entry(e.seq, e.body, False) for e in forward.result]
            backward = acl.edit(back_src, src)
            fwd.extend(_tiered(c, 1) for c in _acl_cmds(header, number, forward, False))
            rev.extend(_tiered(c, 1) for c in _acl_cmds(header, number, backward, False))
        for number in reversed(run):
            if number not in gold:
                for body in run[number]:
                    self.changes.append(Change("extra", (), f"access-list {number} {body}"))
                fwd.append(_tiered(Cmd(f"no access-list {number}", removal=True), 1))
                rev.extend(_tiered(Cmd(f"access-list {number} {b}"), 1) for b in run[number])


def _numbered_kind(number: str) -> str:
    value = int(number)
    return "standard" if value < 100 or 1300 <= value < 2000 else "extended"


def _tiered(cmd: Cmd, tier: int) -> Cmd:
    cmd.tier = tier
    return cmd


def _acl_cmds(header: str, name: str, edit: acl.Edit, ipv6: bool) -> list[Cmd]:
    cmds: list[Cmd] = []
    if edit.resequence is not None:
        family = "ipv6" if ipv6 else "ip"
        step = edit.resequence
        cmds.append(Cmd(f"{family} access-list resequence {name} {step} {step}"))
    cmds.append(Cmd(header, [Cmd(text) for text in edit.commands]))
    return cmds


_ADDRESS = ("ip address ", "no ip address", "ipv6 address ", "no ipv6 address")


def _vrf_resets(src: Node, dst: Node, cmds: list[Cmd]) -> None:
    """IOS wipes an interface's addresses when its VRF changes: re-apply them."""
    vrf_cmd = next((c for c in cmds if "vrf forwarding" in c.text), None)
    if vrf_cmd is None:
        return
    cmds.remove(vrf_cmd)
    cmds[:] = [c for c in cmds if not c.text.startswith(_ADDRESS)]
    readd = [
        Cmd(c.text) for c in dst.children if c.text.startswith(("ip address ", "ipv6 address "))
    ]
    cmds[:0] = [vrf_cmd, *readd]


def walk(running: Node, golden: Node) -> Walk:
    """Compare two parsed configurations (roots from :func:`parse`).

    Returns the drift plus forward (remediation) and reverse (rollback)
    top-level commands, each with its tier and whether it only removes.
    """
    walker = _Walker()
    run_acls, run_rest = _split_numbered(running)
    gold_acls, gold_rest = _split_numbered(golden)
    fwd, rev = walker.section(run_rest, gold_rest, "root", ())
    for cmd in (*fwd, *rev):
        cmd.tier = rules.tier(cmd.text[3:] if cmd.text.startswith("no ") else cmd.text)
        if cmd.text.startswith("default interface "):
            cmd.tier = 3
    walker.numbered(run_acls, gold_acls, fwd, rev)
    return Walk(walker.changes, fwd, rev)


def _split_numbered(root: Node) -> tuple[dict[str, list[str]], Node]:
    groups: dict[str, list[str]] = {}
    rest = Node("")
    rest.ctx = "root"
    for child in root.children:
        if child.text.startswith("access-list "):
            match = rules.NUMBERED_ACL.match(child.text)
            if match:
                groups.setdefault(match.group(1), []).append(match.group(2))
                continue
        rest.children.append(child)
    return groups, rest
