"""The configuration engine: IOS semantics over a tree of configuration lines.

A configuration is a tree of :class:`ConfigNode` objects. :class:`ConfigEditor`
applies one command at a time the way the IOS parser does in configuration
mode (sub-modes, keyed replacement, ``no`` forms, ACL sequence numbers,
banners). :func:`parse_config` loads a whole text, using indentation when the
text has any, and :func:`render_config` prints the tree in ``show
running-config`` form.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from citynet.ios.names import expand_interface
from citynet.ios.vlans import format_vlans, parse_vlans
from citynet.lab import grammar, semantics

ACL_MODES = frozenset({"config-ext-nacl", "config-std-nacl", "config-nacl", "config-ipv6-acl"})
BANNER_TYPES = ("motd", "login", "exec", "incoming", "slip-ppp", "prompt-timeout")
_FAMILY_RANK: dict[str, int] = {
    "version": 0,
    "service": 1,
    "platform": 2,
    "hostname": 3,
    "vrf": 4,
    "boot-start-marker": 5,
    "boot": 5,
    "boot-end-marker": 6,
    "logging": 7,
    "enable": 8,
    "aaa": 9,
    "clock": 10,
    "ip domain": 12,
    "ip name-server": 13,
    "login": 14,
    "ipv6": 15,
    "multilink": 16,
    "crypto": 17,
    "license": 18,
    "archive": 19,
    "file": 20,
    "spanning-tree": 21,
    "vtp": 22,
    "username": 23,
    "redundancy": 24,
    "vlan": 25,
    "interface": 30,
    "router": 40,
    "ip forward-protocol": 41,
    "ip http": 42,
    "ip ssh": 43,
    "ip scp": 44,
    "ip route": 45,
    "ip access-list": 46,
    "ip prefix-list": 47,
    "access-list": 48,
    "route-map": 49,
    "snmp-server": 50,
    "control-plane": 55,
    "banner": 60,
    "line": 70,
    "ntp": 80,
    "end": 99,
}
_DEFAULT_RANK = 44


@dataclass
class ConfigNode:
    """One configuration line and, for a section, the lines under it."""

    text: str
    mode: str | None = None
    children: list[ConfigNode] = field(default_factory=list)
    seq: int | None = None
    numbered: bool = False

    @property
    def words(self) -> list[str]:
        """The line split into words."""
        return self.text.split()

    @property
    def negated(self) -> bool:
        """Whether this is a shown ``no`` form."""
        return self.text.startswith("no ")

    @property
    def key(self) -> str:
        """Identity for keyed replacement (of the positive form)."""
        return _text_key(self.text)[0]

    def find(self, key: str, *, negated: bool = False) -> ConfigNode | None:
        """The child with this key and polarity, if any."""
        wanted = (key.lower(), negated)
        for child in self.children:
            if _text_key(child.text)[1:] == wanted:
                return child
        return None

    def display(self) -> str:
        """The line as shown under its parent (with its sequence number if shown)."""
        text = self.text
        if self.seq is not None and text.startswith("deny "):
            text = "deny   " + text[5:]
        if self.seq is not None and self.numbered:
            return f"{self.seq} {text}"
        return text


@functools.lru_cache(maxsize=65536)
def _text_key(text: str) -> tuple[str, str, bool]:
    """(key, lower-case key, negated) of a configuration line; cached, lines repeat a lot."""
    words = text.split()
    negated = text.startswith("no ")
    if negated:
        words = words[1:]
    if text.startswith("banner "):
        key = " ".join(words[:2])
    else:
        key = grammar.command_key(words) if words else ""
    return key, key.lower(), negated


@dataclass(frozen=True)
class CommandError:
    """An IOS parser error: ``invalid`` (with a caret column), ``incomplete`` or ``ambiguous``."""

    kind: str
    position: int = 0
    detail: str = ""

    def render(self, prompt_width: int) -> str:
        """The error text IOS prints after the echoed line."""
        if self.kind == "incomplete":
            return "% Incomplete command.\r\n\r\n"
        if self.kind == "ambiguous":
            return f'% Ambiguous command:  "{self.detail}"\r\n'
        if self.kind == "message":
            return self.detail + "\r\n"
        caret = " " * (prompt_width + self.position) + "^"
        return f"{caret}\r\n% Invalid input detected at '^' marker.\r\n\r\n"


@dataclass
class ApplyResult:
    """What applying one line did."""

    error: CommandError | None = None
    exit_config: bool = False
    message: str = ""


def _typed_vlans(text: str) -> set[int]:
    """The VLANs of a list typed after ``switchport trunk allowed vlan``.

    Leniently, as the lab always has: a part that is no VLAN range is skipped, and
    ``all``/``none`` add nothing.

    >>> sorted(_typed_vlans("10,20,30-32,x"))
    [10, 20, 30, 31, 32]
    """
    found: set[int] = set()
    for part in text.split(","):
        try:
            found |= parse_vlans(part) or set()
        except ValueError:
            continue
    return found


def family(words: list[str]) -> str:
    """The group a top-level command sorts with."""
    if words[:1] == ["no"]:
        words = words[1:]
    if not words:
        return ""
    if words[0] in ("ip", "ipv6") and len(words) > 1:
        return f"{words[0]} {words[1]}"
    return words[0]


def _rank(words: list[str]) -> int:
    fam = family(words)
    if fam in _FAMILY_RANK:
        return _FAMILY_RANK[fam]
    if words and words[0] == "ip" and "ip domain" in fam:
        return _FAMILY_RANK["ip domain"]
    return _FAMILY_RANK.get(words[0] if words else "", _DEFAULT_RANK)


def _word_prefix(text: str, prefix_words: list[str]) -> bool:
    words = text.lower().split()
    lowered = [w.lower() for w in prefix_words]
    return words[: len(lowered)] == lowered


def _verbatim(line: str, body: list[str]) -> str:
    """The command text, keeping a description's or remark's spacing as typed."""
    first = body[0].lower() if body else ""
    if first in ("description", "remark") and len(body) > 1:
        stripped = line.strip()
        match = re.match(r"(?:no\s+|default\s+)?\S+\s", stripped)
        if match:
            return f"{body[0]} {stripped[match.end() :]}".rstrip()
    return " ".join(body)


def _first_word_position(line: str, index: int) -> int:
    """Column of word ``index`` in ``line``."""
    pos = 0
    for i, match in enumerate(re.finditer(r"\S+", line)):
        pos = match.start()
        if i == index:
            return pos
    return len(line.rstrip()) + 1


class ConfigEditor:
    """Applies configuration commands to a tree, tracking the current sub-mode."""

    def __init__(
        self,
        root: ConfigNode,
        *,
        strict: bool = True,
        append: bool = False,
        default_on: frozenset[str] | None = None,
        semantic: bool = False,
    ) -> None:
        """Create an editor at global configuration level.

        Args:
            root: the configuration tree to edit in place.
            strict: validate global commands and the interface/line vocabularies.
            append: add new top-level commands at the end (loading a whole file) instead
                of at their usual place in IOS order.
            default_on: the commands on by default on this device (default:
                ``grammar.DEFAULT_ON``); entering one only removes its shown ``no`` form.
            semantic: refuse lines IOS refuses for what they mean against the configuration
                (:mod:`citynet.lab.semantics`), as a device does for lines typed or sent in a
                session; a configuration loaded whole is not checked.
        """
        self.root = root
        self.default_on = grammar.DEFAULT_ON_SET if default_on is None else default_on
        self.strict = strict
        self.semantic = semantic
        self.append = append
        self.stack: list[ConfigNode] = [root]
        self._indents: list[int] = [-1]
        self._last: tuple[ConfigNode, int] | None = None
        self._banner: tuple[str, str, list[str]] | None = None
        self._numbered_proxy: ConfigNode | None = None
        self._index: dict[int, dict[tuple[str, bool], ConfigNode]] = {}
        self.interactive = True

    @property
    def mode(self) -> str:
        """The prompt suffix of the current mode, e.g. ``config-if``."""
        node = self.stack[-1]
        return node.mode or "config" if len(self.stack) > 1 else "config"

    @property
    def in_banner(self) -> bool:
        """Whether banner text is being collected."""
        return self._banner is not None

    def reset(self) -> None:
        """Return to global configuration level."""
        self.stack = [self.root]
        self._indents = [-1]
        self._last = None
        self._banner = None

    # -- entry points -------------------------------------------------------------
    def apply(self, line: str) -> ApplyResult:
        """Apply one interactively entered line (IOS sub-mode rules)."""
        if self._banner is not None:
            return self._banner_line(line)
        stripped = line.strip()
        if not stripped or stripped.startswith("!"):
            return ApplyResult()
        words = stripped.split()
        low = words[0].lower()
        if low == "end":
            self.reset()
            return ApplyResult(exit_config=True)
        if low == "exit" and len(words) == 1:
            if len(self.stack) > 1:
                self.stack.pop()
                return ApplyResult()
            return ApplyResult(exit_config=True)
        if low.startswith("exit-"):
            if len(self.stack) > 1:
                self.stack.pop()
            return ApplyResult()
        expanded = self._expand(words)
        if isinstance(expanded, CommandError):
            return ApplyResult(error=expanded)
        words = expanded
        level = len(self.stack) - 1
        while level > 0 and not self._belongs(level, words):
            level -= 1
        result, node = self._apply_at(level, stripped, words)
        if result.error is None and not self.in_banner:
            del self.stack[level + 1 :]
            if node is not None and node.mode is not None:
                self.stack.append(node)
        return result

    def apply_indented(self, line: str) -> ApplyResult:
        """Apply one line of a configuration file, using its indentation as IOS prints it."""
        if self._banner is not None:
            return self._banner_line(line)
        self.interactive = False
        stripped = line.strip()
        if not stripped or stripped.startswith("!"):
            return ApplyResult()
        indent = len(line) - len(line.lstrip(" "))
        words = stripped.split()
        if words[0].lower() == "end" and indent == 0:
            self.reset()
            return ApplyResult(exit_config=True)
        if words[0].lower().startswith("exit-") or (words == ["exit"] and indent > 0):
            return ApplyResult()
        if self._last is not None and indent > self._last[1]:
            last, node_indent = self._last
            if not self.stack or self.stack[-1] is not last:
                if last.mode is None:
                    last.mode = self._child_mode(last)
                self.stack.append(last)
                self._indents.append(node_indent)
        while len(self.stack) > 1 and self._indents[-1] >= indent:
            self.stack.pop()
            self._indents.pop()
        result, node = self._apply_at(len(self.stack) - 1, stripped, words)
        self._last = (node, indent) if node is not None else None
        return result

    # -- internals ----------------------------------------------------------------
    def _vocabulary(self) -> frozenset[str] | None:
        mode = self.stack[-1].mode if len(self.stack) > 1 else "config"
        if mode in ("config-if", "config-subif"):
            return grammar.INTERFACE_WORDS
        if mode == "config-line":
            return grammar.LINE_WORDS
        if mode == "config":
            return grammar.GLOBAL_WORDS
        return None

    def _expand(self, words: list[str]) -> list[str] | CommandError:
        """Expand abbreviated keywords (``int``, ``desc``, ``no shut``, ``ip add``)."""
        out = list(words)
        index = 1 if out[0].lower() in ("no", "default") and len(out) > 1 else 0
        vocab = self._vocabulary()
        if vocab is not None:
            choices = grammar.expand_keyword(out[index], vocab)
            if not choices and vocab is not grammar.GLOBAL_WORDS:
                choices = grammar.expand_keyword(out[index], grammar.GLOBAL_WORDS)
            if len(choices) > 1:
                return CommandError("ambiguous", detail=" ".join(words))
            if choices:
                out[index] = choices[0]
        first = out[index].lower()
        if first in grammar.SECOND_WORDS and len(out) > index + 1:
            choices = grammar.expand_keyword(out[index + 1], grammar.SECOND_WORDS[first])
            if len(choices) == 1:
                out[index + 1] = choices[0]
        return out

    def _child_mode(self, node: ConfigNode) -> str:
        return "config-" + (node.words[0] if node.words else "sub")

    def _belongs(self, level: int, words: list[str]) -> bool:
        ctx = self.stack[level]
        body = words[1:] if words[0].lower() in ("no", "default") and len(words) > 1 else words
        mode = ctx.mode or ""
        if grammar.nested_mode(mode, body):
            return True
        if level >= 2:
            parent_mode = self.stack[level - 1].mode or ""
            if grammar.nested_mode(parent_mode, body):
                return False
        if grammar.is_global_only(body):
            return False
        first = body[0].lower()
        if mode in ("config-if", "config-subif") and self.strict:
            return first in grammar.INTERFACE_WORDS
        if mode == "config-line" and self.strict:
            return first in grammar.LINE_WORDS
        return True

    def _validate_global(self, line: str, words: list[str]) -> CommandError | None:
        lowered = [w.lower() for w in words]
        offset = 1 if lowered[0] in ("no", "default") else 0
        body = lowered[offset:]
        if not body:
            return CommandError("incomplete")
        if self.strict and body[0] not in grammar.GLOBAL_WORDS:
            return CommandError("invalid", _first_word_position(line, offset))
        ip_word = body[1] if body[0] == "ip" and len(body) > 1 else None
        if self.strict and ip_word is not None and ip_word not in grammar.IP_GLOBAL_WORDS:
            return CommandError("invalid", _first_word_position(line, offset + 1))
        return self._validate_length(line, body, offset)

    def _validate_length(self, line: str, body: list[str], offset: int) -> CommandError | None:
        for size in (2, 1):
            key = " ".join(body[:size])
            if len(body) >= size and key in grammar.MIN_WORDS:
                need = grammar.MIN_WORDS[key]
                if offset and key in ("description", "hostname", "banner", "enable secret"):
                    return None
                if offset and key == "ip route":
                    need -= 1  # ``no ip route P M`` removes every route to the prefix
                if len(body) < need:
                    return CommandError("incomplete")
                return None
        return None

    def _apply_at(
        self, level: int, line: str, words: list[str]
    ) -> tuple[ApplyResult, ConfigNode | None]:
        ctx = self.stack[level]
        if level == 0:
            error = self._validate_global(line, words)
            if error:
                return ApplyResult(error=error), None
        elif self.strict and ctx.mode in ("config-if", "config-subif", "config-line"):
            idx = 1 if words[0].lower() in ("no", "default") and len(words) > 1 else 0
            vocab = grammar.INTERFACE_WORDS if ctx.mode != "config-line" else grammar.LINE_WORDS
            if words[idx].lower() not in vocab:
                error = CommandError("invalid", _first_word_position(line, idx))
                return ApplyResult(error=error), None
            if words[0].lower() == "description" and len(words) < 2:
                return ApplyResult(error=CommandError("incomplete")), None
            lowered = [w.lower() for w in words[:3]]
            address_only = lowered[:2] == ["ip", "address"] and len(words) == 3 and idx == 0
            if address_only and lowered[2] not in ("dhcp", "negotiated"):  # needs its mask
                return ApplyResult(error=CommandError("incomplete")), None
        if words[0].lower() == "banner" and level == 0:
            return self._banner_start(line, words), None
        if ctx.mode in ACL_MODES:
            self._acl_entry(ctx, words)
            if ctx is self._numbered_proxy:
                self._sync_numbered(ctx)
            return ApplyResult(), None
        if level == 0 and [w.lower() for w in words[:3]] == ["ip", "access-list", "resequence"]:
            return self._resequence(words[3:]), None
        if level == 0 and self._numbered_acl_header(words):
            return ApplyResult(), self._numbered_proxy
        negate = words[0].lower() == "no"
        default = words[0].lower() == "default"
        body = words[1:] if (negate or default) else list(words)
        if not body:
            return ApplyResult(error=CommandError("incomplete")), None
        normalized = self._normalize(level, body)
        if normalized is None:
            error = CommandError("invalid", _first_word_position(line, 1))
            return ApplyResult(error=error), None
        body = normalized
        if self.semantic and self.interactive:
            refused = self._semantic_error(level, line, body, negate=negate, default=default)
            if refused is not None:
                return ApplyResult(error=refused), None
        if level == 0:
            mode = grammar.header_mode(body)
        else:
            mode = grammar.nested_mode(ctx.mode or "", body)
        key = grammar.command_key(body)
        if negate or default:
            if default and mode and (found := self._find(ctx, key)):
                found.children.clear()
                return ApplyResult(), None
            removed = self._remove(ctx, key, body)
            stored = not default and not grammar.never_stored_negation(body) and mode is None
            shown = any(grammar.starts_with_words(body, p) for p in grammar.SHOWN_NEGATION)
            if stored and (not removed or (shown and len(body) == len(key.split()))):
                text = "no " + " ".join(body)
                existing = self._find(ctx, key, negated=True)
                if existing:
                    existing.text = text
                else:
                    self._insert(ctx, ConfigNode(text))
            return ApplyResult(), None
        text = _verbatim(line, body)
        stale = self._find(ctx, key, negated=True)
        if stale:
            ctx.children.remove(stale)
            self._index.pop(id(ctx), None)
        if " ".join(w.lower() for w in body) in self.default_on:
            return ApplyResult(), None
        if grammar.starts_with_words(body, "switchport trunk allowed vlan"):
            text = self._trunk_allowed(ctx, body)
        node = self._find(ctx, key)
        if node is None:
            node = ConfigNode(text, mode=mode)
            self._insert(ctx, node)
        elif mode == "config-dial-peer" and len(body) > 3 and node.text != text:
            # IOS keeps a dial-peer's type: another type needs the old peer removed first
            return ApplyResult(error=CommandError("invalid", _first_word_position(line, 3))), None
        elif mode == "config-dial-peer" and len(body) == 3:
            pass  # ``dial-peer voice N`` enters the existing peer, whatever its type
        elif mode is None or node.text != text:
            node.text = text
        return ApplyResult(), node

    def _semantic_error(
        self, level: int, line: str, body: list[str], *, negate: bool, default: bool
    ) -> CommandError | None:
        """IOS's refusal of a line that parses but contradicts the configuration (see
        :mod:`citynet.lab.semantics`); checked for lines sent one at a time, as IOS does."""
        ctx = self.stack[level]
        if level == 0:
            low0 = body[0].lower()
            if low0 == "interface" and len(body) > 1 and not (negate or default):
                if semantics.missing_port(self.root, body[1]):
                    return CommandError("invalid", _first_word_position(line, 1))
                return None
            message = None if default else semantics.route_error(self.root, body, negate=negate)
        elif ctx.mode in ("config-if", "config-subif") and not (negate or default):
            message = semantics.interface_address_error(self.root, ctx, body) or (
                semantics.vrf_error(self.root, body)
            )
        else:
            return None
        return None if message is None else CommandError("message", detail=message)

    def _trunk_allowed(self, ctx: ConfigNode, body: list[str]) -> str:
        """``switchport trunk allowed vlan [add|remove|except] LIST|all|none``."""
        prefix = "switchport trunk allowed vlan"
        existing = ctx.find(prefix)
        everything = set(range(1, 4095))
        current = everything
        if existing is not None:
            value = existing.words[4] if len(existing.words) > 4 else "all"
            current = everything if value == "all" else _typed_vlans(value)
        action = body[4].lower() if len(body) > 4 else ""
        argument = body[5] if len(body) > 5 else ""
        if action == "add":
            current = current | _typed_vlans(argument)
        elif action == "remove":
            current = current - _typed_vlans(argument)
        elif action == "except":
            current = everything - _typed_vlans(argument)
        elif action == "all":
            current = everything
        elif action == "none":
            current = set()
        else:
            current = _typed_vlans(action)
        if current == everything:
            return f"{prefix} all"
        return f"{prefix} {format_vlans(current)}"

    def _resequence(self, args: list[str]) -> ApplyResult:
        """``ip access-list resequence NAME START STEP``."""
        if not args:
            return ApplyResult(error=CommandError("incomplete"))
        name = args[0]
        start = int(args[1]) if len(args) > 1 and args[1].isdigit() else 10
        step = int(args[2]) if len(args) > 2 and args[2].isdigit() else 10
        if name.isdigit():
            entries = [c for c in self.root.children if c.words[:2] == ["access-list", name]]
            for index, node in enumerate(entries):
                node.seq = start + index * step
            return ApplyResult()
        for child in self.root.children:
            if child.mode in ACL_MODES and child.words[-1:] == [name]:
                for index, entry in enumerate(child.children):
                    entry.seq = start + index * step
        return ApplyResult()

    def _numbered_acl_header(self, words: list[str]) -> bool:
        """``ip access-list standard|extended N``: edit the numbered list in named mode."""
        lowered = [w.lower() for w in words]
        if len(words) != 4 or lowered[:2] != ["ip", "access-list"] or not words[3].isdigit():
            return False
        if lowered[2] not in ("standard", "extended"):
            return False
        number = words[3]
        mode = "config-std-nacl" if lowered[2] == "standard" else "config-ext-nacl"
        proxy = ConfigNode(" ".join(words), mode=mode)
        entries = [c for c in self.root.children if c.words[:2] == ["access-list", number]]
        for index, node in enumerate(entries):
            if node.seq is None:
                node.seq = (index + 1) * 10
            proxy.children.append(ConfigNode(" ".join(node.words[2:]), seq=node.seq))
        self._numbered_proxy = proxy
        return True

    def _sync_numbered(self, proxy: ConfigNode) -> None:
        """Write a numbered list edited in named mode back as ``access-list N`` lines."""
        number = proxy.words[-1]
        children = self.root.children
        positions = [i for i, c in enumerate(children) if c.words[:2] == ["access-list", number]]
        at = positions[0] if positions else len(children)
        kept = [c for c in children if c.words[:2] != ["access-list", number]]
        before = sum(1 for i in range(at) if children[i].words[:2] != ["access-list", number])
        lines = [ConfigNode(f"access-list {number} {e.text}", seq=e.seq) for e in proxy.children]
        children[:] = kept[:before] + lines + kept[before:]

    def _normalize(self, level: int, body: list[str]) -> list[str] | None:
        low0 = body[0].lower()
        if level == 0 and low0 == "interface":
            if len(body) < 2:
                return body
            name = expand_interface(" ".join(body[1:3]) if len(body) > 2 else body[1])
            rest = body[3:] if len(body) > 2 and body[2][:1].isdigit() else body[2:]
            if name is None:
                name = expand_interface(body[1])
                rest = body[2:]
            if name is None:
                return None
            return ["interface", name, *rest]
        if level == 0 and low0 == "route-map" and len(body) >= 2:
            action = body[2] if len(body) >= 3 else "permit"
            seq = body[3] if len(body) >= 4 else "10"
            return ["route-map", body[1], action, seq]
        return [*body]

    def _remove(self, ctx: ConfigNode, key: str, body: list[str]) -> bool:
        lowered_key = key.lower()
        keep: list[ConfigNode] = []
        removed = False
        for child in ctx.children:
            if not child.negated and (
                child.key.lower() == lowered_key or _word_prefix(child.text, body)
            ):
                removed = True
                continue
            if child.negated and child.key.lower() == lowered_key:
                removed = True
                continue
            keep.append(child)
        if body and body[0].lower() == "route-map" and len(body) == 2:
            keep = [c for c in keep if not _word_prefix(c.text, body)]
        ctx.children[:] = keep
        self._index.pop(id(ctx), None)
        return removed

    def _find(self, ctx: ConfigNode, key: str, *, negated: bool = False) -> ConfigNode | None:
        """``ctx.find``, through an index while a whole file is loaded."""
        if not self.append:
            return ctx.find(key, negated=negated)
        index = self._index.get(id(ctx))
        if index is None:
            index = {}
            for child in ctx.children:
                index.setdefault(_text_key(child.text)[1:], child)
            self._index[id(ctx)] = index
        return index.get((key.lower(), negated))

    def _insert(self, ctx: ConfigNode, node: ConfigNode) -> None:
        keyed = self._index.get(id(ctx))
        if keyed is not None:
            keyed.setdefault(_text_key(node.text)[1:], node)
        if ctx is not self.root:
            if node.words[:1] == ["description"]:
                ctx.children.insert(0, node)
                return
            if node.mode is None and not self.append:
                for index, child in enumerate(ctx.children):
                    if child.mode is not None:
                        ctx.children.insert(index, node)
                        return
            ctx.children.append(node)
            return
        if self.append:
            ctx.children.append(node)
            return
        fam = family(node.words)
        last_same = -1
        for index, child in enumerate(ctx.children):
            if family(child.words) == fam:
                last_same = index
        if last_same >= 0:
            ctx.children.insert(last_same + 1, node)
            return
        rank = _rank(node.words)
        for index, child in enumerate(ctx.children):
            if _rank(child.words) > rank:
                ctx.children.insert(index, node)
                return
        ctx.children.append(node)

    def _acl_entry(self, acl: ConfigNode, words: list[str]) -> None:
        if words[0].lower() == "no":
            rest = words[1:]
            if rest and rest[0].isdigit():
                seq = int(rest[0])
                acl.children[:] = [c for c in acl.children if c.seq != seq]
            else:
                text = " ".join(rest)
                acl.children[:] = [c for c in acl.children if c.text != text]
            return
        numbered = words[0].isdigit()
        if numbered:
            seq = int(words[0])
            text = " ".join(words[1:])
            if not self.interactive:
                acl.numbered = True
        else:
            text = " ".join(words)
            seq = max((c.seq or 0 for c in acl.children), default=0) + 10
        if any(c.text == text for c in acl.children):
            return
        acl.children[:] = [c for c in acl.children if c.seq != seq]
        entry = ConfigNode(text, seq=seq, numbered=acl.numbered)
        acl.children.append(entry)
        acl.children.sort(key=lambda c: c.seq or 0)
        for child in acl.children:
            child.numbered = acl.numbered

    def _banner_start(self, line: str, words: list[str]) -> ApplyResult:
        if len(words) < 2:
            return ApplyResult(error=CommandError("incomplete"))
        kind = words[1].lower()
        if kind not in BANNER_TYPES:
            kind = "motd"
            rest = line.strip()[len("banner") :].lstrip()
        else:
            rest = line.strip()[len("banner") :].lstrip()[len(words[1]) :].lstrip()
        if not rest:
            return ApplyResult(error=CommandError("incomplete"))
        delim = "^C" if rest.startswith("^C") else rest[0]
        after = rest[len(delim) :]
        if delim in after:
            self._store_banner(kind, after[: after.index(delim)])
            return ApplyResult()
        self._banner = (kind, delim, [after])
        shown = "^C" if delim in ("^C", "\x03") else delim
        return ApplyResult(message=f"Enter TEXT message.  End with the character '{shown}'.")

    def _banner_line(self, line: str) -> ApplyResult:
        assert self._banner is not None
        kind, delim, lines = self._banner
        if delim in line:
            lines.append(line[: line.index(delim)])
            self._banner = None
            self._store_banner(kind, "\n".join(lines))
            return ApplyResult()
        lines.append(line)
        return ApplyResult()

    def _store_banner(self, kind: str, body: str) -> None:
        text = f"banner {kind} ^C{body}^C"
        existing = self.root.find(f"banner {kind}")
        if existing:
            existing.text = text
        else:
            self._insert(self.root, ConfigNode(text))


def parse_config(
    text: str, *, strict: bool = False, default_on: frozenset[str] | None = None
) -> tuple[ConfigNode, list[tuple[int, str]]]:
    """Parse a whole configuration text into a tree.

    Args:
        text: configuration as ``show running-config`` prints it, or flat CLI lines.
        strict: reject unknown global commands (as ``configure replace`` does).
        default_on: the device's commands on by default (see :class:`ConfigEditor`).

    Returns:
        The tree and the (line number, line) pairs that were rejected.

    >>> text = "hostname r1\\ninterface Loopback0\\n ip address 1.1.1.1 255.255.255.255\\n"
    >>> tree, errors = parse_config(text)
    >>> render_body(tree)
    ['hostname r1', '!', 'interface Loopback0', ' ip address 1.1.1.1 255.255.255.255', '!']
    """
    root = ConfigNode("")
    errors = load_into(root, text, strict=strict, append=True, default_on=default_on)
    return root, errors


def load_into(
    root: ConfigNode,
    text: str,
    *,
    strict: bool = True,
    append: bool = False,
    default_on: frozenset[str] | None = None,
) -> list[tuple[int, str]]:
    """Merge a configuration text into ``root`` and return the rejected lines."""
    lines = [line.rstrip("\r") for line in text.replace("\t", " ").split("\n")]
    indented = any(
        line.startswith(" ") and line.strip() and not line.strip().startswith("!") for line in lines
    )
    editor = ConfigEditor(root, strict=strict, append=append, default_on=default_on)
    errors: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if _is_header_noise(line) and not editor.in_banner:
            continue
        result = editor.apply_indented(line) if indented else editor.apply(line)
        if result.error is not None:
            errors.append((number, line))
        if result.exit_config and not editor.in_banner and line.strip() == "end":
            break
        if result.exit_config:
            editor.reset()
    return errors


_NOISE = re.compile(
    r"^(Building configuration\.\.\.|Current configuration\s*:.*|Using \d+ out of \d+ bytes.*"
    r"|! Last configuration change.*|! NVRAM config last updated.*)$"
)


def _is_header_noise(line: str) -> bool:
    return bool(_NOISE.match(line.strip()))


def render_node(node: ConfigNode, depth: int = 0) -> list[str]:
    """Lines for one node and its children, indented as IOS prints them."""
    pad = " " * depth
    lines = [pad + line if i == 0 else line for i, line in enumerate(node.display().split("\n"))]
    prev_af = False
    for child in node.children:
        in_router = depth == 0 and node.mode == "config-router"
        if child.mode is not None and child.children and in_router:
            lines.append(pad + " !")
        lines.extend(render_node(child, depth + 1))
        prev_af = child.mode in ("config-router-af", "config-vrf-af")
        if prev_af:
            lines.append(pad + " exit-address-family")
    return lines


def render_body(root: ConfigNode) -> list[str]:
    """The configuration body lines (no header, no trailing ``end``)."""
    lines: list[str] = []
    for node in root.children:
        section = node.mode is not None or bool(node.children)
        if section and lines and lines[-1] != "!":
            lines.append("!")
        lines.extend(render_node(node))
        if section:
            lines.append("!")
    return lines


def render_config(root: ConfigNode) -> str:
    """The configuration as a text file (what ``copy running-config`` writes).

    Starts with ``!`` and ends with ``end``, lines separated by ``\\n``.
    """
    body = render_body(root)
    return "\n".join(["!", *body, "end", ""])


def find_hostname(root: ConfigNode, default: str = "Router") -> str:
    """The ``hostname`` of a configuration tree."""
    node = root.find("hostname")
    if node and len(node.words) > 1:
        return node.words[1]
    return default


def copy_tree(node: ConfigNode) -> ConfigNode:
    """A deep copy of a configuration tree."""
    return ConfigNode(
        node.text,
        mode=node.mode,
        children=[copy_tree(c) for c in node.children],
        seq=node.seq,
        numbered=node.numbered,
    )
