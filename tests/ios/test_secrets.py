"""The one secret table: every kind has a canary, and no canary reaches any output.

The snippets in tests/fixtures/secrets/kinds.yaml are written as devices show them,
independently of the table's regexes: a row deleted or broken in the table makes its
canary leak (or be masked by another row only), and a test here goes red.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from citynet.backup.store import BackupStore
from citynet.diff import diff_configs
from citynet.diff.parse import parse
from citynet.ios.redact import redact_config, redact_line, redact_text
from citynet.ios.secrets import REDACTED, SECRET_KINDS, kinds_in, mask_line
from citynet.platforms import Platform
from tests.backup.conftest import make_workspace
from tests.support import FIXTURES, PROJECT, CliRunner

SNIPPETS: dict[str, str] = yaml.safe_load((FIXTURES / "secrets" / "kinds.yaml").read_text())
KINDS = sorted(SNIPPETS)
CANARY = re.compile(r"Cnry\d\dQz\w*")
HOST = "fs01-acc01"


def canary(kind: str) -> str:
    """A value unique to one kind, that no configuration word contains."""
    return f"Cnry{KINDS.index(kind):02d}Qz{kind.replace('-', '')}"


def planted(kind: str) -> str:
    return SNIPPETS[kind].replace("{secret}", canary(kind))


def every_kind() -> str:
    """One configuration holding a canary of every kind."""
    return "".join(planted(kind) + "!\n" for kind in KINDS)


def test_every_kind_of_the_table_has_a_canary_and_every_canary_a_kind() -> None:
    assert sorted(kind.name for kind in SECRET_KINDS) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_the_kind_itself_finds_its_secret(kind: str) -> None:
    line = next(line for line in planted(kind).splitlines() if canary(kind) in line)
    assert kind in kinds_in(line.strip()), "the row of this kind does not match its line"
    masked = mask_line(line.strip())
    assert canary(kind) not in masked
    assert REDACTED in masked


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("platform", list(Platform))
def test_redaction_hides_the_canary(kind: str, platform: Platform) -> None:
    text = planted(kind)
    assert CANARY.findall(redact_config(text, platform)) == []
    assert all(canary(kind) not in redact_line(line, platform) for line in text.splitlines())
    # Quoted inside an error message, as a device or a library would echo it.
    quoted = f"% Invalid input at line 3: '{text.splitlines()[-1].strip()}'"
    assert canary(kind) not in redact_text(quoted)


def test_masking_keeps_everything_but_the_value() -> None:
    assert mask_line("standby 1 authentication md5 key-chain HSRP-KEYS") == (
        "standby 1 authentication md5 key-chain HSRP-KEYS"
    )
    assert mask_line("key chain OSPF-KEYS") == "key chain OSPF-KEYS"
    assert mask_line("snmp-server host 10.0.0.7 version 3 priv monitor") == (
        "snmp-server host 10.0.0.7 version 3 priv monitor"
    )
    assert mask_line("ntp authentication-key 1 md5 0822455D0A16 7") == (
        "ntp authentication-key 1 md5 <redacted> 7"
    )
    assert mask_line("archive path scp://backup:pw@10.0.0.7/x") == (
        "archive path scp://backup:<redacted>@10.0.0.7/x"
    )


def test_the_diff_engine_never_shows_a_canary() -> None:
    golden = (PROJECT / "golden_configs" / f"{HOST}.cfg").read_text()
    running = golden + every_kind()
    tree_text = "\n".join(parse(running).lines())
    assert CANARY.findall(tree_text) == []
    for result in (diff_configs(running, golden), diff_configs(golden, running)):
        document = json.dumps(result.to_dict())
        assert CANARY.findall(document) == []
        assert not result.compliant
    # Secrets are compared by presence: another value of the same secret is no drift.
    other = running
    for kind in KINDS:
        other = other.replace(canary(kind), canary(kind)[::-1])
    assert diff_configs(running, other).compliant


def _plant_raw_backup(root: Path, text: str, when: datetime) -> None:
    """A stored version as an older release (or a hand edit) left it: not redacted."""
    store = BackupStore(root / "state" / "backups")
    version, _ = store.save(HOST, f"hostname {when:%d}\n", Platform.CISCO_IOSXE, when)
    version.path.write_text(text, encoding="utf-8")


@pytest.fixture
def leaky_workspace(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path)
    golden = (root / "golden_configs" / f"{HOST}.cfg").read_text()
    _plant_raw_backup(root, golden, datetime(2026, 11, 20, tzinfo=UTC))
    _plant_raw_backup(root, golden + every_kind(), datetime(2026, 11, 21, tzinfo=UTC))
    return root


@pytest.mark.parametrize("fmt", ["table", "json", "junit", "markdown", "html"])
def test_no_canary_in_any_drift_report(leaky_workspace: Path, cli: CliRunner, fmt: str) -> None:
    result = cli(
        "drift", "--offline", "--host", HOST, "--details", "--format", fmt, cwd=leaky_workspace
    )
    assert result.code == 3, result.err
    assert CANARY.findall(result.out + result.err) == []
    assert "ISE-1" in result.out  # the planted lines were compared and reported


def test_no_canary_in_backup_diff_or_the_diff_command(
    leaky_workspace: Path, cli: CliRunner, tmp_path: Path
) -> None:
    result = cli("backup", "diff", HOST, "1", "-1", cwd=leaky_workspace)
    assert result.code == 3, result.err
    assert REDACTED in result.out
    assert CANARY.findall(result.out + result.err) == []
    golden = PROJECT / "golden_configs" / f"{HOST}.cfg"
    running = tmp_path / "running.cfg"
    running.write_text(golden.read_text() + every_kind())
    for fmt in ("json", "text"):
        for pair in ((running, golden), (golden, running)):
            result = cli("diff", str(pair[0]), str(pair[1]), "--format", fmt)
            assert result.code == 3, result.err
            assert CANARY.findall(result.out + result.err) == []


# --- named markers: golden configs say which secret goes where ------------------------------
def named(kind: str) -> str:
    """The kind's snippet as a template renders it: a named marker where the value goes."""
    text = re.sub(r"OtherKey\d", "<secret:other_key>", SNIPPETS[kind])
    return re.sub(r"(?:\b[0-9] )?\{secret\}", "<secret:k_" + kind.replace("-", "_") + ">", text)


