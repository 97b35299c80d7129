"""Promises that take more than one request: the Resemble callback here, the Palabra lock in ``lock_flow``."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from voice_api_client import AuthenticatedClient
from voice_api_client.api.resemble import update_clip
from voice_api_client.errors import MalformedResponse, TransportError
from voice_api_client.models import UpdateClipRequest
from voice_contracts.spec import load_spec
from voice_contracts.suite.audio_probe import AudioProbeError, probe
from voice_contracts.suite.budget import take_if_counting
from voice_contracts.suite.findings import Finding
from voice_contracts.suite.receiver import CallbackReceiver, Delivery
from voice_contracts.suite.reproduce import Secret, SentRequest, curl_line

TIMING_TOLERANCE = 0.15
CALLBACK_FLOW = "update_clip callback"
LOCK_FLOW = "regenerate_tts_sample lock"
# The checks each flow runs, so that a report lists the ones that held as well.
FLOW_CHECKS = {
    CALLBACK_FLOW: (
        "callback_delivered",
        "callback_schema",
        "callback_timestamps_presence",
        "callback_ids",
        "callback_audio",
        "callback_timestamps_timing",
    ),
    LOCK_FLOW: ("lock_status", "lock_exclusive"),
}


def generated_client(base_url: str, headers: Mapping[str, str], timeout: float = 30) -> AuthenticatedClient:
    """The generated client sending exactly ``headers`` (whatever the auth scheme), no retries.

    The flows send through it so that ``voice-contracts check`` also exercises the client: what
    it refuses as off-spec arrives as ``MalformedResponse``, with the status and body kept.
    """
    first, *rest = headers.items()
    name, value = first
    return AuthenticatedClient(
        base_url=base_url,
        token=value,
        prefix="",
        auth_header_name=name,
        headers=dict(rest),
        timeout=httpx.Timeout(timeout),
    )


def curl(method: str, url: str, headers: Mapping[str, str], body: Any, secrets: tuple[Secret, ...] = ()) -> str:
    """A curl command that sends this request again (httpx's JSON encoding, byte for byte)."""
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    sent = SentRequest(method, url, (*headers.items(), ("Content-Type", "application/json")), content)
    return curl_line(sent, secrets)


@dataclass(frozen=True)
class CallbackVariant:
    """One clip update of the callback flow and what its callback must look like."""

    name: str
    settings: Mapping[str, Any]

    @property
    def wants_timestamps(self) -> bool:
        """Whether the update asked for ``audio_timestamps``."""
        return self.settings.get("include_timestamps") is True


CALLBACK_VARIANTS = (
    CallbackVariant("mp3-16k-timestamps", {"output_format": "mp3", "sample_rate": 16000, "include_timestamps": True}),
    CallbackVariant(
        "wav-44k-pcm32-no-timestamps",
        {"output_format": "wav", "sample_rate": 44100, "precision": "PCM_32", "include_timestamps": False},
    ),
    CallbackVariant("wav-defaults", {"precision": "PCM_16"}),
)


@dataclass
class ResembleFlowTarget:
    """Where and as whom the callback flow runs."""

    base_url: str
    headers: Mapping[str, str]
    project_uuid: str
    clip_uuid: str
    voice_uuid: str
    callback_base: str
    timeout: float
    secrets: tuple[Secret, ...] = ()


def callback_flow(target: ResembleFlowTarget, receiver: CallbackReceiver) -> list[Finding]:
    """Update the clip once per variant, then check each callback that comes back.

    All updates are sent first and their callbacks awaited together, so a server that never
    calls back costs one timeout, not one per variant.
    """
    findings: list[Finding] = []
    url = (
        load_spec()
        .operations["update_clip"]
        .url(target.base_url, project_uuid=target.project_uuid, clip_uuid=target.clip_uuid)
    )
    awaited: list[tuple[CallbackVariant, str, str]] = []
    for _ in CALLBACK_VARIANTS:
        take_if_counting(url)  # all or nothing: a flow cut short by the request cap proves nothing
    for variant in CALLBACK_VARIANTS:
        token = f"{variant.name}-{uuid.uuid4().hex[:8]}"
        body = {
            "title": f"contract {variant.name}",
            "body": "Checking the callback contract.",
            "voice_uuid": target.voice_uuid,
            "is_public": False,
            "is_archived": False,
            "callback_uri": f"{target.callback_base}/callbacks/{token}",
            **variant.settings,
        }
        command = curl("PUT", url, target.headers, body, target.secrets)
        operation = CALLBACK_FLOW
        try:
            with generated_client(target.base_url, target.headers) as client:
                response = update_clip.sync_detailed(
                    target.project_uuid, target.clip_uuid, client=client, body=UpdateClipRequest.from_dict(body)
                )
            status, text = int(response.status_code), response.content.decode("utf-8", "replace")
        except MalformedResponse as exc:
            # Off-spec answers are judged on their status here; the fuzzing checks judge their shape.
            status, text = exc.status_code, exc.content.decode("utf-8", "replace")
        except (TransportError, httpx.HTTPError) as exc:
            detail = f"received {exc!r} / documented 200"
            findings.append(
                Finding(operation, "callback_delivered", f"[{variant.name}] The update failed", detail, command)
            )
            continue
        if status != 200:
            detail = f"received {status} {text[:300]} / documented 200 and a callback"
            findings.append(
                Finding(
                    operation,
                    "callback_delivered",
                    f"[{variant.name}] The update was not accepted",
                    detail,
                    command,
                    status,
                )
            )
            continue
        awaited.append((variant, token, command))
    deadline = time.monotonic() + target.timeout
    for variant, token, command in awaited:
        operation = CALLBACK_FLOW
        deliveries = receiver.wait(token, max(0.0, deadline - time.monotonic()))
        if not deliveries:
            detail = f"received nothing within {target.timeout:.0f}s / documented a POST to callback_uri"
            findings.append(
                Finding(operation, "callback_delivered", f"[{variant.name}] No callback arrived", detail, command)
            )
            continue
        for check, title, detail in inspect_callback(deliveries[0], variant, target):
            findings.append(Finding(operation, check, f"[{variant.name}] {title}", detail, command))
    return findings


def inspect_callback(
    delivery: Delivery, variant: CallbackVariant, target: ResembleFlowTarget
) -> list[tuple[str, str, str]]:
    """Problems with one delivered callback, as (check, title, detail) triples."""
    payload = delivery.payload
    problems: list[tuple[str, str, str]] = []
    spec = load_spec()
    for violation in spec.validator(spec.schema("ClipCallbackPayload")).violations(payload):
        problems.append(
            (
                "callback_schema",
                "The callback payload breaks ClipCallbackPayload",
                f"received {violation} / documented ClipCallbackPayload",
            )
        )
    if not isinstance(payload, dict):
        return problems
    has_timestamps = "audio_timestamps" in payload
    if has_timestamps != variant.wants_timestamps:
        problems.append(
            (
                "callback_timestamps_presence",
                "audio_timestamps presence does not follow include_timestamps",
                f"received audio_timestamps {'present' if has_timestamps else 'absent'} / documented "
                f"{'present' if variant.wants_timestamps else 'absent'} for include_timestamps="
                f"{json.dumps(variant.settings.get('include_timestamps'))}",
            )
        )
    for key, expected in (("id", target.clip_uuid), ("project_id", target.project_uuid)):
        if payload.get(key) != expected:
            problems.append(
                (
                    "callback_ids",
                    f"The callback's {key} is wrong",
                    f"received {payload.get(key)!r} / documented {expected!r}",
                )
            )
    audio_url = payload.get("url")
    duration: float | None = None
    if isinstance(audio_url, str):
        problem, duration = _check_audio(audio_url, variant)
        if problem:
            problems.append(("callback_audio", "The callback's audio does not match the request", problem))
    stamps = payload.get("audio_timestamps")
    if isinstance(stamps, dict):
        problems += [
            ("callback_timestamps_timing", "The timestamps do not match the audio", detail)
            for detail in _timing_problems(stamps, duration)
        ]
    return problems


def _check_audio(url: str, variant: CallbackVariant) -> tuple[str | None, float | None]:
    try:
        response = httpx.get(url, timeout=30, follow_redirects=True)
    except Exception as exc:
        # A malformed URL (a host label over 63 characters) raises UnicodeError, not an HTTPError.
        return (
            f"received {type(exc).__name__} fetching {url[:200]!r}: {exc} / documented audio for one hour",
            None,
        )
    if response.status_code != 200:
        return f"received HTTP {response.status_code} fetching url / documented audio for one hour", None
    try:
        info = probe(response.content)
    except AudioProbeError as exc:
        return f"received undecodable audio ({exc}) / documented {variant.settings.get('output_format', 'wav')}", None
    wanted_format = variant.settings.get("output_format")
    if wanted_format and info.container != wanted_format:
        return f"received a {info.container} file / documented output_format {wanted_format}", info.duration
    wanted_rate = variant.settings.get("sample_rate")
    if wanted_rate and info.sample_rate != wanted_rate:
        return f"received {info.sample_rate} Hz / documented sample_rate {wanted_rate}", info.duration
    bits = {"PCM_16": 16, "PCM_32": 32}.get(variant.settings.get("precision", ""))
    if info.container == "wav" and bits and info.bits_per_sample != bits:
        return (
            f"received {info.bits_per_sample}-bit PCM / documented precision {variant.settings['precision']}",
            info.duration,
        )
    return None, info.duration


def _timing_problems(stamps: dict[str, Any], duration: float | None) -> list[str]:
    problems: list[str] = []
    for chars_key, times_key in (("graph_chars", "graph_times"), ("phon_chars", "phon_times")):
        chars, times = stamps.get(chars_key), stamps.get(times_key)
        if not isinstance(chars, list) or not isinstance(times, list):
            continue
        if len(chars) != len(times):
            problems.append(
                f"received {len(times)} {times_key} for {len(chars)} {chars_key} / documented one span each"
            )
        previous = 0.0
        for span in times:
            if not (isinstance(span, list) and len(span) == 2 and all(isinstance(t, int | float) for t in span)):
                continue
            start, end = span
            if start < 0 or end < start or start < previous - 1e-9:
                problems.append(
                    f"received {times_key} span {span} after {previous} / documented ordered [start, end] spans"
                )
                break
            if duration is not None and end > duration + TIMING_TOLERANCE:
                problems.append(f"received {times_key} span ending at {end}s / documented audio of {duration:.3f}s")
                break
            previous = start
    return problems
