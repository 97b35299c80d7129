"""Run schemathesis (every built-in check plus ours) against one operation of one server.

Two passes per operation. The positive pass pins the values a request needs to succeed (the seed
resources' ids, a voice that exists, a callback URL the suite receives). The negative pass uses
``openapi.yaml`` exactly as written, so a finding there means the spec forbids what was accepted.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from hypothesis.errors import HypothesisWarning
from schemathesis.engine import Status, events, from_schema
from schemathesis.engine.recorder import ScenarioRecorder

from voice_contracts.spec import load_spec
from voice_contracts.suite.budget import RequestCapReached
from voice_contracts.suite.checks import reset_audio_budget  # importing registers the custom checks
from voice_contracts.suite.findings import Finding, cause_of
from voice_contracts.suite.reproduce import Secret, SentRequest, curl_line, first_curl, redact, redact_single_quoted

FULL_PHASES = ("examples", "coverage", "fuzzing")
SMOKE_PHASES = ("examples",)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class FuzzTarget:
    """One operation to fuzz: where, with which credentials and which fixed values."""

    operation_id: str
    base_url: str
    headers: Mapping[str, str]
    path_parameters: Mapping[str, str]
    # Body properties pinned to one value in positive cases only, so that generated updates name a
    # real voice and a callback URL the suite receives, and can therefore succeed.
    pinned_body: Mapping[str, str]
    secrets: tuple[Secret, ...] = ()


@dataclass
class FuzzOutcome:
    """What one operation's fuzzing found, and how each check fared."""

    findings: list[Finding] = field(default_factory=list)
    cases: int = 0
    passes: dict[str, int] = field(default_factory=dict)
    capped: bool = False


def _document(target: FuzzTarget, *, pinned: bool) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_spec().document)
    if not pinned or not target.pinned_body:
        return document
    operation = load_spec().operations[target.operation_id]
    schema_ref = operation.raw["requestBody"]["content"]["application/json"]["schema"]
    name = schema_ref.get("title")
    if name in document["components"]["schemas"]:
        properties = document["components"]["schemas"][name]["properties"]
        for key, value in target.pinned_body.items():
            properties[key] = {**properties[key], "const": value}
    return document


def _settings(
    target: FuzzTarget,
    *,
    mode: str,
    max_examples: int,
    seed: int,
    rate_limit: str | None,
    workers: int,
    phases: Sequence[str],
    request_timeout: float,
) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "base-url": target.base_url,
        "headers": dict(target.headers),
        "continue-on-failure": True,
        "seed": seed,
        "workers": workers,
        # No example database: the same seed and options must send the same cases every run.
        "generation": {"max-examples": max_examples, "mode": mode, "database": "none"},
        "parameters": dict(target.path_parameters),
        "request-timeout": request_timeout,
        "output": {"sanitization": {"enabled": False}},
        "phases": {name: {"enabled": name in phases} for name in (*FULL_PHASES, "stateful")},
    }
    if rate_limit:
        settings["rate-limit"] = rate_limit
    return settings


def fuzz_operation(
    target: FuzzTarget,
    *,
    max_examples: int,
    seed: int,
    rate_limit: str | None,
    workers: int = 1,
    phases: Sequence[str] = FULL_PHASES,
    progress: Progress | None = None,
    request_timeout: float = 30.0,
) -> FuzzOutcome:
    """Fuzz one operation with positive, then negative cases; stop early once the request cap is spent."""
    outcome = FuzzOutcome()
    reset_audio_budget()
    for mode in ("positive", "negative"):
        if outcome.capped:
            break
        settings = _settings(
            target,
            mode=mode,
            max_examples=max_examples,
            seed=seed,
            rate_limit=rate_limit,
            workers=workers,
            phases=phases,
            request_timeout=request_timeout,
        )
        config = schemathesis.Config.from_dict(settings)
        document = _document(target, pinned=mode == "positive")
        schema = schemathesis.openapi.from_dict(document, config=config).include(operation_id=target.operation_id)
        with warnings.catch_warnings():
            # Hypothesis' hints about its own performance (a large repr of a big case) are not
            # findings; under ``-W error`` they would otherwise end a case as a run error.
            warnings.simplefilter("ignore", HypothesisWarning)
            _consume(from_schema(schema).execute(), target, mode, outcome, progress)
    return outcome


