"""JUnit XML, as CI systems (GitHub Actions, GitLab CI, Jenkins) read it."""

from __future__ import annotations

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
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
