"""Strict YAML loading with line numbers and YAML 1.1 trap detection.

PyYAML silently keeps the last of two duplicate keys and reads ``no``, ``on``,
``010`` and ``10:20:30`` as a boolean, an octal number and a base-60 number,
while Nornir's own loader (YAML 1.2) reads them as strings. The inventory must
mean one thing to every reader, so these are errors here, each with its line.

The inventory arrives by merge request, so the loader is also bounded: a file
is at most ``MAX_FILE_BYTES``, nesting at most ``MAX_DEPTH`` levels deep,
aliases expand to at most ``MAX_ALIAS_NODES`` nodes in all (a 1 KB "billion
laughs" file would otherwise expand to a billion), an alias never refers to
the node that holds it, and only YAML's own tags for plain data are accepted
(``!vault``, ``!include``, ``!!python/object`` ... are errors). These limits
are checked on the event stream, before anything is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from citynet.diagnostics import Diagnostic
from citynet.inventory.text import shown

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader (libyaml's when installed), each distinct scalar's tag resolved once.

    PyYAML resolves the implicit tag of every plain scalar by trying its regular
    expressions in turn; an inventory repeats the same keys and values thousands
    of times. The safe loader has no path resolvers, so the tag depends only on
    the node kind, the text and whether it is plain: the cache is exact.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        key = (kind, value, implicit if isinstance(implicit, bool) else tuple(implicit))
        cache: dict[Any, Any] = self.__dict__.setdefault("_citynet_tags", {})
        tag = cache.get(key)
        if tag is None:
            tag = cache[key] = super().resolve(kind, value, implicit)
        return tag


MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest inventory file read (10 MB; the City's hosts.yaml is about 200 KB)."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists."""
MAX_ALIAS_NODES = 10_000
"""Most nodes that aliases (``*name``) may expand to in one file, in all."""

_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_BOOL_OK = {"true", "false"}
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
ALLOWED_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
"""Explicit tags a file may use: YAML's own, for plain data."""

