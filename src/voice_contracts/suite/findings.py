"""Findings (broken promises) and the reports made from them: text for people, JUnit for CI."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from voice_contracts.errors import VoiceContractsError


class ContractViolation(VoiceContractsError, AssertionError):
    """A server broke a documented promise: what it sent and what the spec documents.

    Raised by the custom schemathesis checks; schemathesis reports the message.
    """

    def __init__(self, received: str, documented: str) -> None:
        self.received = received
        self.documented = documented
        super().__init__(f"received {received} / documented {documented}")


@dataclass(frozen=True)
class Finding:
    """One broken promise, with a command that reproduces it."""

    operation: str
    check: str
    title: str
    detail: str
    reproduce: str = ""

    def key(self) -> tuple[str, str, str, str]:
        """Identity for de-duplication: same check, operation, title and first detail line."""
        return (self.operation, self.check, self.title, self.detail.strip().splitlines()[0] if self.detail else "")


@dataclass
class OperationRun:
    """What happened to one operation: tested, or skipped and why."""

    operation: str
    base_url: str | None
    cases: int = 0
    skipped: str | None = None


@dataclass
class Report:
    """The outcome of a contract run."""

    findings: list[Finding] = field(default_factory=list)
    operations: list[OperationRun] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        """True if and only if no promise is broken."""
        return not self.findings

    @property
    def failed_checks(self) -> set[str]:
        """Names of the checks with at least one finding."""
        return {finding.check for finding in self.findings}

    def add(self, findings: Iterable[Finding]) -> None:
        """Add findings, dropping any that repeat one already present."""
        seen = {finding.key() for finding in self.findings}
        for finding in findings:
            if finding.key() not in seen:
                seen.add(finding.key())
                self.findings.append(finding)


def redact(text: str, secrets: Mapping[str, str]) -> str:
    """Replace each secret value in ``text`` by a shell reference to the variable holding it."""
    for name, value in sorted(secrets.items(), key=lambda item: -len(item[1])):
        if value and len(value) >= 4:
            text = text.replace(value, f"${{{name}}}")
    # schemathesis masks some values itself; point at the variable instead of a dead placeholder.
    return text.replace("[Filtered]", "<secret>")


def render_text(report: Report) -> str:
    """The human report: one block per finding, then a summary."""
    lines: list[str] = []
    for run in report.operations:
        state = f"skipped: {run.skipped}" if run.skipped else f"{run.cases} generated cases against {run.base_url}"
        lines.append(f"- {run.operation}: {state}")
    for flow in report.flows:
        lines.append(f"- flow {flow}")
    lines.append("")
    for number, finding in enumerate(report.findings, 1):
        lines.append(f"[{number}] {finding.operation} — {finding.check}: {finding.title}")
        lines.extend(f"    {line}" for line in finding.detail.strip().splitlines())
        if finding.reproduce:
            lines.append("    reproduce:")
            lines.extend(f"      {line}" for line in finding.reproduce.strip().splitlines())
        lines.append("")
    verdict = "PASSED: no promise is broken" if report.passed else f"FAILED: {len(report.findings)} broken promise(s)"
    checks = ", ".join(sorted(report.failed_checks))
    lines.append(f"{verdict}{' (' + checks + ')' if checks else ''} in {report.elapsed:.1f}s")
    return "\n".join(lines)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_junit(report: Report, path: Path) -> None:
    """Write a JUnit XML file: one test case per operation and flow, one failure per finding."""
    suite = ET.Element("testsuite", name="voice-api-contract", tests="0", failures="0", time=f"{report.elapsed:.3f}")
    names = [run.operation for run in report.operations] + report.flows
    by_name: dict[str, list[Finding]] = {name: [] for name in names}
    for finding in report.findings:
        by_name.setdefault(finding.operation, []).append(finding)
    skipped = {run.operation: run.skipped for run in report.operations if run.skipped}
    for name, findings in by_name.items():
        case = ET.SubElement(suite, "testcase", classname="contract", name=name)
        if name in skipped:
            ET.SubElement(case, "skipped", message=skipped[name] or "")
        for finding in findings:
            failure = ET.SubElement(case, "failure", message=_CONTROL.sub("?", f"{finding.check}: {finding.title}"))
            failure.text = _CONTROL.sub("?", f"{finding.detail}\n\n{finding.reproduce}")
    suite.set("tests", str(len(by_name)))
    suite.set("failures", str(sum(1 for findings in by_name.values() if findings)))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
