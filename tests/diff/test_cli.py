"""``citynet diff RUNNING_FILE GOLDEN_FILE``: exit codes, formats, errors, secrets."""

from __future__ import annotations

import io
import json
from pathlib import Path

from citynet.cli.main import main

from .corpus import CASES


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["diff", *args], env={}, stdout=out, stderr=err)
    return int(code), out.getvalue(), err.getvalue()


def case(name: str, file: str) -> str:
    return str(CASES / name / file)


def test_equal_configs_exit_0() -> None:
    code, out, _ = run(case("noise_only", "running.cfg"), case("noise_only", "golden.cfg"))
    assert code == 0
    assert "compliant" in out


def test_different_configs_exit_3_with_text_report() -> None:
    code, out, _ = run(case("hsrp_priority", "running.cfg"), case("hsrp_priority", "golden.cfg"))
    assert code == 3
    assert "Remediation:" in out and "Rollback:" in out
    assert "   standby 1 priority 90" in out
    assert "interfaces" in out and "missing+extra" in out


def test_json_document() -> None:
    code, out, _ = run(
        case("references_order", "running.cfg"),
        case("references_order", "golden.cfg"),
        "--format",
        "json",
    )
    assert code == 3
    document = json.loads(out)
    assert document["compliant"] is False
    assert document["remediation"].startswith("ip access-list extended NEW-IN\n")
    assert document["rollback"].endswith("no ip access-list extended NEW-IN\n")
    features = {f["name"]: f for f in document["features"]}
    assert features["acls"]["status"] == "missing+extra"
    assert features["interfaces"]["lines"] == [
        {
            "kind": "extra",
            "path": ["interface GigabitEthernet0/1"],
            "line": "ip access-group OLD-IN in",
        },
        {
            "kind": "missing",
            "path": ["interface GigabitEthernet0/1"],
            "line": "ip access-group NEW-IN in",
        },
    ]
    assert all({"name", "status", "lines"} <= set(f) for f in document["features"])


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "diff.json"
    code, out, _ = run(
        case("hostname", "running.cfg"),
        case("hostname", "golden.cfg"),
        "--format",
        "json",
        "--output",
        str(target),
    )
    assert code == 3
    assert out == ""
    assert json.loads(target.read_text())["remediation"] == "hostname sw-new\n"


def test_secrets_never_printed() -> None:
    for fmt in ("text", "json"):
        _, out, _ = run(
            case("secrets_presence", "running.cfg"),
            case("secrets_presence", "golden.cfg"),
            "--format",
            fmt,
        )
        assert "Sup3rS3cret" not in out and "0822455D0A16" not in out and "$9$" not in out


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.cfg"), case("hostname", "golden.cfg"))
    assert code == 1
    assert "nope.cfg" in err and "Traceback" not in err


def test_unterminated_banner_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cfg"
    bad.write_text("hostname r1\n!\nbanner motd ^C\nno end in sight\n")
    code, _, err = run(str(bad), case("hostname", "golden.cfg"))
    assert code == 1
    assert "bad.cfg, line 3" in err and "banner motd" in err


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "image.bin"
    bad.write_bytes(b"hostname r1\n\xff\xfe\x00\x01")
    code, _, err = run(str(bad), case("hostname", "golden.cfg"))
    assert code == 1
    assert "image.bin, line 2" in err


def test_usage_errors_exit_2() -> None:
    code, _, err = run(case("hostname", "running.cfg"))
    assert "GOLDEN_FILE" in err
    assert code == 2
    code, _, _ = run(
        case("hostname", "running.cfg"), case("hostname", "golden.cfg"), "--format", "xml"
    )
    assert code == 2


def test_command_module_is_cheap_to_import() -> None:
    import subprocess
    import sys

    code = (
        "import sys, citynet.cli.cmd_diff; "
        "print(any(m.startswith(('citynet.diff', 'yaml', 'hier_config')) for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
