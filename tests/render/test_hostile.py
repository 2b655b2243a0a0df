"""Hostile and broken input, through the CLI, in a copy of the City workspace.

Each case is a folder under ``tests/fixtures/hostile/`` with an ``expect.yaml``:

```yaml
about: what the case tries
command: [golden, update]          # citynet arguments (run with --root <the copy>; {tmp} too)
exit: 1                            # the exit code it must give
output: ["fragment", ...]          # each must appear in stdout + stderr
may_change: [state]                # folders of the workspace it may write in (default: none)
files: {state/rendered/x.cfg: "fragment"}   # files that must exist afterwards, holding that
edits:                             # the change to the workspace, applied in order
- {file: inventory/hosts.yaml, replace: "old", with: "new"}   # the first occurrence
- {file: inventory/defaults.yaml, append: "text"}
- {file: inventory/defaults.yaml, append: [["deep: ", 1], ["[", 10000], ["]", 10000]]}
- {file: inventory/hosts.yaml, pad: 11000000}                 # append that many bytes of comment
- {file: templates/x.j2, link: "{tmp}/outside.txt"}           # make it a symbolic link
```

``{tmp}`` in an edit stands for the test's temporary folder, which holds the
workspace copy: whatever a case tries to write there (a host named
``{tmp}/evil``, a shell command in a template) is caught by the snapshot.
Besides its own expectations, every case must give no traceback and print
nothing unprintable (a refused value is shown escaped, never raw), and no file
outside ``may_change`` may change, inside the workspace or next to it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import FIXTURES, CliRunner

HOSTILE = FIXTURES / "hostile"
CASES = sorted(p for p in HOSTILE.iterdir() if (p / "expect.yaml").is_file())


def _load(case: Path) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    return spec


def _snapshot(root: Path) -> dict[str, str]:
    """Every file and link under ``root``: its content's hash, or where it points."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = "link:" + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "dir"
    return found


def _apply(edit: dict[str, Any], workspace: Path, tmp: Path) -> None:
    def fill(text: str) -> str:
        return text.replace("{tmp}", str(tmp))

    path = workspace / edit["file"]
    if "link" in edit:
        path.unlink(missing_ok=True)
        path.symlink_to(fill(edit["link"]))
        return
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "replace" in edit:
        assert edit["replace"] in text, (
            f"edit no longer matches {edit['file']}: {edit['replace']!r}"
        )
        text = text.replace(edit["replace"], fill(edit["with"]), 1)
    if isinstance(edit.get("append"), str):
        text += fill(edit["append"])
    elif "append" in edit:  # [[text, times], ...]
        text += "".join(fill(part) * times for part, times in edit["append"])
    if "pad" in edit:
        line = "# " + "x" * 97 + "\n"
        text += line * (edit["pad"] // len(line) + 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_suite_covers_every_class_of_hostile_input() -> None:
    assert len(CASES) >= 80
    prefixes = {case.name.split("_")[0] for case in CASES}
    assert prefixes >= {
        "name", "value", "banner", "sandbox", "mutation", "yaml", "template", "output",
        "settings", "golden",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Path, workspace_copy: Path, cli: CliRunner) -> None:
    spec = _load(case)
    tmp = workspace_copy.parent
    (tmp / "outside.txt").write_text("a file outside the workspace\n", encoding="utf-8")
    for edit in spec.get("edits", []):
        _apply(edit, workspace_copy, tmp)
    before = _snapshot(tmp)

    result = cli(*(str(a).replace("{tmp}", str(tmp)) for a in spec["command"]), cwd=workspace_copy)

    shown = result.out + result.err
    assert result.code == spec["exit"], shown
    for fragment in spec.get("output", []):
        assert fragment in shown, f"missing {fragment!r} in:\n{shown}"
    assert "Traceback" not in shown
    unprintable = [line for line in shown.splitlines() if not line.isprintable()]
    assert unprintable == [], "a value was echoed raw"

    after = _snapshot(tmp)
    allowed = tuple(f"workspace/{folder}" for folder in spec.get("may_change", []))
    changed = {
        key
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key) and not key.startswith(allowed)
    }
    assert changed == set(), f"files changed outside {allowed or 'nothing'}"
    for name, fragment in spec.get("files", {}).items():
        assert fragment in (workspace_copy / name).read_text(encoding="utf-8"), name
