"""Only a valid host name becomes a file name under golden_configs/."""

from __future__ import annotations

from pathlib import Path

import pytest

from citynet.errors import RenderError
from citynet.render.golden import orphaned, write_golden


@pytest.mark.parametrize("name", ["../x", "/tmp/x", "a/b", "", "x\n", "..", "x.cfg"])
def test_write_golden_refuses_a_name_that_is_not_a_host_name(name: str, tmp_path: Path) -> None:
    golden = tmp_path / "golden_configs"
    with pytest.raises(RenderError, match="is not a valid host name"):
        write_golden(golden, {"dc1-rtr01": "hostname dc1-rtr01\n", name: "hostname x\n"})
    assert list(tmp_path.iterdir()) == []  # nothing written, not even the valid one


def test_files_not_named_for_a_host_are_not_orphans(tmp_path: Path) -> None:
    for name in ("dc1-rtr01.cfg", "gone-rtr01.cfg", "notes.old.cfg", "1st.cfg", "x.txt"):
        (tmp_path / name).write_text("text\n")
    assert orphaned(tmp_path, ["dc1-rtr01"]) == ["gone-rtr01"]
