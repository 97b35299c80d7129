"""The Palabra lock: concurrent regenerations of one voice, at most one of them served at a time."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from voice_api_client.api.palabra import regenerate_tts_sample
from voice_api_client.errors import MalformedResponse, TransportError
from voice_api_client.models import RegenerateTTSSampleRequest
from voice_contracts.spec import load_spec
from voice_contracts.suite.budget import RequestCapReached, take_if_counting
from voice_contracts.suite.checks import verify_audio_metadata
from voice_contracts.suite.findings import ContractViolation, Finding
from voice_contracts.suite.flows import LOCK_FLOW, curl, generated_client
from voice_contracts.suite.reproduce import Secret


@dataclass
class PalabraFlowTarget:
    """Where and as whom the lock flow runs."""

    base_url: str
    headers: Mapping[str, str]
    voice_id: str
    requests: int
    secrets: tuple[Secret, ...] = ()


@dataclass(frozen=True)
class Attempt:
    """One regeneration request of the lock flow: when it ran and what came back."""

    started: float
    ended: float
    status: int
    body: Any


def lock_flow(target: PalabraFlowTarget) -> list[Finding]:
    """Fire concurrent regenerations of one voice; at most one may succeed at a time.

    Overlap is judged from the client's side, which a busy machine blurs: a server that queues
    the second request until the first is done looks like it served both at once. So overlapping
    successes are only reported when a second round shows them again.
    """
    url = load_spec().operations["regenerate_tts_sample"].url(target.base_url, voice_id=target.voice_id)
    body = {"data": {"lang_code": "en"}}
    command = " & ".join([curl("POST", url, target.headers, body, target.secrets)] * 2) + " & wait"
    attempts, errors = _fire_round(target, url, RegenerateTTSSampleRequest.from_dict(body))
    findings = _lock_findings(attempts, errors, command)
    if any(f.check == "lock_exclusive" for f in findings):
        try:
            again, _ = _fire_round(target, url, RegenerateTTSSampleRequest.from_dict(body))
        except RequestCapReached:
            again = attempts  # no budget to confirm: the first round's evidence stands
        if _overlap(again) is None:
            findings = [f for f in findings if f.check != "lock_exclusive"]
        attempts = again
    # The voice keeps only its latest sample, so only the last success's audio must still be there.
    successes = [a for a in attempts if a.status == 200 and isinstance(a.body, dict)]
    latest = max(successes, key=lambda a: a.ended).body if successes else None
    data = latest.get("data") if latest else None
    if isinstance(data, dict) and isinstance(data.get("url"), str) and isinstance(data.get("audio_metadata"), dict):
        try:
            verify_audio_metadata(data["url"], data["audio_metadata"])
        except ContractViolation as exc:
            title = "The sample's audio does not match audio_metadata"
            findings.append(
                Finding("regenerate_tts_sample", "palabra_audio_matches_metadata", title, str(exc), command)
            )
    return findings


def _fire_round(
    target: PalabraFlowTarget, url: str, request: RegenerateTTSSampleRequest
) -> tuple[list[Attempt], list[str]]:
    """Send ``target.requests`` regenerations at once (released together by a barrier)."""
    for _ in range(target.requests):
        take_if_counting(url)  # all or nothing: a flow cut short by the request cap proves nothing
    attempts: list[Attempt] = []
    errors: list[str] = []
    barrier = threading.Barrier(target.requests)
    guard = threading.Lock()

    def fire() -> None:
        with generated_client(target.base_url, target.headers, timeout=60) as client:
            try:
                barrier.wait(timeout=10)
                started = time.monotonic()
                try:
                    response = regenerate_tts_sample.sync_detailed(target.voice_id, client=client, body=request)
                    status, content = int(response.status_code), response.content
                except MalformedResponse as exc:
                    # Judged here by its status; the 403 check below then sees it is no envelope.
                    status, content = exc.status_code, exc.content
                ended = time.monotonic()
            except (TransportError, httpx.HTTPError, threading.BrokenBarrierError) as exc:
                with guard:
                    errors.append(repr(exc))
                return
        try:
            parsed = json.loads(content)
        except ValueError:
            parsed = None
        with guard:
            attempts.append(Attempt(started, ended, status, parsed))

    threads = [threading.Thread(target=fire, daemon=True) for _ in range(target.requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return attempts, errors


def _overlap(attempts: list[Attempt]) -> float | None:
    """How long two successful regenerations overlapped (seen from the client), if any did."""
    successes = sorted((a for a in attempts if a.status == 200), key=lambda a: a.started)
    for first, second in itertools.pairwise(successes):
        if second.started < first.ended:
            return first.ended - second.started
    return None


def _lock_findings(attempts: list[Attempt], errors: list[str], command: str) -> list[Finding]:
    operation = LOCK_FLOW
    findings = [
        Finding(
            operation, "lock_status", "A concurrent request failed", f"received {e} / documented 200 or 403", command
        )
        for e in errors
    ]
    spec = load_spec()
    envelope = spec.validator(spec.schema("PalabraErrorResponse"))
    for attempt in attempts:
        if attempt.status not in (200, 403):
            findings.append(
                Finding(
                    operation,
                    "lock_status",
                    "A concurrent regeneration got neither 200 nor 403",
                    f"received {attempt.status} {json.dumps(attempt.body)[:300]} / documented 403 (resource locked)",
                    command,
                )
            )
        elif attempt.status == 403 and not envelope.is_valid(attempt.body):
            findings.append(
                Finding(
                    operation,
                    "lock_status",
                    "The 403 lock answer is not the error envelope",
                    f"received {json.dumps(attempt.body)[:300]} / documented PalabraErrorResponse",
                    command,
                )
            )
    overlap = _overlap(attempts)
    if overlap is not None:
        findings.append(
            Finding(
                operation,
                "lock_exclusive",
                "Two overlapping regenerations of one voice both succeeded",
                f"received 200 twice for requests overlapping by {overlap:.3f}s / documented 403 for the second",
                command,
            )
        )
    return findings
