from __future__ import annotations

from pathlib import Path

import pytest

from citynet.diagnostics import Diagnostic
from citynet.inventory.yamlload import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    load_yaml_file,
    load_yaml_text,
)


def load(text: str) -> tuple[object, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    doc = load_yaml_text(text, "f.yaml", problems)
    return (doc.data if doc else None), problems


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: no\n", 1, "read as a boolean"),
        ("a: 1\nb: Off\n", 2, "read as a boolean"),
        ("a:\n  - yes\n", 2, "read as a boolean"),
        ("code: 0755\n", 1, "octal"),
        ("mac: 12:34:56:12:34:56\n", 1, "base-60"),
        ("t: 1:30.5\n", 1, "base-60"),
        ("d: 2026-01-01\n", 1, "date"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)"),
        ("x: {<<: {a: 1}}\n", 1, "merge keys"),
        ("no: 1\n", 1, "read as a boolean"),
    ],
)
def test_traps_are_errors_with_their_line(text: str, line: int, words: str) -> None:
    _, problems = load(text)
    assert len(problems) == 1
    assert problems[0].line == line
    assert words in problems[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('a: "no"\n', "no"),
        ("a: 'on'\n", "on"),
        ("a: true\n", True),
        ("a: false\n", False),
        ("a: 10\n", 10),
        ("a: 0\n", 0),
        ('a: "010"\n', "010"),
        ("a: 00:1b:2c:3d:4e:5f\n", "00:1b:2c:3d:4e:5f"),
        ("a: 10.1.1.0/24\n", "10.1.1.0/24"),
    ],
)
def test_unambiguous_values_load_as_written(text: str, value: object) -> None:
    data, problems = load(text)
    assert problems == []
    assert data == {"a": value}


def test_every_problem_in_one_pass() -> None:
    _, problems = load("a: no\nb: 010\nc: 1\nc: 2\nd: on\n")
    assert [p.line for p in problems] == [1, 2, 4, 5]


def test_lines_of_keys_and_items() -> None:
    problems: list[Diagnostic] = []
    doc = load_yaml_text("h:\n  data:\n    wan:\n    - a: 1\n    - a: 2\n", "f.yaml", problems)
    assert doc is not None
    assert doc.line("h", "data", "wan", 1, "a") == 5
    assert doc.line("h", "data", "missing") == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty"),
        ("# only a comment\n", "file is empty"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("a: [1, 2\n", "not valid YAML"),
        ("a: b: c\n", "not valid YAML"),
    ],
)
def test_unusable_files(text: str, message: str) -> None:
    data, problems = load(text)
    assert data is None
    assert message in problems[0].message
    assert problems[0].line is not None


# ------------------------------------------------------------------ bounds


