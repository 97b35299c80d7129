"""Resemble: PUT /api/v2/projects/{project_uuid}/clips/{clip_uuid} and the clip audio it links to."""

from __future__ import annotations

import asyncio
import hmac
from urllib.parse import parse_qs

from . import callbacks
from .asgi import (
    BodyTooLarge,
    Receive,
    Request,
    Send,
    is_json_media_type,
    parse_json,
    read_body,
    respond,
    respond_json,
)
from .state import State, now, rfc3339
from .uris import is_uri, loopback_http_target

_REQUIRED = ("body", "voice_uuid", "callback_uri")
_STRINGS = ("title", "body", "voice_uuid", "callback_uri")
_BOOLEANS = ("is_public", "is_archived", "include_timestamps")
_PRECISIONS = ("PCM_32", "PCM_16")
_SAMPLE_RATES = (16000, 22050, 44100)
_FORMATS = ("wav", "mp3")


async def fail(
    send: Send, request: Request, status: int, message: str, extra_headers: list[tuple[str, str]] | None = None
) -> None:
    # `error` is an extra property; the envelope only requires success and message.
    await respond_json(send, request, status, {"success": False, "message": message, "error": status}, extra_headers)


def _authorized(request: Request, token: str) -> bool:
    value = (request.header("authorization") or "").strip()
    scheme, _, rest = value.partition(" ")
    rest = rest.strip()
    if scheme.lower() == "bearer":
        given = rest
    elif scheme.lower() == "token" and rest.lower().startswith("token="):
        given = rest[len("token=") :].strip()
        if len(given) >= 2 and given[0] == given[-1] == '"':
            given = given[1:-1]  # auth-param values may be quoted-strings (RFC 9110 §11.2)
    else:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _sample_rate(value: object, lenient: bool) -> int | None:
    # JSON Schema counts 22050.0 as the integer 22050, and enum compares numbers by value.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    rate = int(value)
    return rate if lenient or rate in _SAMPLE_RATES else None


def problems(payload: object, lenient_rate: bool) -> list[str]:
    """Everything UpdateClipRequest rules out, one sentence per problem."""
    if not isinstance(payload, dict):
        return ["the body must be a JSON object"]
    found = [f"'{name}' is required" for name in _REQUIRED if name not in payload]
    found += [f"'{n}' must be a string" for n in _STRINGS if n in payload and not isinstance(payload[n], str)]
    found += [f"'{n}' must be true or false" for n in _BOOLEANS if n in payload and not isinstance(payload[n], bool)]
    uri = payload.get("callback_uri")
    if isinstance(uri, str) and not is_uri(uri):
        found.append("'callback_uri' must be an absolute URI")
    if "precision" in payload and payload["precision"] not in _PRECISIONS:
        found.append("'precision' must be PCM_32 or PCM_16")
    if "sample_rate" in payload and _sample_rate(payload["sample_rate"], lenient_rate) is None:
        found.append("'sample_rate' must be 16000, 22050 or 44100")
    if "output_format" in payload and payload["output_format"] not in _FORMATS:
        found.append("'output_format' must be wav or mp3")
    return found


async def update_clip(request: Request, receive: Receive, send: Send, state: State, project: str, clip_id: str) -> None:
    cfg = state.config
    if request.method != "PUT":
        await fail(send, request, 405, "This endpoint only accepts PUT.", [("Allow", "PUT")])
        return
    if not _authorized(request, cfg.resemble_token):
        await fail(send, request, 401, "Invalid or missing API token.", [("WWW-Authenticate", "Bearer")])
        return
    if not is_json_media_type(request.header("content-type")):
        await fail(send, request, 415, "Send the clip as application/json.")
        return
    try:
        raw = await read_body(receive, cfg.max_body_bytes)
    except BodyTooLarge:
        await fail(send, request, 413, "The request body is too large.")
        return
    ok, payload = parse_json(raw)
    if not raw.strip() or not ok:
        await fail(send, request, 400, "The request body is empty." if not raw.strip() else "Malformed JSON body.")
        return
    found = problems(payload, lenient_rate=state.variant == "resemble_accepts_any_sample_rate")
    if found or not isinstance(payload, dict):
        await fail(send, request, 400, "Invalid clip: " + "; ".join(found) + ".")
        return
    if not loopback_http_target(payload["callback_uri"]):
        # This double never calls out of the machine; refusing with an error is what `default` allows.
        await fail(send, request, 403, "callback_uri must be an http(s) URL on a loopback host for this server.")
        return
    clip = state.clip(project, clip_id)
    if "title" in payload:
        clip.title = payload["title"]  # an omitted title keeps the stored one
    clip.is_public = payload.get("is_public", clip.is_public)
    clip.is_archived = payload.get("is_archived", clip.is_archived)
    item = {
        "uuid": clip_id,
        "title": clip.title,
        "body": payload["body"],
        "voice_uuid": payload["voice_uuid"],
        "is_public": clip.is_public,
        "is_archived": clip.is_archived,
        "created_at": rfc3339(clip.created_at),
        "updated_at": rfc3339(now()),
        "project_uuid": project,
    }
    job = callbacks.Job(
        project=project,
        clip=clip_id,
        body=payload["body"],
        callback_uri=payload["callback_uri"],
        output_format=payload.get("output_format", "wav"),
        sample_rate=_sample_rate(payload.get("sample_rate", 22050), lenient=True) or 22050,
        precision=payload.get("precision", "PCM_16"),
        timestamps=payload.get("include_timestamps") is True,
        base_url=request.base_url(cfg.public_base_url),
    )
    await respond_json(send, request, 200, {"success": True, "item": item})
    # Started after the 200 is written, so the callback can never overtake the response.
    state.spawn(asyncio.get_running_loop().create_task(callbacks.run(state, job)))


async def serve_file(request: Request, send: Send, state: State, name: str) -> None:
    if request.method not in ("GET", "HEAD"):
        await fail(send, request, 405, "Clip audio is read with GET or HEAD.", [("Allow", "GET, HEAD")])
        return
    query = parse_qs(bytes(request.scope.get("query_string", b"")).decode("latin-1"))
    signed = hmac.compare_digest(query.get("sig", [""])[0].encode("utf-8"), state.sign(name).encode("utf-8"))
    found = state.store.get(name) if signed else None
    if found is None:
        await fail(send, request, 404, "Clip audio not found or expired.")
        return
    await respond(send, request, 200, found.data, found.mime_type)
