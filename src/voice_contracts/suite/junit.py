"""JUnit XML for CI: one test case per (operation, check), passing ones included, one failure per finding."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

from voice_contracts.suite.findings import Report
from voice_contracts.suite.report_files import write_report

# Everything XML 1.0 forbids: C0 controls but tab, newline and return, lone surrogates, U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _FORBIDDEN.sub("\ufffd", text)


def write_junit(report: Report, path: Path, *, error: str | None = None) -> None:
    """Write the JUnit file; with ``error`` (a crashed run) one errored test case says why.

    The file is written to a temporary name first and then moved, so a run never leaves the
    previous run's file in place or a half-written one behind.
    """
    suite = ET.Element("testsuite", name="voice-api-contract", time=f"{report.elapsed:.3f}")
    tests = failures = errors = skipped = 0
    for run in report.operations:
        if run.skipped:
            case = ET.SubElement(suite, "testcase", classname=run.operation, name="all checks")
            ET.SubElement(case, "skipped", message=xml_safe(run.skipped))
            tests += 1
            skipped += 1
    for (operation, check), tally in sorted(report.checks.items()):
        case = ET.SubElement(suite, "testcase", classname=xml_safe(operation), name=xml_safe(check))
        tests += 1
        findings = [f for f in report.findings if (f.operation, f.check) == (operation, check)]
        ET.SubElement(case, "system-out").text = xml_safe(f"{tally.passed} passed, {tally.failed} failed")
        for finding in findings:
            cases = f" ({finding.count} cases)" if finding.count > 1 else ""
            failure = ET.SubElement(case, "failure", message=xml_safe(f"{finding.title}{cases}"))
            got = f"\n# got HTTP {finding.status}" if finding.status is not None else ""
            failure.text = xml_safe(f"{finding.detail}\n\n{finding.reproduce}{got}")
        failures += 1 if findings else 0
    if error is not None:
        case = ET.SubElement(suite, "testcase", classname="contract run", name="run")
        ET.SubElement(case, "error", message="the run crashed").text = xml_safe(error)
        tests += 1
        errors += 1
    for name, value in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", skipped)):
        suite.set(name, str(value))
    ET.indent(suite)
    write_report(path, ET.tostring(suite, encoding="utf-8", xml_declaration=True))