Path_ = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A loaded YAML file: its data and the line of every key and list item."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    flagged: set[Path_] = field(default_factory=set)
    """Paths whose values were already reported (YAML traps): later checks skip them."""

    def is_flagged(self, path: Path_) -> bool:
        """Whether ``path``, an element holding it or one inside it was already reported."""
        size = len(path)
        return any(
            flagged[:size] == path or path[: len(flagged)] == flagged for flagged in self.flagged
        )

    def line(self, *path: str | int) -> int | None:
        """The line of the deepest known element along ``path``."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None


def load_yaml_file(path: Path, display: str, problems: list[Diagnostic]) -> YamlDoc | None:
    """Load one YAML file; append every problem found to ``problems``.

    Returns None when the file cannot be used at all (missing, unreadable,
    not YAML, empty, not a mapping).
    """
    if not path.exists():
        problems.append(Diagnostic(display, None, "file is missing", f"create {display}"))
        return None
    if not path.is_file():
        problems.append(
            Diagnostic(display, None, "not a regular file", f"make {display} a plain YAML file")
        )
        return None
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            problems.append(_too_large(display))
            return None
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            Diagnostic(display, None, f"cannot read the file: {exc}", "save it as UTF-8")
        )
        return None
    return load_yaml_text(text, display, problems)


def _too_large(display: str) -> Diagnostic:
    return Diagnostic(
        display,
        None,
        f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB (the limit for an "
        "inventory file)",
        "split the data or remove what does not belong in the inventory",
    )


def load_yaml_text(text: str, display: str, problems: list[Diagnostic]) -> YamlDoc | None:
    """Parse YAML text; see :func:`load_yaml_file`.

    >>> probs: list[Diagnostic] = []
    >>> load_yaml_text("a: 1\\na: 2\\n", "x.yaml", probs).data
    {'a': 1}
    >>> print(probs[0].location, probs[0].message)
    x.yaml:2 duplicate key 'a' (first at line 1); YAML keeps only the last one silently
    """
    if len(text) > MAX_FILE_BYTES:
        problems.append(_too_large(display))
        return None
    # Tags, anchors and aliases all start with one of these; a file without any of them
    # (the City's) can only break the depth bound, checked on its composed tree.
    plain = not any(mark in text for mark in "!&*")
    if not plain and not _within_bounds(text, display, problems):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if plain and _too_deep_for_libyaml(exc, display, problems):
            return None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        problems.append(
            Diagnostic(display, line, f"not valid YAML: {what}", "fix the YAML syntax here")
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(Diagnostic(display, None, f"not valid YAML: {exc}", "fix the YAML syntax"))
        return None
    if node is None:
        problems.append(
            Diagnostic(
                display,
                1,
                "file is empty",
                "it must hold a mapping (name: {...}); write '{}' if it is meant to be empty",
            )
        )
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Diagnostic(
                display,
                node.start_mark.line + 1,
                "the top level must be a mapping",
                "write 'name:' entries at the top level",
            )
        )
        return None
    if plain and not _shallow(node, display, problems):
        return None
    doc = YamlDoc(display, None)
    builder = _Builder(doc, problems)
    doc.data = builder.build(node, ())
    return doc


@dataclass
class _Open:
    """A mapping or list being read: its anchor and the nodes it holds so far."""

    anchor: str | None
    nodes: int = 0


def _within_bounds(text: str, display: str, problems: list[Diagnostic]) -> bool:
    """Check tags, depth and alias expansion on the event stream; False if the file is refused.

    A syntax error is left for the composer to report with its position.

    >>> probs: list[Diagnostic] = []
    >>> _within_bounds("a: &a [x, x]\\nb: &b [*a, *a]\\n", "x.yaml", probs), probs
    (True, [])
    >>> _within_bounds("a: &a [*a]\\n", "x.yaml", probs)
    False
    >>> print(probs[0].message)
    alias *a refers to the node that holds it (a self-referencing alias)
    """
    sizes: dict[str, int] = {}
    stack: list[_Open] = []
    expanded = 0
    clean = True

    def refuse(event: yaml.Event, message: str, hint: str) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        problems.append(Diagnostic(display, line, message, hint))

    try:
        for event in yaml.parse(text, Loader=_Loader):
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in ALLOWED_TAGS:
                refuse(
                    event,
                    f"unknown tag {shown(tag.replace(_TAG, '!!'), 60)}: the inventory holds "
                    "plain data only (no encrypted values, includes or language objects)",
                    "remove the tag; secrets come from the environment, shared values from "
                    "Nornir groups",
                )
                clean = False
            if isinstance(event, yaml.DocumentStartEvent):
                sizes.clear()
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Open(event.anchor))
                if len(stack) > MAX_DEPTH:
                    refuse(
                        event,
                        f"nesting is deeper than {MAX_DEPTH} levels (the limit)",
                        "flatten the data",
                    )
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                size = done.nodes + 1
                if done.anchor is not None:
                    sizes[done.anchor] = size
                if stack:
                    stack[-1].nodes += size
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1].nodes += 1
            elif isinstance(event, yaml.AliasEvent):
                name = event.anchor
                if any(item.anchor == name for item in stack):
                    refuse(
                        event,
                        f"alias *{name} refers to the node that holds it "
                        "(a self-referencing alias)",
                        "write the data out without the alias",
                    )
                    return False
                if name not in sizes:
                    refuse(
                        event,
                        f"alias *{name} has no anchor &{name} before it",
                        f"define &{name} first or correct the name",
                    )
                    return False
                expanded += sizes[name]
                if expanded > MAX_ALIAS_NODES:
                    refuse(
                        event,
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (the limit; "
                        "an alias bomb?)",
                        "write the values out, or share them through Nornir groups",
                    )
                    return False
                if stack:
                    stack[-1].nodes += sizes[name]
    except yaml.MarkedYAMLError as exc:
        return not _too_deep_for_libyaml(exc, display, problems)
    except yaml.YAMLError:
        return True
    return clean


def _too_deep_for_libyaml(
    exc: yaml.MarkedYAMLError, display: str, problems: list[Diagnostic]
) -> bool:
    """Whether a parse error is libyaml's own nesting limit (reported as ours)."""
    if "nesting depth" in (exc.problem or "") and exc.problem_mark is not None:
        # libyaml stops at its own limit (1,000 flow levels) before ours is reached
        problems.append(_too_deep(display, exc.problem_mark.line + 1))
        return True
    return False


