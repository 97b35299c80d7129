"""Exceptions raised by the API functions of this client."""

from http import HTTPStatus

import httpx


class UnexpectedStatus(Exception):
    """Raised when a response has a status the spec does not document and
    ``Client.raise_on_unexpected_status`` is true.

    ``status_code`` is the HTTP status and ``content`` the raw response body.
    """

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class MalformedResponse(UnexpectedStatus):
    """Raised when a response cannot be parsed into the models the spec documents for its status.

    This covers a body that is not JSON, an error body that is not the vendor's envelope, a
    missing required field, an unknown enum value and a malformed uuid or date-time. It is the
    only exception a contract-breaking response raises, whatever ``raise_on_unexpected_status``
    says. ``status_code`` is the HTTP status, ``content`` the raw body and ``reason`` the
    parsing error that was caught (also chained as ``__cause__``).
    """

    def __init__(self, status_code: int, content: bytes, reason: Exception):
        self.reason = reason
        super().__init__(status_code, content)
        self.args = (
            f"Response with status {status_code} does not match the documented contract "
            f"({type(reason).__name__}: {reason})\n\nResponse content:\n{content.decode(errors='ignore')}",
        )


def http_status(response: httpx.Response) -> HTTPStatus:
    """Return the response's status as an ``HTTPStatus``.

    Raises ``MalformedResponse`` for a code that ``HTTPStatus`` does not know (such as 599),
    instead of the bare ``ValueError`` it would raise.
    """
    try:
        return HTTPStatus(response.status_code)
    except ValueError as exc:
        raise MalformedResponse(response.status_code, response.content, exc) from exc


__all__ = ["MalformedResponse", "UnexpectedStatus", "http_status"]
