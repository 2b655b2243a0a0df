"""The target guard: no connection to an address outside the allowed ranges."""

from __future__ import annotations

from citynet.errors import TargetNotAllowedError
from citynet.workspace import Settings, target_allowed


def check_target(address: str, settings: Settings, host: str) -> None:
    """Refuse an address outside the allowed target ranges, before any packet is sent.

    Raises:
        TargetNotAllowedError: ``address`` is outside ``settings.allowed_targets``.
    """
    if not target_allowed(address, settings):
        ranges = ", ".join(str(n) for n in settings.allowed_targets)
        raise TargetNotAllowedError(
            f"{host}: refusing to connect to {address}: outside the allowed target ranges "
            f"({ranges}); a real deployment lists its management ranges under [safety] "
            "allowed_targets in citynet.toml"
        )
