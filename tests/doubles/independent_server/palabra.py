"""Palabra: POST /saas/voice/m/{voice_id}/tts-sample and the sample files it links to."""

from __future__ import annotations

import asyncio
import hmac
import time
import uuid
from urllib.parse import parse_qs

from . import audio
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

# LangCodeExperimental, in the spec's order.
_LANGS = (
    "ar ar-ae ar-sa az be bg bs ca cs cy da de el en en-au en-ca en-gb en-us es es-mx es-co es-ar es-ch es-la "
    "et fi fil fr fr-ca gl he hi hr hu id is it ja kk ko lt lv mk ms nl no pl pt pt-br ro ru sk sl sr sv sw ta "
    "th tr uk ur vi zh zh-hans zh-hant auto ba bn eo eu fa ga ia mn mr mt ug yue"
)
LANG_CODES = frozenset(_LANGS.split())

_PHRASES = {
    "en": "The quick brown fox jumps over the lazy dog.",
    "de": "Franz jagt im komplett verwahrlosten Taxi quer durch Bayern.",
    "fr": "Portez ce vieux whisky au juge blond qui fume.",
    "es": "El veloz murciélago hindú comía feliz cardillo y kiwi.",
    "ja": "いろはにほへと ちりぬるを",
}
_SAMPLE_RATE = 24000  # the spec fixes none; 24 kHz makes every millisecond a whole number of frames

# error_code values of this double; the spec only says "an integer".
_CODES = {400: 40001, 401: 40101, 403: 40301, 404: 40401, 405: 40501, 413: 41301, 415: 41501, 422: 42201, 500: 50001}


def problem(state: State, status: int, kind: str, title: str, detail: str, instance: str) -> dict[str, object]:
    item: dict[str, object] = {
        "type": f"urn:x-independent-double:palabra:{kind}",
        "status": status,  # the spec: each item's status repeats the HTTP status
        "title": title,
        "detail": detail,
        "instance": instance,
        "error_code": _CODES.get(status, status * 100 + 99),
        "hint": "see the Palabra API reference",  # an extra property: objects are open
    }
    if state.variant == "palabra_error_item_without_code":
        del item["error_code"]
    return item


async def fail(
    send: Send,
    request: Request,
    state: State,
    status: int,
    items: list[dict[str, object]],
    extra_headers: list[tuple[str, str]] | None = None,
) -> None:
    # `ok` is optional on errors; leaving it out checks that clients do not rely on it.
    await respond_json(send, request, status, {"errors": items, "trace": uuid.uuid4().hex}, extra_headers)


async def fail_one(send: Send, request: Request, state: State, status: int, kind: str, title: str, detail: str) -> None:
    headers = [("WWW-Authenticate", 'Bearer realm="palabra"')] if status == 401 else None
    if status == 405:
        headers = [("Allow", "POST")]
    await fail(send, request, state, status, [problem(state, status, kind, title, detail, request.raw_path)], headers)


def _authorized(request: Request, state: State) -> bool:
    cfg = state.config

    def same(given: str | None, wanted: str) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8"), wanted.encode("utf-8"))

    authorization = request.header("authorization")
    scheme, _, token = (authorization or "").strip().partition(" ")
    bearer_ok = scheme.lower() == "bearer" and same(token.strip(), cfg.palabra_api_key)
    # The other security requirement needs both headers of the pair.
    client_id, client_secret = request.header("clientid"), request.header("clientsecret")
    pair_ok = same(client_id, cfg.palabra_client_id) and same(client_secret, cfg.palabra_client_secret)
    if cfg.reject_any_bad_credential:
        bearer_sent = authorization is not None
        pair_sent = client_id is not None or client_secret is not None
        return (bearer_sent or pair_sent) and bearer_ok == bearer_sent and pair_ok == pair_sent
    return bearer_ok or pair_ok


def _problems(payload: object) -> tuple[list[tuple[str, str]], str]:
    """Validation per RegenerateTTSSampleRequest: a list of (JSON pointer, message), and the lang."""
    if not isinstance(payload, dict):
        return [("", "the body must be a JSON object")], ""
    data = payload.get("data")
    if "data" not in payload:
        return [("/data", "the required property is missing")], ""
    if not isinstance(data, dict):
        return [("/data", "must be an object holding lang_code")], ""
    if "lang_code" not in data:
        return [("/data/lang_code", "the required property is missing")], ""
    lang = data["lang_code"]
    if not isinstance(lang, str):
        return [("/data/lang_code", "must be a string")], ""
    if lang not in LANG_CODES:
        return [("/data/lang_code", f"{lang!r} is not a supported language code")], ""
    return [], lang


