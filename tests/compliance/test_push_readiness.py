"""``citynet validate`` fails devices whose configs would not allow the safe push."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CliRunner


@pytest.mark.parametrize(
    ("line", "rule"),
    [("ip scp server enable\n", "CN-PUSH-02"), (" path {{ config_archive }}\n", "CN-PUSH-01")],
)
def test_validate_fails_a_template_without_what_the_push_needs(
    cli: CliRunner, workspace_copy: Path, line: str, rule: str
) -> None:
    base = workspace_copy / "templates" / "base.j2"
    text = base.read_text(encoding="utf-8")
    assert line in text
    base.write_text(text.replace(line, "", 1), encoding="utf-8")
    cli("golden", "update", cwd=workspace_copy)  # only the baseline is left to complain
    result = cli("validate", cwd=workspace_copy)
    assert result.code == 1, result.out
    assert rule in result.out
    assert "0 golden config(s) out of date" in result.out


def test_the_city_configs_allow_the_push(cli: CliRunner, workspace_copy: Path) -> None:
    result = cli("validate", cwd=workspace_copy)
    assert result.code == 0, result.out
    for rule in ("CN-PUSH-01", "CN-PUSH-02"):
        assert rule not in result.out
