"""JUnit XML stays well-formed whatever a configuration or a message holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from citynet.report.junit import Case, Suite, to_xml


def test_control_characters_are_shown_not_written_raw() -> None:
    xml = to_xml(
        [
            Suite(
                "drift",
                [
                    Case("r1\x01", "drift.A", failure="drifted\x1b[31m", details="banner\x00x\x7f"),
                    Case("r2", "drift.A", error="bad <byte> & \x0b"),
                ],
            )
        ]
    )
    root = ET.fromstring(xml.split("\n", 1)[1])
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "drifted\\x1b[31m"
    assert failure.text == "banner\\x00x\\x7f"
    error = root.find("./testsuite/testcase[@name='r2']/error")
    assert error is not None and error.get("message") == "bad <byte> & \\x0b"