def _bomb(levels: int, width: int = 9) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_fails_at_once() -> None:
    text = _bomb(5)
    assert len(text) < 1024
    data, problems = load(text)
    assert data is None
    assert [(p.line, p.message) for p in problems] == [
        (5, f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (the limit; an alias bomb?)")
    ]


def test_aliases_within_the_limit_are_expanded() -> None:
    data, problems = load(_bomb(3, width=10))  # 110 + 1,110 nodes from aliases
    assert problems == []
    assert isinstance(data, dict) and len(data["l2"]) == 10 and data["l2"][9][9] == ["lol"] * 10


@pytest.mark.parametrize(
    "text",
    ["a: &x [*x]\n", "a: &x {b: *x}\n", "- &x\n  - [*x]\n", "a: &x\n  b:\n    c: [1, *x]\n"],
)
def test_a_self_referencing_alias_is_an_error(text: str) -> None:
    data, problems = load(text)
    assert data is None
    assert "refers to the node that holds it" in problems[0].message


@pytest.mark.parametrize(
    ("depth", "refused"), [(MAX_DEPTH, False), (MAX_DEPTH + 1, True), (10_000, True)]
)
def test_nesting_is_bounded(depth: int, refused: bool) -> None:
    flow = "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"  # the mapping is one level
    block = "".join("  " * i + f"k{i}:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "x: 1\n"
    for text in (flow, block) if depth < 1000 else (flow,):
        data, problems = load(text)
        messages = [p.message for p in problems]
        if refused:
            assert data is None
            assert messages == [f"nesting is deeper than {MAX_DEPTH} levels (the limit)"]
        else:
            assert messages == []


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 5])
def test_nesting_is_judged_alike_with_or_without_anchors_in_the_file(depth: int) -> None:
    """A file holding none of ``!&*`` is checked on its tree, any other on its events: the
    same finding, on the same line, either way."""
    block = "".join("  " * i + f"k{i}:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "x: 1\n"
    plain = load(block)
    marked = load("# a comment with * and & and !\n" + block)
    assert plain[0] == marked[0]
    assert [(p.line, p.message) for p in plain[1]] == [
        ((p.line or 0) - 1, p.message) for p in marked[1]
    ]
    assert bool(plain[1]) is (depth > MAX_DEPTH)


def test_a_value_written_plain_and_quoted_is_read_each_way() -> None:
    """Tags are resolved once per distinct scalar; a quoted one is never taken for a plain one."""
    data, problems = load('a: "010"\nb: 010\nc: "no"\nd: no\ne: 7\nf: "7"\n')
    assert data == {"a": "010", "b": "010", "c": "no", "d": "no", "e": 7, "f": "7"}
    assert [(p.line, p.message.split(" is read")[0]) for p in problems] == [
        (2, "'010'"),
        (4, "'no'"),
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n", "'!vault'"),
        ("a: !include other.yaml\n", "'!include'"),
        ("a: !!python/object/apply:os.system ['true']\n", "'!!python/object/apply:os.system'"),
        ("a: !!python/name:os.system\n", "'!!python/name:os.system'"),
        ("a: !!binary aGVsbG8=\n", "'!!binary'"),
        ("a: !!set {x: null}\n", "'!!set'"),
        ("a: !!omap [{x: 1}]\n", "'!!omap'"),
        ("a: !<tag:example.com,2000:x> 1\n", "'tag:example.com,2000:x'"),
        ("a:\n  b: !custom {x: 1}\n", "'!custom'"),
    ],
)
def test_unknown_tags_are_errors_with_their_line(text: str, shown: str) -> None:
    data, problems = load(text)
    assert data is None
    assert len(problems) == 1
    assert problems[0].line == text.count("\n", 0, text.index("!")) + 1
    assert problems[0].message.startswith(f"unknown tag {shown}: ")


def test_plain_data_tags_are_accepted() -> None:
    data, problems = load("a: !!str 10\nb: !!int '7'\nc: !!float 1\nd: !!bool true\ne: !!null ''\n")
    assert problems == []
    assert data == {"a": "10", "b": 7, "c": 1.0, "d": True, "e": None}


def test_an_alias_without_an_anchor() -> None:
    _, problems = load("a: 1\nb: *nowhere\n")
    assert [(p.line, p.message) for p in problems] == [
        (2, "alias *nowhere has no anchor &nowhere before it")
    ]


def test_a_number_python_cannot_convert_is_an_error() -> None:
    data, problems = load("a: " + "9" * 5000 + "\n")
    assert data == {"a": "9" * 5000}
    assert len(problems) == 1 and "as int (too large or malformed)" in problems[0].message
    assert len(problems[0].message) < 200


def test_files_over_the_size_limit_are_not_read(tmp_path: Path) -> None:
    big = tmp_path / "hosts.yaml"
    big.write_bytes(b"a: 1\n" + b"#" * MAX_FILE_BYTES)
    problems: list[Diagnostic] = []
    assert load_yaml_file(big, "inventory/hosts.yaml", problems) is None
    assert [str(p) for p in problems] == [
        "inventory/hosts.yaml: error: file is larger than 10 MB (the limit for an inventory "
        "file) (fix: split the data or remove what does not belong in the inventory)"
    ]
    big.write_bytes(b"a: 1\n" + b"#" * (MAX_FILE_BYTES - 10))
    assert load_yaml_file(big, "inventory/hosts.yaml", []) is not None


def test_a_folder_is_not_an_inventory_file(tmp_path: Path) -> None:
    problems: list[Diagnostic] = []
    assert load_yaml_file(tmp_path, "inventory/hosts.yaml", problems) is None
    assert problems[0].message == "not a regular file"
