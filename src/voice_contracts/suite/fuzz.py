"""Run schemathesis (every built-in check plus ours) against one operation of one server."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis.engine import events, from_schema

from voice_contracts.spec import load_spec
from voice_contracts.suite.checks import reset_audio_budget  # importing registers the custom checks
from voice_contracts.suite.findings import Finding


@dataclass(frozen=True)
class FuzzTarget:
    """One operation to fuzz: where, with which credentials and which fixed values."""

    operation_id: str
    base_url: str
    headers: Mapping[str, str]
    path_parameters: Mapping[str, str]
    # Body properties pinned to one value, so that generated updates name a real voice and a
    # callback URL the suite receives, and can therefore succeed.
    pinned_body: Mapping[str, str]


def _document(target: FuzzTarget) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_spec().document)
    operation = load_spec().operations[target.operation_id]
    schema_ref = operation.raw["requestBody"]["content"]["application/json"]["schema"]
    name = schema_ref.get("title")
    if target.pinned_body and name in document["components"]["schemas"]:
        properties = document["components"]["schemas"][name]["properties"]
        for key, value in target.pinned_body.items():
            properties[key] = {**properties[key], "const": value}
    return document


def run_fuzz(
    target: FuzzTarget, *, max_examples: int, seed: int, rate_limit: str | None, workers: int = 1
) -> tuple[list[Finding], int]:
    """Fuzz one operation; return the findings and the number of generated cases sent."""
    settings: dict[str, Any] = {
        "base-url": target.base_url,
        "headers": dict(target.headers),
        "continue-on-failure": True,
        "seed": seed,
        "workers": workers,
        "generation": {"max-examples": max_examples},
        "parameters": dict(target.path_parameters),
        "request-timeout": 30,
        "output": {"sanitization": {"enabled": False}},
    }
    if rate_limit:
        settings["rate-limit"] = rate_limit
    config = schemathesis.Config.from_dict(settings)
    schema = schemathesis.openapi.from_dict(_document(target), config=config).include(operation_id=target.operation_id)
    reset_audio_budget()
    findings: list[Finding] = []
    cases = 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            recorder = event.recorder
            cases += len(recorder.cases)
            for nodes in recorder.checks.values():
                for node in nodes:
                    info = node.failure_info
                    if info is None:
                        continue
                    findings.append(
                        Finding(
                            operation=target.operation_id,
                            check=node.name,
                            title=info.failure.title,
                            detail=info.failure.message,
                            reproduce=info.code_sample,
                        )
                    )
        elif isinstance(event, events.NonFatalError):
            findings.append(
                Finding(
                    target.operation_id, "run_error", "The run hit an error", event.info.format(base_url_is_set=True)
                )
            )
        elif isinstance(event, events.FatalError):
            findings.append(Finding(target.operation_id, "run_error", "The run stopped", str(event.exception)))
    return findings, cases