def run_fuzz(
    target: FuzzTarget, *, max_examples: int, seed: int, rate_limit: str | None, workers: int = 1
) -> tuple[list[Finding], int]:
    """Fuzz one operation; return the findings and the number of generated cases sent."""
    outcome = fuzz_operation(target, max_examples=max_examples, seed=seed, rate_limit=rate_limit, workers=workers)
    return outcome.findings, outcome.cases


def _consume(stream: Any, target: FuzzTarget, mode: str, outcome: FuzzOutcome, progress: Progress | None) -> None:
    for event in stream:
        if isinstance(event, events.PhaseStarted) and progress is not None and event.phase.name.value in FULL_PHASES:
            progress(f"{target.operation_id}: {mode} cases, {event.phase.name.value} phase")
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            _collect(event.recorder, target, outcome)
        elif isinstance(event, events.NonFatalError):
            if _is_cap(event.value):
                outcome.capped = True
                stream.stop()
                continue
            detail = redact_single_quoted(event.info.format(base_url_is_set=True), target.secrets)
            detail = redact(detail, target.secrets)
            if isinstance(event.value, requests.Timeout | requests.ConnectionError):
                # The server did not answer (or dropped the connection): a promise of its own.
                title = f"No answer from {target.base_url}"
                outcome.findings.append(
                    Finding(
                        target.operation_id,
                        "server_answers",
                        title,
                        detail,
                        first_curl(detail),
                        cause=type(event.value).__name__,
                    )
                )
                continue
            outcome.findings.append(
                Finding(
                    target.operation_id,
                    "run_error",
                    f"The run hit an error at {target.base_url}",
                    detail,
                    cause=f"{type(event.value).__name__}",
                )
            )
        elif isinstance(event, events.FatalError):
            if _is_cap(event.exception):
                outcome.capped = True
                continue
            detail = f"{type(event.exception).__name__}: {event.exception} (server {target.base_url})"
            outcome.findings.append(
                Finding(
                    target.operation_id,
                    "run_error",
                    "The run stopped",
                    redact(detail, target.secrets),
                    cause=type(event.exception).__name__,
                )
            )


def _is_cap(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, RequestCapReached):
            return True
        error = error.__cause__ or error.__context__
    return False


def _collect(recorder: ScenarioRecorder, target: FuzzTarget, outcome: FuzzOutcome) -> None:
    outcome.cases += sum(1 for case_id in recorder.cases if case_id in recorder.interactions)
    for case_id, nodes in recorder.checks.items():
        interaction = recorder.interactions.get(case_id)
        for node in nodes:
            if node.status == Status.SUCCESS:
                outcome.passes[node.name] = outcome.passes.get(node.name, 0) + 1
                continue
            info = node.failure_info
            if info is None:
                continue
            status = interaction.response.status_code if interaction and interaction.response else None
            status = getattr(info.failure, "status_code", None) or status
            if interaction is not None:
                request = interaction.request
                sent = SentRequest(
                    request.method,
                    request.uri,
                    tuple((name, values[0]) for name, values in request.headers.items() if values),
                    request.body,
                )
                reproduce = curl_line(sent, target.secrets)
            else:
                reproduce = redact(redact_single_quoted(info.code_sample, target.secrets), target.secrets)
            message = redact(info.failure.message, target.secrets)
            outcome.findings.append(
                Finding(
                    operation=target.operation_id,
                    check=node.name,
                    title=info.failure.title,
                    detail=message,
                    reproduce=reproduce,
                    status=status,
                    cause=cause_of(status, message),
                )
            )
