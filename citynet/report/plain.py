"""The plain writers every report builds on: JSON, CSV and an aligned text table."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any


def write_json(stream: IO[str], data: Any) -> None:
    json.dump(data, stream, indent=2, sort_keys=False)
    stream.write("\n")


def write_csv(stream: IO[str], columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    writer = csv.DictWriter(
        stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})


def write_table(stream: IO[str], columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    """A plain aligned text table.

    >>> import sys
    >>> write_table(sys.stdout, ("host", "tags"), [{"host": "r1", "tags": ["a", "b"]}])
    HOST  TAGS
    r1    a,b
    """
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    stream.write(
        "  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
    )
    stream.write("\n")
    for row in cells:
        stream.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        stream.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)
