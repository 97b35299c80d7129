"""Receive Resemble's clip callbacks: validate each against the spec, match it, deduplicate it.

``CallbackApp`` is a plain ASGI app. Run it under any ASGI server or mount it in your own app
(Starlette ``Mount``, FastAPI ``app.mount``…); it answers ``POST <prefix>/<token>``. Each update
that wants a callback first calls ``expect()`` for a fresh unguessable token and sends
``callback_url(token)`` as its ``callback_uri``; ``wait(token, timeout)`` then returns the
validated payload. The app answers 2xx only to a valid callback for a known token; a redelivery of
a token that was already answered gets 200 again and is not recorded twice, so a sender that
retries after a lost answer stops retrying.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from voice_api_client.errors import ClientError, Violation
from voice_api_client.models import ClipCallbackPayload
from voice_contracts.client.validation import compiled, parse_json, violations_of
from voice_contracts.serving import Receive, Scope, Send, answer_lifespan, read_body
from voice_contracts.spec import load_spec

MAX_BODY_BYTES = 1024 * 1024
# Tokens already answered, remembered so that redeliveries still get their 200.
REMEMBERED_TOKENS = 10_000


class CallbackTimeout(ClientError, TimeoutError):
    """No valid callback for the update arrived before the deadline.

    ``rejected`` lists why deliveries for this token were refused (invalid body, wrong clip).
    """

    def __init__(self, token: str, timeout: float, rejected: list[str]) -> None:
        self.token = token
        self.rejected = rejected
        why = f"; rejected deliveries: {' | '.join(rejected)}" if rejected else ""
        super().__init__(f"no valid callback for token {token} within {timeout:g} s{why}")


class InvalidCallback(ClientError, ValueError):
    """A callback body that is not JSON or breaks the spec's ``ClipCallbackPayload`` schema.

    ``violations`` names each field, rule and value (empty when the body is not JSON).
    """

    def __init__(self, message: str, violations: tuple[Violation, ...] = ()) -> None:
        self.violations = violations
        super().__init__(message)


class CallbackConfigError(ClientError, ValueError):
    """The receiver cannot build callback URLs: it has no public URL."""


_VALIDATOR: Any = None


def _callback_validator() -> Any:
    global _VALIDATOR
    if _VALIDATOR is None:
        operation = load_spec().operations["update_clip"].callback_operation()
        if operation is None:  # pragma: no cover - the spec documents the callback
            raise CallbackConfigError("openapi.yaml documents no callback for update_clip")
        _VALIDATOR = compiled(operation["requestBody"]["content"]["application/json"]["schema"])
    return _VALIDATOR


def parse_callback(body: bytes | str | dict[str, Any]) -> ClipCallbackPayload:
    """A callback body (raw bytes or parsed JSON) checked against the spec, as the model.

    Use this instead of ``ClipCallbackPayload.from_dict`` in a receiver of your own: it raises
    ``InvalidCallback`` naming the field, where ``from_dict`` raises bare ``KeyError`` or quietly
    accepts wrong types.
    """
    if isinstance(body, bytes | str):
        try:
            data: Any = parse_json(body.encode() if isinstance(body, str) else body)
        except (ValueError, RecursionError) as exc:
            raise InvalidCallback(f"callback body is not JSON: {exc}") from exc
    else:
        data = body
    validator = _callback_validator()
    try:
        valid = validator.is_valid(data)
    except (ValueError, RecursionError) as exc:
        raise InvalidCallback(f"callback body cannot be validated: {exc}") from exc
    if not valid:
        found = violations_of(validator, data)
        raise InvalidCallback("; ".join(f"{v.field}: {v.rule} {v.value!r:.80}" for v in found[:3]), found)
    return ClipCallbackPayload.from_dict(data)


@dataclass
class _Expected:
    clip_uuid: str | None
    payload: ClipCallbackPayload | None = None
    rejected: list[str] = field(default_factory=list)


class CallbackApp:
    """The ASGI receiver of Resemble callbacks (see the module docstring).

    ``public_url`` is the URL at which Resemble reaches this app, prefix excluded (for example a
    tunnel's ``https://abc.ngrok.app``); it may be set later, once the server or tunnel is up.
    """

    def __init__(self, public_url: str | None = None, *, prefix: str = "/resemble/callbacks") -> None:
        self.public_url = public_url
        self.prefix = "/" + prefix.strip("/")
        self.redeliveries = 0
        self._expected: dict[str, _Expected] = {}
        self._answered: OrderedDict[str, None] = OrderedDict()
        self._changed = threading.Condition()

    # --- the side of the caller that sent the update ---------------------------------------------

    def expect(self, clip_uuid: str | None = None) -> str:
        """A new token to wait on; a callback whose ``id`` is not ``clip_uuid`` (if given) is refused."""
        token = secrets.token_urlsafe(18)
        with self._changed:
            self._expected[token] = _Expected(clip_uuid)
        return token

    def callback_url(self, token: str) -> str:
        """The ``callback_uri`` to send with the update that ``token`` stands for."""
        if not self.public_url:
            raise CallbackConfigError("set CallbackApp.public_url to where Resemble can reach this app")
        return f"{self.public_url.rstrip('/')}{self.prefix}/{token}"

    def wait(self, token: str, timeout: float) -> ClipCallbackPayload:
        """Block until the valid callback for ``token`` arrives; ``CallbackTimeout`` after ``timeout`` s."""
        with self._changed:
            self._changed.wait_for(lambda: self._payload(token) is not None, timeout)
            return self._take(token, timeout)

    async def wait_async(self, token: str, timeout: float) -> ClipCallbackPayload:
        """``wait`` without blocking the event loop (the wait runs in a worker thread)."""
        return await asyncio.to_thread(self.wait, token, timeout)

    def forget(self, token: str) -> None:
        """Stop expecting ``token`` (an update that failed before it was sent)."""
        with self._changed:
            self._expected.pop(token, None)

    def _payload(self, token: str) -> ClipCallbackPayload | None:
        expected = self._expected.get(token)
        return expected.payload if expected else None

    def _take(self, token: str, timeout: float) -> ClipCallbackPayload:
        expected = self._expected.pop(token, None)
        if expected is None or expected.payload is None:
            raise CallbackTimeout(token, timeout, expected.rejected if expected else [])
        return expected.payload

    # --- the ASGI side ------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await answer_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await read_body(receive, MAX_BODY_BYTES)
        status, answer = self.handle(scope["method"], scope["path"], body)
        data = json.dumps(answer).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    def handle(self, method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        """The status and JSON answer for one request (the ASGI wrapper only moves bytes)."""
        # Mounted under another app, the path may or may not still hold the mount point: only
        # what follows the prefix counts.
        _, marker, token = path.rpartition(self.prefix + "/")
        if not marker or not token or "/" in token:
            return 404, {"error": "not a callback path"}
        if method != "POST":
            return 405, {"error": "callbacks are POSTed"}
        if len(body) > MAX_BODY_BYTES:
            return 413, {"error": "body too large"}
        with self._changed:
            if token in self._answered or self._payload(token) is not None:
                self.redeliveries += 1
                return 200, {"received": True, "duplicate": True}
            expected = self._expected.get(token)
            if expected is None:
                return 404, {"error": "unknown callback token"}
            problem = self._problem(body, expected)
            if problem is not None:
                expected.rejected.append(problem)
                return 422, {"error": problem}
            self._answered[token] = None
            while len(self._answered) > REMEMBERED_TOKENS:
                self._answered.popitem(last=False)
            self._changed.notify_all()
        return 200, {"received": True}

    def _problem(self, body: bytes, expected: _Expected) -> str | None:
        """Why ``body`` is refused, or None after storing the validated payload in ``expected``."""
        try:
            payload = parse_callback(body)
        except InvalidCallback as exc:
            return str(exc)
        if expected.clip_uuid is not None and payload.id != expected.clip_uuid:
            return f"callback is for clip {payload.id!r}, the update was for {expected.clip_uuid!r}"
        expected.payload = payload
        return None
