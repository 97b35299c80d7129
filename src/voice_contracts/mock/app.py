"""The mock as a plain ASGI application: routing, request validation and error envelopes.

Plain ASGI rather than a framework keeps every error path (405, 413, 415, malformed JSON…)
in the vendor's envelope. The same logic also answers synchronously (``respond_now``) for the
server's direct path, which serves most requests without an ASGI task (``mock/direct.py``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import orjson

from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock.audio import AUDIO_PREFIX, audio_path, render
from voice_contracts.mock.callbacks import CallbackSender
from voice_contracts.mock.direct import direct_protocol
from voice_contracts.mock.envelopes import Envelopes
from voice_contracts.mock.faults import Fault, parse_fault
from voice_contracts.mock.limits import HttpLimits, guarded_protocol
from voice_contracts.mock.palabra import Palabra
from voice_contracts.mock.replies import Answered, HeadAnswer, Later, Reply
from voice_contracts.mock.resemble import Resemble
from voice_contracts.mock.state import Blob, Store
from voice_contracts.serving import Receive, Scope, Send, read_body
from voice_contracts.settings import MockSettings
from voice_contracts.spec import Operation, Violation, load_spec

Answer = Reply | Later
# The address a server is bound to, as ASGI's scope gives it.
Address = tuple[str, int | None] | None
Handler = Callable[[str, dict[str, str], Any, str], Answer]

# Routing results kept per (method, path) before the cache starts over.
MAX_ROUTES = 4096

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


class _Call(NamedTuple):
    """A request routed to an operation and authorized, its body not yet read."""

    operation: Operation
    params: dict[str, str]
    handler: Handler
    envelopes: Envelopes


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
        self._routes: dict[tuple[str, str], tuple[Operation | None, list[str], dict[str, str]]] = {}
        # Read once: asking the logging tree on every request costs more than the rest of routing.
        self._log_requests = access_log.isEnabledFor(logging.INFO)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter() if self._log_requests else 0.0
        method, path = scope["method"], scope["path"]
        try:
            reply = await self._handle(scope, receive)
            body = reply.body()
        except Exception as exc:  # whatever went wrong, the client gets the vendor's envelope
            reply = self._crashed(method, path, exc)
            body = reply.body()
        headers = [(b"content-type", reply.content_type.encode()), (b"content-length", b"%d" % len(body))]
        if reply.headers:
            headers += [(name.encode(), value.encode()) for name, value in reply.headers]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
        if self._log_requests:
            self._log_request(method, path, reply.status, started)

    def respond_now(self, method: str, path: str, headers: dict[str, str], server: Address) -> HeadAnswer:
        """Answer a request from its head, without awaiting, for the server's direct path.

        ``mock/direct.py`` calls this as soon as a small request's headers are in; the ASGI
        ``__call__`` serves the rest. What comes back (``replies.HeadAnswer``): the reply when the
        body cannot change it (401, 404, 405, audio), as the ASGI path answers before reading the
        body; a function that takes the body and gives the reply; or ``None`` when the request
        needs to await. Either ``None`` comes before anything changed, so the request can be
        served again through ASGI. ``headers`` have lower-case names.
        """
        started = time.perf_counter() if self._log_requests else 0.0
        try:
            answer = self._dispatch(method, path, headers)
        except Exception as exc:  # as in __call__: the client gets the vendor's envelope
            answer = self._crashed(method, path, exc)
        if isinstance(answer, _Call):
            return functools.partial(self._respond_with_body, answer, method, path, headers, server, started)
        return self._ready(method, path, answer, started)

    def _respond_with_body(
        self,
        call: _Call,
        method: str,
        path: str,
        headers: dict[str, str],
        server: Address,
        started: float,
        body: bytes,
    ) -> Answered | None:
        """The rest of ``respond_now``, once the whole body is in."""
        try:
            raw = body if len(body) <= self.settings.max_body_bytes else None
            answer = self._complete(call, path, headers, raw, self.base_url(server))
        except Exception as exc:
            answer = self._crashed(method, path, exc)
        return self._ready(method, path, answer, started)

    def _ready(self, method: str, path: str, answer: Answer, started: float) -> Answered | None:
        """``answer`` serialised and logged, or ``None`` when it still has to await."""
        if not isinstance(answer, Reply):
            return None
        try:
            payload = answer.body()
        except Exception as exc:
            answer = self._crashed(method, path, exc)
            payload = answer.body()
        if self._log_requests:
            self._log_request(method, path, answer.status, started)
        return answer, payload

    def _crashed(self, method: str, path: str, exc: Exception) -> Reply:
        # Handlers change state only once their reply is ready, so this request changed nothing.
        error_log.error("unexpected error serving %s %s", method, printable_path(path), exc_info=exc)
        if self.settings.validate_responses:
            # A crash is a bug of the mock even though its 500 answer is in the envelope.
            self.response_violations.append(f"{method} {path}: {type(exc).__name__}")
        return self.envelopes[_vendor(path)].error(500, "The mock failed unexpectedly.", path)

    @staticmethod
    def _log_request(method: str, path: str, status: int, started: float) -> None:
        # Only method, path and status: headers (credentials) and query strings never reach the log.
        elapsed = (time.perf_counter() - started) * 1000
        access_log.info("%s %s %d %.1fms", method, printable_path(path), status, elapsed)

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
            "http": direct_protocol(guarded_protocol(limits, self.fault), self.respond_now, settings.max_body_bytes),
            "timeout_keep_alive": settings.keep_alive,
            "timeout_graceful_shutdown": settings.grace_seconds,
        }

    def base_url(self, server: Address) -> str:
        """Where audio links point: MOCK_PUBLIC_URL, else ``server``, the address the server is bound to."""
        if self.settings.public_url:
            return self.settings.public_url
        host, port = server or ("127.0.0.1", 80)
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}"

    async def _handle(self, scope: Scope, receive: Receive) -> Reply:
        path: str = scope["path"]
        # ASGI servers hand header names over in lower case already.
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        answer = self._dispatch(scope["method"], path, headers)
        if isinstance(answer, _Call):
            raw = await self._read_body(headers, receive)
            answer = self._complete(answer, path, headers, raw, self.base_url(scope.get("server")))
        return answer if isinstance(answer, Reply) else await answer()

    def _dispatch(self, method: str, path: str, headers: Mapping[str, str]) -> Answer | _Call:
        """What can be decided before the body is read: audio, 404, 405 and 401."""
        if path.startswith(AUDIO_PREFIX):
            return self._audio(path, method)
        vendor = _vendor(path)
        envelopes = self.envelopes[vendor]
        route = self._routes.get((method, path))
        if route is None:
            if len(self._routes) >= MAX_ROUTES:
                self._routes.clear()  # paths are the client's to choose: keep the cache bounded
            route = self._routes[(method, path)] = self.spec.operation_for(method, path)
        operation, allowed, params = route
        if operation is None:
            if allowed and not (self.fault == Fault.PALABRA_NO_405 and vendor == "palabra"):
                reply = envelopes.error(405, f"{method} is not allowed here; use {', '.join(allowed)}.", path)
                reply.headers.append(("allow", ", ".join(allowed)))
                return reply
            return envelopes.error(404, f"Nothing is served at {path}.", path)
        handler, authorized = self.handlers[operation.operation_id]
        if not authorized(headers) and self.fault is not _IGNORES_AUTH[vendor]:
            return envelopes.error(401, "Missing or invalid credentials.", path)
        return _Call(operation, params, handler, envelopes)

    def _complete(self, call: _Call, path: str, headers: Mapping[str, str], raw: bytes | None, base_url: str) -> Answer:
        """The rest, once the body is in (``None``: it was too large): 413, 415, 400, 422, the handler."""
        envelopes = call.envelopes
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
        violations = self._violations(call.operation, body)
        if violations:
            first = violations[0]
            return envelopes.error(422, f"Invalid field {first.field}: {first.message}", path)
        answer = call.handler(path, call.params, body, base_url)
        if not (self.settings.validate_responses and not self.fault):
            return answer
        if isinstance(answer, Reply):
            self._self_check(call.operation, answer)
            return answer
        return functools.partial(self._checked, call.operation, answer)

    async def _checked(self, operation: Operation, later: Later) -> Reply:
        reply = await later()
        self._self_check(operation, reply)
        return reply

    async def _read_body(self, headers: Mapping[str, str], receive: Receive) -> bytes | None:
        """The body, or ``None`` when it is (or announces itself) larger than the limit."""
        limit = self.settings.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return None
        body = await read_body(receive, limit)
        return None if len(body) > limit else body

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

    def _audio(self, path: str, method: str) -> Answer:
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
        audio = self.store.audio_cache.get(blob.request)
        if audio is None:
            return functools.partial(self._render, blob)
        return Reply(200, raw=audio, content_type=blob.media_type)

    async def _render(self, blob: Blob) -> Reply:
        # Rendering a long clip takes a while; keep the event loop free meanwhile.
        audio = await asyncio.to_thread(render, blob.request)
        self.store.audio_cache.put(blob.request, audio)
        return Reply(200, raw=audio, content_type=blob.media_type)


def create_app(settings: MockSettings | None = None) -> MockApp:
    """Build the mock app from ``settings`` (by default, from the environment)."""
    return MockApp(settings)
