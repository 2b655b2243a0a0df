"""The name and value rules, on generated names and values (hypothesis), and end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from citynet.inventory.loader import load_inventory, validate_inventory
from citynet.inventory.names import (
    HOSTNAME_PATTERN,
    LABEL_PATTERN,
    MAX_NAME,
    NameKind,
    is_valid,
    name_problem,
)
from citynet.inventory.schema import GroupName, HostName, SiteId, TagName, Text
from citynet.inventory.text import (
    BANNER_DELIMITER,
    SHOWN_LIMIT,
    banner_problem,
    line_problem,
    shown,
)
from tests.support import FIXTURES, PROJECT

VALID = FIXTURES / "inventory" / "valid" / "inventory"

hostnames = st.from_regex(rf"\A{HOSTNAME_PATTERN}\Z", fullmatch=True)
labels = st.from_regex(rf"\A{LABEL_PATTERN}\Z", fullmatch=True)
control = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
"""Characters no name or one-line value may hold (control, format, line separators)."""
separators = st.sampled_from(["/", "\\"])
printable = st.text(
    st.characters(
        codec="utf-8", exclude_categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"]
    ).filter(str.isprintable),
    max_size=80,
)
"""One-line text: anything printable, spaces included."""


@st.composite
def with_one_of(draw: st.DrawFn, base: st.SearchStrategy[str], bad: st.SearchStrategy[str]) -> str:
    """A string from ``base`` with one character from ``bad`` put in somewhere."""
    text = draw(base)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(bad) + text[at:]


HOST_TYPES = {NameKind.HOST: HostName, NameKind.SITE: SiteId}
LABEL_TYPES = {NameKind.GROUP: GroupName, NameKind.TAG: TagName}


@given(name=hostnames)
@example(name="a")
@example(name="dc1-rtr01")
@example(name="a" * MAX_NAME)
def test_hostnames_are_accepted(name: str) -> None:
    for kind, kind_type in HOST_TYPES.items():
        assert is_valid(kind, name)
        assert name_problem(kind, name) is None
        assert TypeAdapter(kind_type).validate_python(name) == name


@given(name=labels)
@example(name="role_voice_gateway")
@example(name="platform_cisco_iosxe")
@example(name="site_DC1")
def test_labels_are_accepted(name: str) -> None:
    for kind, kind_type in LABEL_TYPES.items():
        assert is_valid(kind, name)
        assert TypeAdapter(kind_type).validate_python(name) == name


@given(name=with_one_of(hostnames, control | separators))
@example(name="dc1-rtr01\n")
@example(name="../golden_configs/dc1-rtr01")
@example(name="/etc/passwd")
def test_names_with_a_control_character_or_path_separator_are_refused(name: str) -> None:
    for kind in NameKind:
        assert not is_valid(kind, name)
        problem = name_problem(kind, name)
        assert problem is not None and problem.startswith("contains ")
    for kind_type in (HostName, SiteId, GroupName, TagName):
        with pytest.raises(ValidationError) as caught:
            TypeAdapter(kind_type).validate_python(name)
        assert caught.value.errors()[0]["msg"].isprintable()


@given(name=st.text(max_size=70))
def test_every_accepted_name_is_a_safe_file_name(name: str) -> None:
    if is_valid(NameKind.HOST, name):
        assert name and name.isascii() and name.isprintable()
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert len(name) <= MAX_NAME and name[-1].isalnum()
        assert not Path(f"{name}.cfg").is_absolute() and Path(f"{name}.cfg").name == f"{name}.cfg"
    else:
        assert name_problem(NameKind.HOST, name) is not None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "is empty"),
        ("a" * 64, "is 64 characters long (at most 63)"),
        ("1rtr", "starts with '1' (it must start with a letter)"),
        ("rtr-", "ends with '-' (it must end with a letter or digit)"),
        ("dc1_rtr", "contains '_'"),
        ("dc1.rtr", "contains '.'"),
        ("dc1 rtr", "contains ' '"),
        ("a/b", "contains '/' (a path separator)"),
        ("rtr\n", "contains a newline"),
        ("rtré", "contains 'é'"),
    ],
)
def test_each_host_name_problem_is_named(name: str, problem: str) -> None:
    assert name_problem(NameKind.HOST, name) == problem


@given(value=printable)
def test_printable_values_are_accepted(value: str) -> None:
    assert line_problem(value) is None


@given(value=with_one_of(printable, control))
@example(value="400 Datacenter Way\nusername backdoor privilege 15")
def test_values_with_a_control_character_are_refused(value: str) -> None:
    problem = line_problem(value)
    assert problem is not None
    position = int(problem.rsplit(" ", 1)[1])
    assert not value[position - 1].isprintable()
    assert value[: position - 1].isprintable()
    if value and len(value) <= 200:
        with pytest.raises(ValidationError):
            TypeAdapter(Text).validate_python(value)


banner_lines = st.lists(
    printable.filter(lambda line: BANNER_DELIMITER not in line and len(line) <= 80),
    min_size=1,
    max_size=10,
).filter(lambda lines: "".join(lines).strip() != "")


@given(lines=banner_lines)
def test_multiline_banners_are_accepted(lines: list[str]) -> None:
    assert banner_problem("\n".join(lines)) is None


@given(lines=banner_lines, bad=control.filter(lambda c: c != "\n") | st.just("^"), data=st.data())
def test_banners_with_the_delimiter_or_a_control_character_are_refused(
    lines: list[str], bad: str, data: st.DataObject
) -> None:
    text = "\n".join(lines)
    at = data.draw(st.integers(0, len(text)))
    assert banner_problem(text[:at] + bad + text[at:]) is not None


@given(value=st.text())
def test_a_refused_value_is_shown_escaped_and_short(value: str) -> None:
    text = shown(value)
    assert text.isprintable()
    assert len(text) <= SHOWN_LIMIT + len("''... (99999999 characters)")


# -------------------------------------------------------------- end to end


def test_the_city_names_stay_valid() -> None:
    city = load_inventory(PROJECT / "inventory")
    names = list(city.hosts) + list(city.sites) + list(city.groups)
    assert all(is_valid(NameKind.HOST, h) for h in city.hosts)
    assert all(is_valid(NameKind.SITE, s) for s in city.sites)
    assert all(is_valid(NameKind.GROUP, g) for g in city.groups)
    assert len(names) > 500


def _inventory_with_host_named(name: str, root: Path) -> Path:
    folder = root / "inventory"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(VALID, folder)
    hosts = folder / "hosts.yaml"
    hosts.write_text(hosts.read_text().replace("\nhq-core01:\n", f"\n{_quoted(name)}:\n", 1))
    return folder


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted string, every unusual character escaped."""
    plain = {c for c in map(chr, range(0x20, 0x7F))} - {'"', "\\"}
    escaped = (
        c
        if c in plain
        else f"\\x{ord(c):02x}"
        if ord(c) < 0x100
        else f"\\u{ord(c):04x}"
        if ord(c) < 0x10000
        else f"\\U{ord(c):08x}"
        for c in text
    )
    return '"' + "".join(escaped) + '"'


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=with_one_of(hostnames, control | separators))
@example(name="../golden_configs/hq-rtr01")
@example(name="hq-core01\nusername x privilege 15")
def test_a_bad_host_name_is_an_inventory_error_with_its_line(name: str, tmp_path: Path) -> None:
    folder = _inventory_with_host_named(name, tmp_path)
    inventory, problems = validate_inventory(folder)
    assert inventory is not None and name not in inventory.hosts
    mine = [p for p in problems if p.message.startswith(f"host name {shown(name)} is not valid")]
    assert len(mine) == 1, [str(p) for p in problems]
    line = (VALID / "hosts.yaml").read_text().splitlines().index("hq-core01:") + 1
    assert mine[0].file == "inventory/hosts.yaml" and mine[0].line == line
    assert all(str(p).isprintable() for p in problems)
