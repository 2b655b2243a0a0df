"""Device credentials: from the environment or a terminal prompt, never from the inventory."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from citynet.errors import DeviceConnectionError

ENVIRONMENT = (
    ("CITYNET_USERNAME", "username"),
    ("CITYNET_PASSWORD", "password"),
    ("CITYNET_ENABLE_SECRET", "enable secret"),
)
"""The variables read, in order, with the label a prompt and an error use."""


@dataclass(frozen=True)
class Credentials:
    """What citynet logs in with.

    >>> Credentials("netops", "s3cret", "en4ble")
    Credentials(username='netops', password=***, enable_secret=***)
    """

    username: str
    password: str
    enable_secret: str

    def __repr__(self) -> str:  # never print a password, even in a traceback
        return f"Credentials(username={self.username!r}, password=***, enable_secret=***)"


def credentials_from_env(
    env: Mapping[str, str], prompt: Callable[[str], str] | None = None
) -> Credentials:
    """``CITYNET_USERNAME`` / ``CITYNET_PASSWORD`` / ``CITYNET_ENABLE_SECRET`` (or a prompt).

    The enable secret defaults to the password. A value the environment does not
    give is asked for with ``prompt`` when there is one (a terminal).

    Raises:
        DeviceConnectionError: a credential is missing and there is no prompt.
    """
    values: dict[str, str] = {}
    for key, label in ENVIRONMENT:
        value = env.get(key, "")
        if not value and key == "CITYNET_ENABLE_SECRET":
            value = values.get("CITYNET_PASSWORD", "")
        if not value and prompt is not None:
            value = prompt(f"device {label}: ")
        if not value:
            raise DeviceConnectionError(
                f"no device {label}: set {key} in the environment (credentials are never "
                "kept in the inventory)"
            )
        values[key] = value
    return Credentials(
        values["CITYNET_USERNAME"], values["CITYNET_PASSWORD"], values["CITYNET_ENABLE_SECRET"]
    )
