"""Just enough ASGI 3 plumbing: reading a request, writing a response, looking at headers."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A Host header is only trusted for building URLs when it looks like host[:port]; anything else
# falls back to the listening socket, so a hostile Host cannot put garbage into a `uri` field.
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")


class BodyTooLarge(Exception):
    """The request body exceeded the configured limit."""


class ClientGone(Exception):
    """The client disconnected before the body was complete."""


@dataclass(frozen=True)
class Request:
    scope: Scope
    method: str
    raw_path: str
    segments: list[str]  # still percent-encoded: literal parts are matched raw, ids are decoded
    headers: dict[str, str]

    @classmethod
    def from_scope(cls, scope: Scope) -> Request:
        raw = scope.get("raw_path")
        # raw_path keeps %2F inside a segment, so an id containing "/" still routes correctly.
        raw_path = raw.decode("latin-1") if isinstance(raw, bytes) else quote(str(scope["path"]))
        headers: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            key = bytes(name).decode("latin-1").lower()
            text = bytes(value).decode("latin-1")
            # Repeated headers are joined as RFC 9110 allows for list-valued fields.
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        return cls(
            scope=scope,
            method=str(scope["method"]).upper(),
            raw_path=raw_path,
            segments=raw_path.split("/"),
            headers=headers,
        )

    @staticmethod
    def param(segment: str) -> str:
        return unquote(segment)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def base_url(self, override: str | None) -> str:
        if override:
            return override.rstrip("/")
        scheme = str(self.scope.get("scheme", "http"))
        host = self.header("host")
        if host is None or not _HOST_RE.match(host):
            server = self.scope.get("server") or ("127.0.0.1", 80)
            name = str(server[0])
            host = f"[{name}]:{server[1]}" if ":" in name else f"{name}:{server[1]}"
        return f"{scheme}://{host}"


async def read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def respond(
    send: Send,
    request: Request,
    status: int,
    body: bytes,
    content_type: str,
    extra_headers: list[tuple[str, str]] | None = None,
) -> None:
    # Header names in mixed case on purpose: HTTP field names are case-insensitive and a client
    # must not depend on the lowercase spelling a typical ASGI app emits.
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        ("X-Served-By", "independent-double"),
    ]
    headers.extend(extra_headers or [])
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        }
    )
    await send({"type": "http.response.body", "body": b"" if request.method == "HEAD" else body})


async def respond_json(
    send: Send,
    request: Request,
    status: int,
    payload: object,
    extra_headers: list[tuple[str, str]] | None = None,
) -> None:
    # A charset parameter is legal on application/json and some clients trip over it.
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    await respond(send, request, status, body, "application/json; charset=utf-8", extra_headers)


def is_json_media_type(value: str | None) -> bool:
    if value is None:
        return False
    return value.split(";", 1)[0].strip().lower() == "application/json"


def parse_json(body: bytes) -> tuple[bool, object]:
    """Return (ok, value). NaN and Infinity are refused: they are not JSON."""

    def refuse_constant(name: str) -> object:
        raise ValueError(name)

    try:
        return True, json.loads(body.decode("utf-8"), parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False, None
