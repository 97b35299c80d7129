"""The contract suite: check any Palabra or Resemble server against openapi.yaml.

Schemathesis with every built-in check, our custom checks, hand-made probes (odd ids, malformed
bodies, near-miss values) and the flows no generic fuzzer covers (the callback and the lock).
``run_contract`` returns a ``Report``; it raises ``ServerUnreachable`` when a server cannot be reached.
"""

from voice_contracts.suite.budget import RequestCapReached
from voice_contracts.suite.findings import ContractViolation, Finding, Report, render_text
from voice_contracts.suite.html_report import render_html, write_html
from voice_contracts.suite.junit import write_junit
from voice_contracts.suite.options import Options, OptionsError, plan_lines
from voice_contracts.suite.runner import ServerUnreachable, run_contract

__all__ = [
    "ContractViolation",
    "Finding",
    "Options",
    "OptionsError",
    "Report",
    "RequestCapReached",
    "ServerUnreachable",
    "plan_lines",
    "render_html",
    "render_text",
    "run_contract",
    "write_html",
    "write_junit",
]