async def regenerate(request: Request, receive: Receive, send: Send, state: State, voice_id: str) -> None:
    cfg = state.config
    if request.method != "POST":
        await fail_one(send, request, state, 405, "method-not-allowed", "Method not allowed", "Only POST is served.")
        return
    if not _authorized(request, state):
        detail = "Send ClientID and ClientSecret, or Authorization: Bearer <api key>."
        await fail_one(send, request, state, 401, "unauthorized", "Authentication failed", detail)
        return
    if cfg.known_voices is not None and voice_id not in cfg.known_voices | {cfg.voice_id}:
        await fail_one(send, request, state, 404, "voice-not-found", "Unknown voice", "The caller owns no such voice.")
        return
    if not is_json_media_type(request.header("content-type")):
        detail = "The request body must be sent as application/json."
        await fail_one(send, request, state, 415, "unsupported-media-type", "Unsupported media type", detail)
        return
    try:
        body = await read_body(receive, cfg.max_body_bytes)
    except BodyTooLarge:
        await fail_one(send, request, state, 413, "payload-too-large", "Payload too large", "The body is too big.")
        return
    ok, payload = parse_json(body)
    if not body.strip() or not ok:
        detail = "The request body is empty." if not body.strip() else "The request body is not valid JSON."
        await fail_one(send, request, state, 400, "malformed-body", "Malformed request", detail)
        return
    problems, lang = _problems(payload)
    if problems:
        title = "Request validation failed"
        items = [
            problem(state, 422, "invalid-body", title, f"{pointer or '/'}: {message}", request.raw_path)
            for pointer, message in problems
        ]
        await fail(send, request, state, 422, items)
        return
    if voice_id in state.busy_voices and state.variant != "palabra_lock_never_held":
        detail = f"A regeneration of voice {voice_id!r} is in progress; try again when it has finished."
        await fail_one(send, request, state, 403, "voice-locked", "Voice is locked", detail)
        return
    state.busy_voices.add(voice_id)
    try:
        started = time.monotonic()
        sample = await _synthesise(state, request, voice_id, lang)
        # Hold the lock for the configured time, as a real synthesis would.
        await asyncio.sleep(max(0.0, cfg.lock_seconds - (time.monotonic() - started)))
    finally:
        # Released before the 200 is sent: a client that waits for the answer may regenerate again.
        state.busy_voices.discard(voice_id)
    await respond_json(send, request, 200, {"ok": True, "data": sample, "served_by": "independent-double"})


async def _synthesise(state: State, request: Request, voice_id: str, lang: str) -> dict[str, object]:
    spoken = "en" if lang == "auto" else lang  # "auto" is resolved; the result is still an enum value
    content = _PHRASES.get(spoken.split("-")[0], f"This is a sample of the voice in {spoken}.")
    duration = round(min(6.0, 0.8 + 0.05 * len(content)), 3)
    frames = audio.frames_for(duration, _SAMPLE_RATE)
    if state.variant == "palabra_sample_duration_mismatch":
        frames *= 2
    blob_id = str(uuid.uuid4()).upper()  # upper-case hex is still a valid RFC 4122 uuid
    name = f"{blob_id}.wav"
    mime = "audio/x-wav"  # in both MIMEType and AllowedMIMEType, and rarer than audio/wav
    # Only the pure encoding runs in a worker thread; the store is touched on the loop alone.
    data = await asyncio.to_thread(audio.wav, frames, _SAMPLE_RATE)
    state.store.put(name, data, mime, ttl_seconds=24 * 3600)
    previous = state.voice_samples.get(voice_id)
    if previous is not None:
        state.store.discard(previous)  # the spec: earlier samples of the voice are discarded
    state.voice_samples[voice_id] = name
    base = request.base_url(state.config.public_base_url)
    url = f"{base}/saas/files/tts/{name}?sig={state.sign(name)}&expires={int(time.time()) + 86400}"
    # `description` is the one optional field; it is left out so clients must cope without it.
    return {
        "user_id": f"user-{state.sign('user')[:10]}",
        "blob_id": blob_id,
        "url": url,
        "audio_metadata": {
            "format": "wav",
            "codec": "pcm_s16le",
            "duration": duration,
            "mime_type": mime,
            "sample_rate": _SAMPLE_RATE,
            "channels": 1,
        },
        "text": {"content": content, "lang": spoken},
        "model": "independent-tts-2",
        "filename": f"tts-{spoken}-{blob_id[:8].lower()}.wav",
        "mime_type": mime,
        "display_name": f"TTS sample ({spoken})",
        "utc_created_at": rfc3339(now()),
        "voice_id": voice_id,
    }


async def serve_file(request: Request, send: Send, state: State, name: str) -> None:
    if request.method not in ("GET", "HEAD"):
        detail = "Sample files are read with GET or HEAD."
        items = [problem(state, 405, "method-not-allowed", "Method not allowed", detail, request.raw_path)]
        await fail(send, request, state, 405, items, [("Allow", "GET, HEAD")])
        return
    query = parse_qs(bytes(request.scope.get("query_string", b"")).decode("latin-1"))
    signed = hmac.compare_digest(query.get("sig", [""])[0].encode("utf-8"), state.sign(name).encode("utf-8"))
    found = state.store.get(name) if signed else None
    if found is None:
        detail = "No such sample, or it was replaced by a newer regeneration."
        await fail_one(send, request, state, 404, "sample-not-found", "Sample not found", detail)
        return
    await respond(send, request, 200, found.data, found.mime_type)
