"""Error bodies in each vendor's envelope, and the faults that bend them."""

from __future__ import annotations

from voice_contracts.mock.faults import Fault
from voice_contracts.mock.replies import Reply

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
