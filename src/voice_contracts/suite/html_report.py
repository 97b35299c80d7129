"""A single-file HTML report a person opens from CI artifacts: no scripts, no fonts, no network."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from voice_contracts.suite.findings import Report
from voice_contracts.suite.junit import xml_safe
from voice_contracts.suite.report_files import write_report

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1b1b1b}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em}
.verdict{padding:.6em 1em;border-radius:6px;font-weight:600}
.pass{background:#e3f5e1;color:#1d5e1a}.fail{background:#fde4e1;color:#8a1c10}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}
td.ok{color:#1d5e1a;font-weight:600}td.bad{color:#8a1c10;font-weight:600}
.finding{border:1px solid #e0b4ad;border-radius:6px;padding:.6em 1em;margin:1em 0}
pre{background:#f4f4f4;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.meta{color:#555}
"""


def render_html(report: Report, *, error: str | None = None) -> str:
    """The report as one HTML document."""
    e = html.escape
    ok = report.passed and error is None
    verdict = (
        "PASSED: every promise held"
        if ok
        else ("CRASHED: the run did not finish" if error else f"FAILED: {len(report.findings)} broken promise(s)")
    )
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Contract report: {e(verdict)}</title><style>{_STYLE}</style></head><body>",
        "<h1>Voice API contract report</h1>",
        f"<p class='verdict {'pass' if ok else 'fail'}' id=verdict>{e(verdict)}</p>",
        "<p class=meta>"
        + " · ".join(
            [f"seed {e(str(report.seed))}", f"{report.elapsed:.1f}s"]
            + [f"{count} requests to the {e(server)} server" for server, count in sorted(report.requests.items())]
        )
        + "</p>",
    ]
    if error:
        parts.append(f"<h2>Crash</h2><pre>{e(error)}</pre>")
    for note in report.notes:
        parts.append(f"<p class=meta>⚠ {e(note)}</p>")
    parts.append("<h2>Operations</h2><table><tr><th>Operation</th><th>Server</th><th>Cases</th><th>Verdict</th></tr>")
    for run in report.operations:
        failed = any(f.operation.startswith(run.operation) for f in report.findings)
        state = "skipped: " + run.skipped if run.skipped else ("failed" if failed else "passed")
        css = "bad" if failed else "ok"
        parts.append(
            f"<tr><td>{e(run.operation)}</td><td>{e(run.base_url or '')}</td><td>{run.cases}</td>"
            f"<td class={css}>{e(state)}</td></tr>"
        )
    parts.append("</table><h2>Checks</h2>")
    by_operation: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for (operation, check), tally in sorted(report.checks.items()):
        by_operation[operation].append((check, tally.passed, tally.failed))
    parts.append(
        "<table><tr><th>Operation or flow</th><th>Check</th><th>Passed</th><th>Failed</th><th>Verdict</th></tr>"
    )
    for operation, rows in by_operation.items():
        for check, passed, failures in rows:
            css, word = ("bad", "failed") if failures else ("ok", "passed")
            parts.append(
                f"<tr><td>{e(operation)}</td><td>{e(check)}</td><td>{passed}</td><td>{failures}</td>"
                f"<td class={css}>{word}</td></tr>"
            )
    parts.append("</table>")
    if report.findings:
        parts.append("<h2>Broken promises</h2>")
    for number, finding in enumerate(report.findings, 1):
        seen = f" · {finding.count} cases" if finding.count > 1 else ""
        got = f"<p class=meta>got HTTP {finding.status}</p>" if finding.status is not None else ""
        parts.append(
            f"<div class=finding id=finding-{number}><h3>[{number}] {e(finding.operation)} — {e(finding.check)}</h3>"
            f"<p><b>{e(finding.title)}</b>{e(seen)}</p><pre>{e(finding.detail.strip())}</pre>"
            f"<p>Reproduce (export the credential variables first):</p><pre class=repro>{e(finding.reproduce)}</pre>"
            f"{got}</div>"
        )
    parts.append("</body></html>")
    return xml_safe("\n".join(parts))


def write_html(report: Report, path: Path, *, error: str | None = None) -> None:
    """Write the HTML report (through a temporary file, so an old report is never left behind)."""
    write_report(path, render_html(report, error=error).encode("utf-8"))
