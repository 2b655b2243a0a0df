"""JUnit XML, as CI systems (GitHub Actions, GitLab CI, Jenkins) read it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """One test case: passed unless it has a failure or an error."""

    name: str
    classname: str
    failure: str | None = None
    error: str | None = None
    details: str = ""
    skipped: str | None = None


@dataclass
class Suite:
    name: str
    cases: list[Case] = field(default_factory=list)


def to_xml(suites: list[Suite], name: str = "citynet") -> str:
    """Serialise suites as a ``<testsuites>`` document.

    >>> xml = to_xml([Suite("s", [Case("a", "c"), Case("b", "c", failure="bad")])])
    >>> print(xml.splitlines()[1][:60])
    <testsuites name="citynet" tests="2" failures="1" errors="0"
    >>> '<testcase name="b" classname="c"><failure message="bad" />' in xml
    True
    """
    import xml.etree.ElementTree as ET  # here, so that building the command line stays cheap

    root = ET.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in suites:
        failures = sum(1 for c in suite.cases if c.failure is not None)
        errors = sum(1 for c in suite.cases if c.error is not None)
        skipped = sum(1 for c in suite.cases if c.skipped is not None)
        element = ET.SubElement(
            root,
            "testsuite",
            name=suite.name,
            tests=str(len(suite.cases)),
            failures=str(failures),
            errors=str(errors),
            skipped=str(skipped),
        )
        for case in suite.cases:
            item = ET.SubElement(element, "testcase", name=case.name, classname=case.classname)
            for tag, message in (
                ("failure", case.failure),
                ("error", case.error),
                ("skipped", case.skipped),
            ):
                if message is not None:
                    child = ET.SubElement(item, tag, message=message)
                    if case.details:
                        child.text = case.details
        totals["tests"] += len(suite.cases)
        totals["failures"] += failures
        totals["errors"] += errors
    for key, value in totals.items():
        root.set(key, str(value))
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + _NOT_XML.sub(_visible, text)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all (a config or message may hold them)."""


def _visible(match: re.Match[str]) -> str:
    """A character XML cannot hold, written so a reader sees it: ``\\x01``."""
    return f"\\x{ord(match.group(0)):02x}"
