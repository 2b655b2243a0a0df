"""Where an exec command's URL points on a device: a configuration, ``null:`` or a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citynet.lab.filesystem import split_url

if TYPE_CHECKING:
    from citynet.lab.device import LabDevice


def canonical_url(device: LabDevice, url: str) -> str | None:
    """``running-config``, ``startup-config``, ``null:`` or ``flash:/name``; None if unknown.

    ``system:``/``nvram:`` (or no file system) with an abbreviation of at least three
    letters names a configuration, as IOS reads ``run`` or ``nvram:start``.
    """
    lowered = url.lower()
    fs, path = split_url(lowered)
    if fs in ("", "system:", "nvram:"):
        for name in ("running-config", "startup-config"):
            if path and name.startswith(path) and len(path) >= 3:
                return name
        if fs == "" and path == "null:":
            return "null:"
        return None
    if fs == "null:":
        return "null:"
    if device.flash.owns(fs):
        return device.flash.name + "/" + split_url(url)[1]
    return None


def read_url(device: LabDevice, url: str) -> str | None:
    """The text at ``url`` on ``device``; None if there is nothing there."""
    canonical = canonical_url(device, url)
    if canonical == "running-config":
        return device.running_text()
    if canonical == "startup-config":
        return device.startup_text
    if canonical == "null:":
        return ""
    if canonical is None:
        return None
    data = device.flash.read(split_url(canonical)[1])
    return None if data is None else data.decode("utf-8", "replace")
