"""Findings (broken promises), the verdict of every check, and the text report made from them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from voice_contracts.suite.reproduce import redact

__all__ = ["CheckTally", "ContractViolation", "Finding", "OperationRun", "Report", "cause_of", "redact", "render_text"]

from voice_contracts.errors import VoiceContractsError


class ContractViolation(VoiceContractsError, AssertionError):
    """A server broke a documented promise: what it sent and what the spec documents.

    Raised by the custom schemathesis checks; schemathesis reports the message.
    """

    def __init__(self, received: str, documented: str) -> None:
        self.received = received
        self.documented = documented
        super().__init__(f"received {received} / documented {documented}")


_VALUES = re.compile(
    r"'[^']*'|\"[^\"]*\"|\b\d+(?:\.\d+)?s?\b|0x[0-9a-f]+|\b[0-9a-f]{8,}\b"
    r"|\b(?:GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS|TRACE|QUERY|CONNECT)\b"
)


def cause_of(status: int | None, text: str) -> str:
    """What a finding received, with the values that vary from case to case masked.

    Two findings with the same check, operation and cause are one broken promise.
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # schemathesis puts the distinguishing part of an accepted invalid input on this line.
    chosen = next((line for line in lines if line.startswith("Invalid component")), lines[0] if lines else "")
    # The status is left out: one wrong envelope flag on every error status is one cause, not five.
    del status
    return _VALUES.sub("…", chosen)


@dataclass(frozen=True)
class Finding:
    """One broken promise: where, which check, what was received, and a command that reproduces it."""

    operation: str
    check: str
    title: str
    detail: str
    reproduce: str = ""
    status: int | None = None
    cause: str = ""
    count: int = 1

    def key(self) -> tuple[str, str, str]:
        """Identity of the cause: check, operation and what was received."""
        return (self.operation, self.check, self.cause or cause_of(self.status, self.detail))


@dataclass
class CheckTally:
    """How often one check passed and failed on one operation (or flow)."""

    passed: int = 0
    failed: int = 0

    @property
    def verdict(self) -> str:
        """``failed`` if any case broke it, else ``passed``."""
        return "failed" if self.failed else "passed"


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
    checks: dict[tuple[str, str], CheckTally] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seed: int | None = None
    requests: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        """True if and only if no promise is broken."""
        return not self.findings

    @property
    def failed_checks(self) -> set[str]:
        """Names of the checks with at least one finding."""
        return {finding.check for finding in self.findings}

    def tally(self, operation: str, check: str, *, passed: int = 0, failed: int = 0) -> None:
        """Count passes and failures of ``check`` on ``operation``."""
        entry = self.checks.setdefault((operation, check), CheckTally())
        entry.passed += passed
        entry.failed += failed

    def add(self, findings: Iterable[Finding]) -> None:
        """Add findings; one with the cause of an earlier one adds to its count.

        The shortest reproduction of a cause is kept: it is the easiest one to read.
        """
        index = {finding.key(): number for number, finding in enumerate(self.findings)}
        for finding in findings:
            self.tally(finding.operation, finding.check, failed=finding.count)
            number = index.get(finding.key())
            if number is None:
                index[finding.key()] = len(self.findings)
                self.findings.append(finding)
                continue
            known = self.findings[number]
            shorter = finding if finding.reproduce and len(finding.reproduce) < len(known.reproduce) else known
            self.findings[number] = replace(shorter, count=known.count + finding.count)


def render_text(report: Report) -> str:
    """The human report: what ran, every check's verdict, one block per finding, a summary."""
    lines: list[str] = []
    if report.seed is not None:
        lines.append(f"seed: {report.seed}")
    for run in report.operations:
        state = f"skipped: {run.skipped}" if run.skipped else f"{run.cases} generated cases against {run.base_url}"
        lines.append(f"- {run.operation}: {state}")
    for flow in report.flows:
        lines.append(f"- flow {flow}")
    for server, count in sorted(report.requests.items()):
        lines.append(f"- {count} requests sent to {server}")
    lines.extend(f"! {note}" for note in report.notes)
    lines.append("")
    lines.append("Checks:")
    for (operation, check), entry in sorted(report.checks.items()):
        mark = "FAIL" if entry.failed else "ok  "
        lines.append(f"  {mark} {operation} / {check} ({entry.passed} passed, {entry.failed} failed)")
    lines.append("")
    for number, finding in enumerate(report.findings, 1):
        seen = f" — {finding.count} cases" if finding.count > 1 else ""
        lines.append(f"[{number}] {finding.operation} — {finding.check}: {finding.title}{seen}")
        lines.extend(f"    {line}" for line in finding.detail.strip().splitlines())
        if finding.reproduce:
            got = f" (got HTTP {finding.status})" if finding.status is not None else ""
            lines.append(f"    reproduce{got}:")
            lines.extend(f"      {line}" for line in finding.reproduce.strip().splitlines())
        lines.append("")
    verdict = "PASSED: no promise is broken" if report.passed else f"FAILED: {len(report.findings)} broken promise(s)"
    checks = ", ".join(sorted(report.failed_checks))
    lines.append(f"{verdict}{' (' + checks + ')' if checks else ''} in {report.elapsed:.1f}s")
    return "\n".join(lines)