@pytest.mark.parametrize("kind", KINDS)
def test_a_named_marker_is_already_redacted(kind: str) -> None:
    from citynet.ios.secrets import has_secret, marker_names, presence
    from citynet.render.renderer import clear_secret

    text = named(kind)
    name = "k_" + kind.replace("-", "_")
    assert redact_config(text) == text  # never masked again
    line = next(line.strip() for line in text.splitlines() if name in line)
    assert mask_line(line) == line
    assert kinds_in(line) == []  # never a secret in clear
    assert clear_secret(text) is None
    assert has_secret(line) and name in marker_names(text)
    # By presence it is the masked value the device's own line gives.
    shown = next(ln.strip() for ln in planted(kind).splitlines() if canary(kind) in ln)
    assert presence(line) == presence(mask_line(shown))


@pytest.mark.parametrize("kind", KINDS)
def test_a_value_shaped_like_a_marker_is_still_masked(kind: str) -> None:
    """Only a well-formed name makes a marker: anything else in its place is a value."""
    text = SNIPPETS[kind].replace("{secret}", f"<secret:{canary(kind)}>")
    assert CANARY.findall(redact_config(text)) == []
    assert CANARY.findall(redact_text(f"% rejected: '{text.splitlines()[-1].strip()}'")) == []


def test_a_backup_never_keeps_a_secret_name(tmp_path: Path) -> None:
    """Only a simulated device started from a golden config shows a named marker; the
    backup holds what a device's own secret becomes: <redacted>."""
    golden = (PROJECT / "golden_configs" / f"{HOST}.cfg").read_text()
    assert "<secret:tacacs_key>" in golden
    store = BackupStore(tmp_path / "backups")
    version, _ = store.save(HOST, golden, Platform.CISCO_IOSXE)
    stored = version.path.read_text()
    assert "<secret:" not in stored
    assert stored.count(REDACTED) == golden.count("<secret:")
    assert diff_configs(stored, golden).compliant


@pytest.mark.parametrize(
    "name", ["Tacacs", "tacacs-key", "1key", "", "a b", "_key", "a" * 65, "<secret:x>", 5]
)
def test_a_secret_name_is_a_short_lowercase_identifier(name: object) -> None:
    from citynet.ios.secrets import SecretNameError, marker

    with pytest.raises(SecretNameError, match="a secret's name is lowercase letters"):
        marker(name)  # type: ignore[arg-type]
    assert marker("a" * 64) == f"<secret:{'a' * 64}>"
