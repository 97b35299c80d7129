"""Error bodies in each vendor's envelope, and the faults that bend them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from voice_contracts.mock.faults import Fault

JSON_TYPE = "application/json"

# Titles are at least five characters long: the Palabra spec requires it.
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Payload too large",
    415: "Unsupported media type",
    408: "Request timeout",
    431: "Request headers too large",
    422: "Validation error",
    500: "Internal server error",
    503: "Service unavailable",
}


@dataclass
class Reply:
    """A response the mock is about to send; ``payload`` is kept for self-validation."""

    status: int
    payload: Any = None
    content_type: str = JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)
    raw: bytes | None = None

    def body(self) -> bytes:
        """The bytes on the wire."""
        if self.raw is not None:
            return self.raw
        return orjson.dumps(self.payload)


# What a handler returns when its reply needs to await (synthesis time, rendering audio). Nothing
# changes before it is called, so the server's direct path may drop it and serve through ASGI.
Later = Callable[[], Awaitable[Reply]]


class Envelopes:
    """Builds error replies for one vendor, applying the active fault if it concerns errors."""

    def __init__(self, vendor: str, fault: Fault | None) -> None:
        self.vendor = vendor
        self.fault = fault

    def error(self, status: int, detail: str, instance: str, *, title: str | None = None) -> Reply:
        """An error reply with HTTP ``status`` explaining ``detail`` about ``instance``."""
        if self.vendor == "resemble":
            return self._resemble(status, detail)
        return self._palabra(status, detail, instance, title or TITLES.get(status, "Request failed"))

    def _resemble(self, status: int, message: str) -> Reply:
        success = self.fault == Fault.RESEMBLE_ERROR_SUCCESS_TRUE
        return Reply(status, {"success": success, "message": message})

    def _palabra(self, status: int, detail: str, instance: str, title: str) -> Reply:
        if self.fault == Fault.PALABRA_PLAIN_ERRORS:
            return Reply(status, {"detail": detail})
        slug = title.lower().replace(" ", "-")
        item = {
            "type": f"https://api.palabra.ai/errors/{slug}",
            "status": 400 if self.fault == Fault.PALABRA_ERROR_STATUS_MISMATCH else status,
            "title": "Err" if self.fault == Fault.PALABRA_SHORT_TITLE else title,
            "detail": detail if len(detail) >= 5 else f"{detail} (error)",
            "instance": instance or "/",
            "error_code": status * 10,
        }
        reply = Reply(status, {"ok": self.fault == Fault.PALABRA_ERROR_OK_TRUE, "errors": [item]})
        if self.fault == Fault.PALABRA_ERRORS_TEXT_PLAIN:
            reply.raw, reply.content_type = reply.body(), "text/plain"
        return reply
