"""``python -m citynet.lab.daemon STATE_DIR``: serve the planned lab until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from citynet.lab.control import serve


async def _main(state_dir: Path) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await serve(state_dir, os.environ, stop)


def main(argv: list[str] | None = None) -> int:
    """Run the lab daemon for the state directory given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m citynet.lab.daemon STATE_DIR", file=sys.stderr)
        return 2
    asyncio.run(_main(Path(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
