"""The contract suite: check any Palabra or Resemble server against openapi.yaml.

Schemathesis with every built-in check, our custom checks, and the flows no generic fuzzer
covers (the callback and the lock). ``run_contract`` returns a ``Report``.
"""

from voice_contracts.suite.findings import ContractViolation, Finding, Report, render_text, write_junit
from voice_contracts.suite.runner import Options, run_contract

__all__ = [
    "ContractViolation",
    "Finding",
    "Options",
    "Report",
    "render_text",
    "run_contract",
    "write_junit",
]
