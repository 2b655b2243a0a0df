"""Two ``golden update`` runs at once, and a reader that must never see a partial file."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.support import PROJECT


def test_concurrent_updates_never_expose_a_partial_golden_config(workspace_copy: Path) -> None:
    sites = workspace_copy / "inventory" / "sites.yaml"
    text = sites.read_text()
    assert "address: 1037 Engine Company Street" in text
    sites.write_text(text.replace("1037 Engine Company", "1040 Engine Company"))
    watched = [workspace_copy / "golden_configs" / f"{h}.cfg" for h in ("fs01-rtr01", "fs01-acc01")]
    before = {p: p.read_text() for p in watched}
    seen: dict[Path, set[str]] = {p: set() for p in watched}
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            for path in watched:
                seen[path].add(path.read_text())

    reader = threading.Thread(target=read)
    reader.start()
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "citynet", "--root", str(workspace_copy), "golden", "update"]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    done.set()
    reader.join()
    assert [run.returncode for run in runs] == [0, 0], outputs
    written = [out.decode().count("updated golden_configs/") for out, _ in outputs]
    assert sorted(written) == [0, 4]  # the lock serialised them: one wrote, one found it done
    for path in watched:
        after = path.read_text()
        assert after != before[path] and "1040 Engine Company" in after
        assert seen[path] <= {before[path], after}, "a reader saw a partial golden config"
    folder = workspace_copy / "golden_configs"
    assert [p.name for p in folder.iterdir() if p.suffix != ".cfg"] == []
