"""Keyword trees: the shape of the commands the exec parser expands.

A tree is a dict of keyword -> subtree, where a subtree of ``None`` means "free
arguments follow" and an empty dict means "nothing may follow". Two keys are not
keywords: ``END`` (``""``) means the command may also end here, and ``LINE`` means
that a word which is no keyword here starts the arguments (IOS's help calls such
an argument ``LINE``).
"""

from __future__ import annotations

from collections.abc import Iterable

Tree = dict[str, "Tree | None"]

END = ""
"""The key of a node at which a command may end although longer ones go on."""

LINE = "LINE"
"""The last word of a command that takes arguments; never typed (keywords are lowercase)."""


def command_tree(commands: Iterable[tuple[str, ...]]) -> Tree:
    """The keyword tree of commands given by their full keywords.

    A command that takes arguments ends with ``LINE``.

    >>> command_tree([("cdp", "neighbors"), ("cdp", "neighbors", "detail"), ("clock",)])
    {'cdp': {'neighbors': {'': {}, 'detail': {}}}, 'clock': {}}
    >>> command_tree([("interfaces",), ("interfaces", LINE), ("interfaces", "status")])
    {'interfaces': {'': {}, 'LINE': None, 'status': {}}}

    Raises:
        ValueError: ``LINE`` is not the last word of a command, or a command is empty.
    """
    root: Tree = {}
    for keywords in commands:
        if not keywords or LINE in keywords[:-1]:
            raise ValueError(f"not a command: {keywords!r}")
        node = root
        for word in keywords:
            if word == LINE:
                node[LINE] = None
                break
            child = node.setdefault(word, {})
            assert child is not None  # only LINE maps to None
            node = child
        else:
            node[END] = {}
    return _settle(root)


def _settle(node: Tree) -> Tree:
    """The same tree with every node that can only end written as ``{}``."""
    settled: Tree = {}
    for key, child in node.items():
        if child is None or key == END:
            settled[key] = child
            continue
        inner = _settle(child)
        settled[key] = {} if list(inner) == [END] else inner
    return settled
