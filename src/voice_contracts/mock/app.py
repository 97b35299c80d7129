"""The mock as a plain ASGI application: routing, request validation and error envelopes.

Plain ASGI rather than a framework keeps every error path (405, 413, 415, malformed JSON…)
in the vendor's envelope and keeps the per-request cost low for the benchmarks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

import orjson

from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock.audio import AUDIO_PREFIX, audio_path, render
from voice_contracts.mock.callbacks import CallbackSender
from voice_contracts.mock.envelopes import Envelopes, Reply
from voice_contracts.mock.faults import Fault, parse_fault
from voice_contracts.mock.limits import HttpLimits, guarded_protocol
from voice_contracts.mock.palabra import Palabra
from voice_contracts.mock.resemble import Resemble
from voice_contracts.mock.state import Store
from voice_contracts.settings import MockSettings
from voice_contracts.spec import Operation, Violation, load_spec

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Handler = Callable[[str, dict[str, str], Any, str], Awaitable[Reply]]

access_log = logging.getLogger("voice_contracts.mock.access")
error_log = logging.getLogger("voice_contracts.mock.errors")

# Faults that make the mock skip one piece of request validation.
_IGNORED_VIOLATIONS: dict[Fault, Callable[[Violation], bool]] = {
    Fault.PALABRA_ACCEPTS_BAD_LANG: lambda v: v.pointer == "/data/lang_code",
    Fault.RESEMBLE_ACCEPTS_MISSING_CALLBACK: lambda v: v.missing == "callback_uri",
}
# The fault that makes each vendor serve requests without credentials.
_IGNORES_AUTH: dict[str, Fault] = {"palabra": Fault.PALABRA_IGNORES_AUTH, "resemble": Fault.RESEMBLE_IGNORES_AUTH}


def _vendor(path: str) -> str:
    """Whose envelope answers a path: Resemble's lives under /api/, everything else is Palabra's."""
    return "resemble" if path.startswith("/api/") else "palabra"


class ResponseViolation(VoiceContractsError, AssertionError):
    """Raised (in self-validating mode) when the mock is about to send a body the spec forbids."""


def parse_json(raw: bytes) -> Any:
    """Parse a request body as strict RFC 8259 JSON; raises ValueError when it is not.

    orjson alone decides: it refuses what is not JSON although Python's ``json`` reads it
    (``NaN``, ``Infinity``, numbers that overflow to infinity like ``1e999``, lone surrogates such
    as ``"\\ud800"``, text that is not UTF-8), so no such value can reach the state or a reply.
    Integers beyond 64 bits come back as floats and meet schema validation like any number.
    """
    return orjson.loads(raw)


def printable_path(path: str) -> str:
    """``path`` with control and non-ASCII characters escaped, so that it cannot forge log lines."""
    if path.isascii() and path.isprintable() and " " not in path:
        return path
    return path.encode("unicode_escape").decode("ascii").replace(" ", "%20")


class MockApp:
    """The ASGI app serving both vendors' operations, their audio, and nothing else."""

    def __init__(self, settings: MockSettings | None = None) -> None:
        self.settings = settings or MockSettings.from_env()
        self.fault = parse_fault(self.settings.fault)
        self.spec = load_spec()
        self.store = Store(self.settings)
        self.sender = CallbackSender(
            attempts=self.settings.callback_attempts,
            timeout=self.settings.callback_timeout,
            backoff=self.settings.callback_backoff,
            max_pending=self.settings.callback_max_pending,
            per_host=self.settings.callback_per_host,
            max_connections=self.settings.callback_connections,
        )
        self.envelopes = {vendor: Envelopes(vendor, self.fault) for vendor in ("palabra", "resemble")}
        self.palabra = Palabra(self.settings, self.store, self.envelopes["palabra"])
        self.resemble = Resemble(self.settings, self.store, self.envelopes["resemble"], self.sender)
        self.handlers: dict[str, tuple[Handler, Callable[[Mapping[str, str]], bool]]] = {
            "regenerate_tts_sample": (self.palabra.regenerate, self.palabra.authorized),
            "update_clip": (self.resemble.update, self.resemble.authorized),
        }
        self.response_violations: list[str] = []
        self._body_validators = {
            op.operation_id: self.spec.validator(op.body_schema) for op in self.spec.operations.values()
        }
        # Read once: asking the logging tree on every request costs more than the rest of routing.
        self._log_requests = access_log.isEnabledFor(logging.INFO)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter() if self._log_requests else 0.0
        try:
            reply = await self._handle(scope, receive)
            body = reply.body()
        except Exception as exc:  # whatever went wrong, the client gets the vendor's envelope
            # Handlers change state only once their reply is ready, so this request changed nothing.
            error_log.exception("unexpected error serving %s %s", scope["method"], scope["path"])
            if self.settings.validate_responses:
                # A crash is a bug of the mock even though its 500 answer is in the envelope.
                self.response_violations.append(f"{scope['method']} {scope['path']}: {type(exc).__name__}")
            reply = self.envelopes[_vendor(scope["path"])].error(500, "The mock failed unexpectedly.", scope["path"])
            body = reply.body()
        headers = [(b"content-type", reply.content_type.encode()), (b"content-length", b"%d" % len(body))]
        if reply.headers:
            headers += [(name.encode(), value.encode()) for name, value in reply.headers]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
        if self._log_requests:
            # Only method, path and status: headers (credentials) and query strings never reach the log.
            elapsed = (time.perf_counter() - started) * 1000
            path = printable_path(scope["path"])
            access_log.info("%s %s %d %.1fms", scope["method"], path, reply.status, elapsed)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.sender.aclose(self.settings.grace_seconds)
                await send({"type": "lifespan.shutdown.complete"})
                return

    def server_options(self) -> dict[str, Any]:
        """uvicorn settings that enforce the mock's HTTP limits and shutdown grace."""
        settings = self.settings
        limits = HttpLimits(
            max_header_bytes=settings.max_header_bytes,
            header_timeout=settings.header_timeout,
            body_timeout=settings.body_timeout,
            max_connections=settings.max_connections,
            outgoing_connections=settings.callback_connections,
        )
        return {
            "http": guarded_protocol(limits, self.fault),
            "timeout_keep_alive": settings.keep_alive,
            "timeout_graceful_shutdown": settings.grace_seconds,
        }

    def base_url(self, scope: Scope) -> str:
        """Where audio links point: MOCK_PUBLIC_URL, else the address the server is bound to."""
        if self.settings.public_url:
            return self.settings.public_url
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"[{server[0]}]" if ":" in str(server[0]) else server[0]
        return f"http://{host}:{server[1]}"

    async def _handle(self, scope: Scope, receive: Receive) -> Reply:
        path: str = scope["path"]
        method: str = scope["method"]
        if path.startswith(AUDIO_PREFIX):
            return await self._audio(path, method)
        vendor = _vendor(path)
        envelopes = self.envelopes[vendor]
        operation, allowed, params = self.spec.operation_for(method, path)
        if operation is None:
            if allowed and self.fault != Fault.PALABRA_NO_405:
                reply = envelopes.error(405, f"{method} is not allowed here; use {', '.join(allowed)}.", path)
                reply.headers.append(("allow", ", ".join(allowed)))
                return reply
            return envelopes.error(404, f"Nothing is served at {path}.", path)

        # ASGI servers hand header names over in lower case already.
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        handler, authorized = self.handlers[operation.operation_id]
        if not authorized(headers) and self.fault is not _IGNORES_AUTH[vendor]:
            return envelopes.error(401, "Missing or invalid credentials.", path)
        raw = await self._read_body(headers, receive)
        if raw is None:
            reply = envelopes.error(413, f"The body is larger than {self.settings.max_body_bytes} bytes.", path)
            # The rest of the body may still be coming; closing is the only way not to read it.
            reply.headers.append(("connection", "close"))
            return reply
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            return envelopes.error(415, f"Send the body as application/json, not {media_type or 'nothing'!r}.", path)
        try:
            body = parse_json(raw)
        except (ValueError, RecursionError) as exc:
            return envelopes.error(400, f"The body is not valid JSON: {exc}", path)
        violations = self._violations(operation, body)
        if violations:
            first = violations[0]
            return envelopes.error(422, f"Invalid field {first.field}: {first.message}", path)
        reply = await handler(path, params, body, self.base_url(scope))
        if self.settings.validate_responses and not self.fault:
            self._self_check(operation, reply)
        return reply

    async def _read_body(self, headers: Mapping[str, str], receive: Receive) -> bytes | None:
        limit = self.settings.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return None
        message = await receive()
        if message["type"] != "http.request":
            return b""
        first: bytes = message.get("body", b"")
        if len(first) > limit:
            return None
        if not message.get("more_body", False):
            return first  # the usual case: the whole body in one message
        chunks = [first]
        size = len(first)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _violations(self, operation: Operation, body: Any) -> list[Violation]:
        violations = self._body_validators[operation.operation_id].violations(body)
        ignored = _IGNORED_VIOLATIONS.get(self.fault) if self.fault else None
        return [v for v in violations if not (ignored and ignored(v))]

    def _self_check(self, operation: Operation, reply: Reply) -> None:
        if reply.content_type != "application/json":
            self.response_violations.append(f"{operation.operation_id} {reply.status}: not JSON")
            return
        schema = operation.response_schema(reply.status)
        for violation in self.spec.validator(schema).violations(reply.payload):
            self.response_violations.append(f"{operation.operation_id} {reply.status}: {violation}")

    async def _audio(self, path: str, method: str) -> Reply:
        envelopes = self.envelopes["palabra"]
        if method not in {"GET", "HEAD"}:
            reply = envelopes.error(405, f"{method} is not allowed here; use GET.", path)
            reply.headers.append(("allow", "GET, HEAD"))
            return reply
        blob_id = path[len(AUDIO_PREFIX) :].rsplit(".", 1)[0]
        blob = self.store.blobs.get(blob_id)
        # A link whose extension does not name the blob's format is not a link the mock gave out.
        if blob is None or path != audio_path(blob_id, blob.media_type):
            return envelopes.error(404, "No audio is stored under this link (it was replaced or expired).", path)
        cache = self.store.audio_cache
        audio = cache.get(blob.request)
        if audio is None:
            # Rendering a long clip takes a while; keep the event loop free meanwhile.
            audio = await asyncio.to_thread(render, blob.request)
            cache.put(blob.request, audio)
        return Reply(200, raw=audio, content_type=blob.media_type)


def create_app(settings: MockSettings | None = None) -> MockApp:
    """Build the mock app from ``settings`` (by default, from the environment)."""
    return MockApp(settings)
