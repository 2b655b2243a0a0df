"""Show commands about the device's configurations and files: running, startup, archive, flash.

Unlike the other families these read the device's state beyond its running
configuration: the startup configuration, the archive and its rollback timer, the
file system.
"""

from __future__ import annotations

from citynet.ios.names import expand_interface
from citynet.lab import archive
from citynet.lab.config_engine import parse_config, render_node
from citynet.lab.shows.request import ShowOutput, ShowRequest
from citynet.lab.urls import read_url


def show_running_config(request: ShowRequest) -> str:
    """``show running-config`` (and ``... all``, the same here)."""
    return request.device.show_running()


def show_running_config_interface(request: ShowRequest) -> ShowOutput:
    """``show running-config interface NAME``: that interface's section."""
    name = expand_interface(" ".join(request.args))
    node = request.root.find(f"interface {name}") if name else None
    if node is None:
        return request.invalid(0)
    return request.device.show_running(render_node(node))


def show_startup_config(request: ShowRequest) -> str:
    """``show startup-config``."""
    text = request.device.startup_text
    return f"Using {len(text)} out of 33554432 bytes\n{text}"


def show_archive(request: ShowRequest) -> str:
    """``show archive``: the archive files, or that the feature is off."""
    return archive.show_archive(request.root, request.device.archive)


def show_archive_rollback_timer(request: ShowRequest) -> str:
    """``show archive config rollback timer``: the pending ``configure ... revert`` timer."""
    device = request.device
    return archive.show_rollback_timer(device.archive, device.seconds_per_minute)


def show_archive_differences(request: ShowRequest) -> ShowOutput:
    """``show archive config differences [BASE [NEW]]``.

    ``BASE`` defaults to the startup configuration and ``NEW`` to the running one.
    """
    device, files = request.device, request.args
    if len(files) > 2:
        return request.invalid(2)
    base_text = read_url(device, files[0]) if files else device.startup_text
    new_text = read_url(device, files[1]) if len(files) > 1 else device.running_text()
    if base_text is None or new_text is None:
        missing = files[0] if base_text is None else files[1]
        return f"%Error opening {missing} (No such file or directory)"
    base, _ = parse_config(base_text)
    new, _ = parse_config(new_text)
    return archive.contextual_diff(base, new)


def show_archive_incremental_diffs(request: ShowRequest) -> ShowOutput:
    """``show archive config incremental-diffs URL [ignorecase]``: what merging URL would add."""
    args = request.args
    if len(args) > 1 and not "ignorecase".startswith(args[1].lower()):
        return request.invalid(1)
    if len(args) > 2:
        return request.invalid(2)
    merge_text = read_url(request.device, args[0])
    if merge_text is None:
        return f"%Error opening {args[0]} (No such file or directory)"
    merge, _ = parse_config(merge_text)
    return archive.incremental_diff(request.root, merge)


def show_flash(request: ShowRequest) -> str:
    """``show flash:`` (or ``bootflash:``): the listing of the device's file system."""
    return request.device.flash.dir_listing("") or ""
