from __future__ import annotations

import pytest

from citynet.diagnostics import Diagnostic
from citynet.inventory.yamlload import load_yaml_text


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
