"""Every test here runs without sockets (a connection attempt fails the test)."""

from tests.device.support import no_sockets

__all__ = ["no_sockets"]
