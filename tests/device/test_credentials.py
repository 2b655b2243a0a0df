"""Credentials come from the environment or a prompt; a missing one is a clear error."""

from __future__ import annotations

import pytest

from citynet.device.credentials import credentials_from_env
from citynet.errors import DeviceConnectionError


def test_credentials_come_from_the_environment() -> None:
    creds = credentials_from_env(
        {"CITYNET_USERNAME": "u", "CITYNET_PASSWORD": "p", "CITYNET_ENABLE_SECRET": "e"}
    )
    assert (creds.username, creds.password, creds.enable_secret) == ("u", "p", "e")


def test_the_enable_secret_defaults_to_the_password() -> None:
    creds = credentials_from_env({"CITYNET_USERNAME": "u", "CITYNET_PASSWORD": "pw"})
    assert creds.enable_secret == "pw"


def test_the_repr_never_shows_a_secret() -> None:
    creds = credentials_from_env({"CITYNET_USERNAME": "netops", "CITYNET_PASSWORD": "Hunter2"})
    assert "Hunter2" not in repr(creds) and "netops" in repr(creds)


def test_a_prompt_asks_only_for_what_the_environment_lacks() -> None:
    asked: list[str] = []

    def prompt(label: str) -> str:
        asked.append(label)
        return {"device password: ": "typed"}[label]

    creds = credentials_from_env({"CITYNET_USERNAME": "u"}, prompt=prompt)
    assert asked == ["device password: "]
    assert (creds.password, creds.enable_secret) == ("typed", "typed")


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "CITYNET_USERNAME"),
        ({"CITYNET_USERNAME": "u"}, "CITYNET_PASSWORD"),
        ({"CITYNET_USERNAME": "u", "CITYNET_PASSWORD": ""}, "CITYNET_PASSWORD"),
    ],
)
def test_a_missing_credential_names_its_variable(env: dict[str, str], missing: str) -> None:
    with pytest.raises(DeviceConnectionError, match=f"set {missing} in the environment"):
        credentials_from_env(env)


def test_an_empty_answer_at_the_prompt_is_still_missing() -> None:
    with pytest.raises(DeviceConnectionError, match="no device username"):
        credentials_from_env({}, prompt=lambda label: "")