def _too_deep(display: str, line: int | None) -> Diagnostic:
    return Diagnostic(
        display, line, f"nesting is deeper than {MAX_DEPTH} levels (the limit)", "flatten the data"
    )


def _shallow(root: yaml.Node, display: str, problems: list[Diagnostic]) -> bool:
    """The depth bound on the tree of a file without aliases; False if it is refused.

    Walked in document order without recursion, so the first collection past the
    limit is the one :func:`_within_bounds` would name.
    """
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(_too_deep(display, node.start_mark.line + 1))
            return False
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            continue
        stack.extend(
            (child, depth + 1)
            for child in reversed(children)
            if isinstance(child, yaml.CollectionNode)
        )
    return True


class _Builder:
    def __init__(self, doc: YamlDoc, problems: list[Diagnostic]) -> None:
        self.doc = doc
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, node: yaml.Node, message: str, hint: str) -> None:
        self.problems.append(Diagnostic(self.doc.file, node.start_mark.line + 1, message, hint))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.doc.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, index)))
            return items
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                self.error(
                    key_node,
                    "merge keys ('<<') are not allowed in the inventory",
                    "use Nornir groups to share values",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "a key must be a plain value", "use a name as the key")
                continue
            key = self._scalar(key_node, path)
            if isinstance(key, bool | int | float) or key is None:
                self.error(
                    key_node,
                    f"key {shown(key_node.value)} is read as {_kind(key)}, not a name",
                    f'quote it: "{key_node.value}"',
                )
                key = key_node.value
                self.doc.flagged.add((*path, key))
            if key in first_line:
                self.error(
                    key_node,
                    f"duplicate key {shown(key)} (first at line {first_line[key]}); "
                    "YAML keeps only the last one silently",
                    "remove or merge one of the two",
                )
                continue
            first_line[key] = line
            self.doc.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        assert isinstance(node, yaml.ScalarNode)
        tag = node.tag
        text = node.value
        if tag == _STR:
            return text
        if not node.style:
            trap = _trap(tag, text)
            if trap:
                message, hint = trap
                self.error(node, message, hint)
                self.doc.flagged.add(path)
                return text
        if tag == _TAG + "timestamp" and not node.style:
            self.error(node, f"{text!r} is read as a date by YAML", f'quote it: "{text}"')
            self.doc.flagged.add(path)
            return text
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            kind = tag.replace(_TAG, "")
            self.error(
                node,
                f"cannot read {shown(text)} as {kind} (too large or malformed)",
                "quote it if it is text, or correct it",
            )
            self.doc.flagged.add(path)
            return text


def _trap(tag: str, text: str) -> tuple[str, str] | None:
    """The YAML 1.1 reading of a plain scalar that differs from YAML 1.2's, if any."""
    if tag == _TAG + "bool" and text.lower() not in _BOOL_OK:
        return (
            f"{text!r} is read as a boolean by YAML 1.1 (and as a string by YAML 1.2)",
            f'write true or false for a boolean, or quote it ("{text}") for a string',
        )
    if tag == _TAG + "int" and ":" in text:
        return (
            f"{text!r} is read as a base-60 number by YAML 1.1 (an unquoted MAC address or time?)",
            f'quote it: "{text}"',
        )
    if tag == _TAG + "int" and _OCTAL.match(text):
        return (
            f"{text!r} is read as an octal number by YAML 1.1 ({int(text.replace('_', ''), 8)})",
            f'quote it ("{text}") for a string, or drop the leading zero for a number',
        )
    if tag == _TAG + "float" and ":" in text:
        return (f"{text!r} is read as a base-60 number by YAML 1.1", f'quote it: "{text}"')
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return type(value).__name__
