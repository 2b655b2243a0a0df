"""Diagnostics: one problem found in the user's input, where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """A problem in a file, at a line, optionally about one host.

    >>> str(Diagnostic("inventory/hosts.yaml", 12, "duplicate host 'a'", "rename one"))
    "inventory/hosts.yaml:12: error: duplicate host 'a' (fix: rename one)"
    """

    file: str
    line: int | None
    message: str
    hint: str = ""
    host: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        host = f"[{self.host}] " if self.host else ""
        fix = f" (fix: {self.hint})" if self.hint else ""
        return f"{self.location}: {self.severity}: {host}{self.message}{fix}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "severity": str(self.severity),
            "host": self.host,
            "message": self.message,
            "hint": self.hint,
        }
