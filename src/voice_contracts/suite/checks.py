"""Custom schemathesis checks: promises of the two documents that no generic check covers.

Each is a plain check function ``(ctx, response, case)``. Importing this module registers
them with schemathesis, so ``st run`` picks them up through ``schemathesis.toml``'s hooks.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import httpx
import schemathesis
from schemathesis import Case, CheckContext, Response

from voice_contracts.spec import load_spec
from voice_contracts.suite.audio_probe import AudioProbeError, probe
from voice_contracts.suite.findings import ContractViolation

PALABRA_OPERATION = "regenerate_tts_sample"
RESEMBLE_OPERATION = "update_clip"
# The formats strict_formats enforces (the only ones the spec uses).
STRICT_FORMATS = frozenset({"uuid", "uri", "date-time"})
# Audio downloads per process: enough to catch lying metadata, bounded so fuzzing stays fast.
MAX_AUDIO_DOWNLOADS = 8
DURATION_TOLERANCE = 0.15

_downloads = {"count": 0}


def _operation_id(case: Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def _json(response: Response) -> Any:
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


def _is_json(response: Response) -> bool:
    content_type = response.headers.get("content-type", [""])
    value = content_type[0] if isinstance(content_type, list) else str(content_type)
    return value.split(";")[0].strip().lower() == "application/json"


CheckFunction = Callable[[CheckContext, Response, Case[Any]], bool | None]


def guarded(operation: str | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Skip ``check`` on other operations, and turn any crash inside it into a finding.

    A skipped check returns True, which schemathesis records as neither a pass nor a failure, so
    reports do not claim that a Palabra check passed on a Resemble response. schemathesis reports
    a crashing check as a run error with a traceback; a server that makes our check crash has sent
    something the check did not expect, which is what a finding says, with the URL and the cause.
    """
    return functools.partial(_guard, operation)


def _guard(operation: str | None, check: CheckFunction) -> CheckFunction:
    @functools.wraps(check)
    def run(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        if operation is not None and _operation_id(case) != operation:
            return True
        try:
            return check(ctx, response, case)
        except AssertionError:
            raise
        except Exception as exc:
            url = getattr(response.request, "url", "?")
            raise ContractViolation(
                f"a response to {url} that the check could not read ({type(exc).__name__}: {exc})",
                "a response the check can judge",
            ) from exc

    return run


@schemathesis.check
@guarded(PALABRA_OPERATION)
def palabra_error_status_matches(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Each Palabra error item's ``status`` repeats the HTTP status of the response."""
    if _operation_id(case) != PALABRA_OPERATION or response.status_code < 400:
        return None
    body = _json(response)
    errors = body.get("errors") if isinstance(body, dict) else None
    for item in errors if isinstance(errors, list) else []:
        if isinstance(item, dict) and "status" in item and item["status"] != response.status_code:
            raise ContractViolation(
                f"errors[].status {item['status']!r} in a {response.status_code} response",
                f"the HTTP status, {response.status_code}",
            )
    return None


def _flag_follows_status(response: Response, key: str) -> None:
    """An envelope's boolean ``key`` is true for a success and false for an error."""
    body = _json(response)
    if not isinstance(body, dict) or key not in body:
        return
    expected = response.status_code < 400
    if body[key] is not expected:
        raise ContractViolation(
            f"{key}: {json.dumps(body[key])} with status {response.status_code}", f"{key}: {json.dumps(expected)}"
        )


@schemathesis.check
@guarded(PALABRA_OPERATION)
def palabra_ok_flag(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Palabra's optional ``ok`` is false on errors and true on success."""
    if _operation_id(case) == PALABRA_OPERATION:
        _flag_follows_status(response, "ok")
    return None


@schemathesis.check
@guarded(RESEMBLE_OPERATION)
def resemble_success_flag(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Resemble's ``success`` is false in every error envelope and true in a 200."""
    if _operation_id(case) == RESEMBLE_OPERATION:
        _flag_follows_status(response, "success")
    return None


@schemathesis.check
@guarded()
def strict_formats(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every ``uuid``, ``uri`` and ``date-time`` field in a JSON response has that format."""
    operation = load_spec().operations.get(_operation_id(case))
    if operation is None or not _is_json(response):
        return None
    body = _json(response)
    schema = operation.response_schema(response.status_code)
    for violation in load_spec().validator(schema).violations(body):
        if violation.format in STRICT_FORMATS:
            raise ContractViolation(f"{violation.field} = {violation.message}", "a value of that format")
    return None


@schemathesis.check
@guarded(RESEMBLE_OPERATION)
def resemble_item_echo(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A 200 to a clip update returns the clip as updated: the fields sent come back unchanged."""
    if _operation_id(case) != RESEMBLE_OPERATION or response.status_code != 200:
        return None
    body, sent = _json(response), case.body
    item = body.get("item") if isinstance(body, dict) else None
    if not isinstance(item, dict) or not isinstance(sent, dict):
        return None
    if item.get("uuid") != case.path_parameters.get("clip_uuid"):
        raise ContractViolation(f"item.uuid {item.get('uuid')!r}", f"the clip in the path, {case.path_parameters}")
    for name in ("title", "body", "voice_uuid", "is_public", "is_archived"):
        if name in sent and name in item and item[name] != sent[name]:
            raise ContractViolation(f"item.{name} = {item[name]!r}", f"the value sent, {sent[name]!r}")
    return None


@schemathesis.check
@guarded(PALABRA_OPERATION)
def palabra_audio_matches_metadata(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """The audio behind a regenerated sample's ``url`` is what ``audio_metadata`` says."""
    if _operation_id(case) != PALABRA_OPERATION or response.status_code != 200:
        return None
    if _downloads["count"] >= MAX_AUDIO_DOWNLOADS:
        return None
    body = _json(response)
    data = body.get("data") if isinstance(body, dict) else None
    meta = data.get("audio_metadata") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or not isinstance(data.get("url"), str):  # type: ignore[union-attr]
        return None
    _downloads["count"] += 1
    verify_audio_metadata(data["url"], meta)  # type: ignore[index]
    return None


def reset_audio_budget() -> None:
    """Allow ``MAX_AUDIO_DOWNLOADS`` more audio downloads (called at the start of each run)."""
    _downloads["count"] = 0


def verify_audio_metadata(url: str, meta: dict[str, Any]) -> None:
    """Download ``url`` and compare the audio with a Palabra ``audio_metadata`` object."""
    try:
        download = httpx.get(url, timeout=10.0, follow_redirects=True)
    except Exception as exc:
        # A malformed URL (a host label over 63 characters) raises UnicodeError, not an HTTPError.
        raise ContractViolation(
            f"no audio at url {url[:200]!r} ({type(exc).__name__}: {exc})", "a downloadable sample"
        ) from exc
    if download.status_code != 200:
        raise ContractViolation(f"HTTP {download.status_code} from the sample url", "the sample's audio")
    try:
        info = probe(download.content)
    except AudioProbeError as exc:
        raise ContractViolation(f"undecodable audio ({exc})", f"{meta.get('format')} audio") from exc
    duration = meta.get("duration")
    if isinstance(duration, int | float) and abs(info.duration - duration) > DURATION_TOLERANCE:
        raise ContractViolation(f"audio of {info.duration:.3f}s", f"audio_metadata.duration {duration}")
    if meta.get("format") not in (None, info.container):
        raise ContractViolation(f"a {info.container} file", f"audio_metadata.format {meta.get('format')!r}")
    if meta.get("codec") not in (None, info.codec):
        raise ContractViolation(f"codec {info.codec}", f"audio_metadata.codec {meta.get('codec')!r}")
