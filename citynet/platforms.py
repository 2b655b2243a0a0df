"""The one Platform enum and explicit maps to other libraries' names.

As netutils' ``lib_mapper``: a plain dict per library, no guessing.
"""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    """Device operating systems citynet manages (Nornir platform names)."""

    CISCO_IOS = "cisco_ios"
    CISCO_IOSXE = "cisco_iosxe"


NETMIKO: dict[Platform, str] = {
    Platform.CISCO_IOS: "cisco_ios",
    Platform.CISCO_IOSXE: "cisco_xe",
}
NAPALM: dict[Platform, str] = {
    Platform.CISCO_IOS: "ios",
    Platform.CISCO_IOSXE: "ios",
}
SCRAPLI: dict[Platform, str] = {
    Platform.CISCO_IOS: "cisco_iosxe",
    Platform.CISCO_IOSXE: "cisco_iosxe",
}
GENIE: dict[Platform, str] = {
    Platform.CISCO_IOS: "ios",
    Platform.CISCO_IOSXE: "iosxe",
}
NTC_TEMPLATES: dict[Platform, str] = {
    Platform.CISCO_IOS: "cisco_ios",
    Platform.CISCO_IOSXE: "cisco_ios",
}
