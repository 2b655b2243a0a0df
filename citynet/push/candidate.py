"""A replace plan's candidate: the golden config it recorded, byte for byte.

A plan in replace mode records, per device, the SHA-256 of the golden config it was
made from and (``source.commit``) the git commit the workspace was at. At push time
the candidate is read again, from that commit when there is one (so a later edit of
``golden_configs/`` cannot slip in), else from the working tree, and refused unless
its SHA-256 is the plan's. A file the plan recorded as uncommitted (``source.dirty``)
is read from the working tree, as the plan read it.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from citynet.errors import PushError
from citynet.render.golden import golden_path


@dataclass(frozen=True)
class CandidateSource:
    """Where a plan's candidates come from: the workspace and the plan's commit (or None)."""

    root: Path
    commit: str | None = None
    dirty: frozenset[str] = frozenset()

    def text(self, host: str) -> str:
        """The golden config of ``host`` as the plan saw it.

        Raises:
            PushError: it cannot be read (no such file, not at that commit).
        """
        path = golden_path(self.root / "golden_configs", host)
        relative = path.relative_to(self.root).as_posix()
        if not self.commit or relative in self.dirty:
            return self._working_tree(host, path)
        try:
            top = subprocess.run(
                ["git", "-C", str(self.root), "rev-parse", "--show-toplevel"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            inside = path.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
            if inside in self.dirty:
                return self._working_tree(host, path)
            shown = subprocess.run(
                ["git", "-C", str(self.root), "show", f"{self.commit}:{inside}"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            raise PushError(f"{host}: cannot run git to read the candidate: {exc}") from None
        if shown.returncode != 0:
            raise PushError(
                f"{host}: {relative} is not in commit {self.commit[:12]}, the plan's commit; "
                "plan the change again"
            )
        try:
            return shown.stdout.decode("utf-8")
        except UnicodeDecodeError:
            raise PushError(f"{host}: {relative} at {self.commit[:12]} is not UTF-8 text") from None

    @staticmethod
    def _working_tree(host: str, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PushError(f"{host}: cannot read the candidate {path}: {exc}") from None

    def load(self, host: str, sha256: str) -> str:
        """The candidate, checked against the plan's SHA-256.

        Raises:
            PushError: unreadable, or not the candidate the board approved.
        """
        text = self.text(host)
        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if actual != sha256:
            where = f"commit {self.commit[:12]}" if self.commit else "golden_configs/"
            raise PushError(
                f"{host}: the candidate in {where} hashes to {actual[:12]}, the plan approved "
                f"{sha256[:12]}: it is not the approved configuration; plan the change again"
            )
        return text
