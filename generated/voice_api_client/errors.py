"""Every exception the API functions of this client raise, and the hooks that guarantee it.

Whatever a server sends, an API function returns a model or raises a subclass of ``ClientError``:

* ``MalformedResponse``: the response breaks openapi.yaml (body, JSON, schema, encoding);
* ``TransportError`` (``RequestTimeout`` for timeouts): no usable response arrived;
* ``UnexpectedStatus``: a status the spec does not document, with ``raise_on_unexpected_status``.

The facade in ``voice_contracts.client`` also raises the ``APIStatusError`` family, one class per
kind of documented failure (authentication, not found, invalid request, lock, rate limit, server).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, cast

import httpx
from voice_contracts.errors import VoiceContractsError


class ClientError(VoiceContractsError):
    """Base of every exception the generated client and its facade raise on purpose."""


class TransportError(ClientError, ConnectionError):
    """No usable response arrived: the connection failed or broke, or httpx refused what came back
    (a protocol error, a redirect ``Location`` it cannot turn into a URL)."""


class RequestTimeout(TransportError, TimeoutError):
    """Connecting, sending, waiting for or reading the response took longer than the client's timeout."""


class UnexpectedStatus(ClientError, RuntimeError):
    """Raised when a response has a status the spec does not document and
    ``Client.raise_on_unexpected_status`` is true.

    ``status_code`` is the HTTP status, ``content`` the raw response body and ``headers`` the
    response headers.
    """

    def __init__(self, status_code: int, content: bytes, headers: Mapping[str, str] | None = None):
        self.status_code = status_code
        self.content = content
        self.headers = httpx.Headers(headers or {})

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


@dataclass(frozen=True)
class Violation:
    """One way a response body breaks the spec: the field (dotted path), the rule and the value."""

    field: str
    rule: str
    value: Any
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.rule} ({self.message})"


class MalformedResponse(UnexpectedStatus, ValueError):
    """Raised when a response does not match what openapi.yaml documents for its status.

    That covers a body that is not JSON or cannot be decoded, a body that breaks the schema (a
    type, a required field, an enum, a bound or a format) and a model that cannot be built. It is
    the only exception a contract-breaking response raises. ``status_code``, ``headers`` and
    ``content`` describe the response, ``violations`` lists what the schema check found (empty when
    the body was not even JSON) and ``reason`` is the underlying error, also chained as ``__cause__``.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes,
        reason: Exception | str,
        headers: Mapping[str, str] | None = None,
        violations: tuple[Violation, ...] = (),
    ):
        super().__init__(status_code, content, headers)
        self.reason = reason
        self.violations = violations
        why = "; ".join(f"{v.field}: {v.rule} {v.value!r:.80}" for v in violations[:3]) or (
            f"{type(reason).__name__}: {reason}" if isinstance(reason, Exception) else reason
        )
        self.args = (f"Response with status {status_code} breaks the contract: {why}",)

    @property
    def field(self) -> str | None:
        """The dotted path of the first violated field (``body`` for the root), if a schema check failed."""
        return self.violations[0].field if self.violations else None


class APIStatusError(ClientError, RuntimeError):
    """A documented failure status: the call reached the server and the server said no.

    ``status_code``, ``headers`` and ``content`` describe the response; ``envelope`` is the vendor's
    parsed error body (``PalabraErrorResponse`` or ``ResembleError``).
    """

    def __init__(self, status_code: int, headers: Mapping[str, str], content: bytes, envelope: Any):
        self.status_code = status_code
        self.headers = httpx.Headers(headers)
        self.content = content
        self.envelope = envelope
        super().__init__(f"{status_code}: {_describe(envelope)}")


class AuthenticationError(APIStatusError, PermissionError):
    """401 (missing or wrong credentials) or, for Resemble, 403 (not allowed)."""


class NotFound(APIStatusError, LookupError):
    """404: the voice, project or clip does not exist for these credentials."""


class InvalidRequest(APIStatusError, ValueError):
    """Any other 4xx: the server refused the request as sent (400, 409, 422…)."""


class ResourceLocked(APIStatusError):
    """Palabra's 403: another regeneration of the same voice is still running."""


class RateLimited(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's hint in seconds, if it sent one."""

    retry_after: float | None = None


class ServerError(APIStatusError):
    """5xx (and 408): the server failed or gave up; the request may be retried."""


def _describe(envelope: Any) -> str:
    message = getattr(envelope, "message", None)
    if isinstance(message, str):
        return message
    items = getattr(envelope, "errors", None)
    if items:
        return "; ".join(f"{item.title}: {item.detail}" for item in items)
    return "no details"


def http_status(response: httpx.Response) -> HTTPStatus:
    """Return the response's status as an ``HTTPStatus``.

    A code ``HTTPStatus`` does not know (such as 599) is returned as the plain ``int``: the spec's
    ``default`` response covers it, and an ``int`` compares equal to the matching ``HTTPStatus``.
    """
    try:
        return HTTPStatus(response.status_code)
    except ValueError:
        return cast(HTTPStatus, response.status_code)


def _request_failed(exc: Exception) -> TransportError:
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeout(f"timed out: {exc}")
    return TransportError(f"request failed: {type(exc).__name__}: {exc}")


# What httpx (and the standard library under it) raises for a broken exchange, as opposed to a
# programming error in the caller: an unknown encoding, an unencodable header, an invalid URL.
_TRANSPORT_FAILURES = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, UnicodeError, OSError)


def send(client: httpx.Client, kwargs: dict[str, Any]) -> httpx.Response:
    """Send one request and read the whole body, turning every failure into a ``ClientError``."""
    try:
        response = client.send(client.build_request(**kwargs), stream=True)
    except _TRANSPORT_FAILURES as exc:
        raise _request_failed(exc) from exc
    try:
        response.read()
    except httpx.DecodingError as exc:
        raise MalformedResponse(response.status_code, b"", exc, response.headers) from exc
    except _TRANSPORT_FAILURES as exc:
        raise _request_failed(exc) from exc
    finally:
        response.close()
    return response


async def asend(client: httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Response:
    """``send`` for the async client."""
    try:
        response = await client.send(client.build_request(**kwargs), stream=True)
    except _TRANSPORT_FAILURES as exc:
        raise _request_failed(exc) from exc
    try:
        await response.aread()
    except httpx.DecodingError as exc:
        raise MalformedResponse(response.status_code, b"", exc, response.headers) from exc
    except _TRANSPORT_FAILURES as exc:
        raise _request_failed(exc) from exc
    finally:
        await response.aclose()
    return response


_LENIENT_ENUMS: ContextVar[bool] = ContextVar("voice_api_client_lenient_enums", default=False)


def lenient_enums_active() -> bool:
    """Whether a lenient client is building a response model right now (see ``lenient_enums``)."""
    return _LENIENT_ENUMS.get()


@contextmanager
def lenient_enums(lenient: bool) -> Iterator[None]:
    """While active with ``lenient`` true, the client's enums accept values the spec does not list.

    Only the API functions enter it, around building a response model for a ``strict=False``
    client, after the schema check has logged the unknown values.
    """
    token = _LENIENT_ENUMS.set(lenient)
    try:
        yield
    finally:
        _LENIENT_ENUMS.reset(token)


def checked_json(operation_id: str, response: httpx.Response, strict: bool) -> Any:
    """The response body as JSON, validated against the spec's schema for its status.

    Raises ``MalformedResponse`` naming the field, the rule and the value. The schemas come from
    the openapi.yaml shipped in ``voice_contracts.spec`` (no second copy); the import is deferred
    because ``voice_contracts.client`` itself imports this package.
    """
    from voice_contracts.client.validation import check_response

    return check_response(operation_id, response, strict)


__all__ = [
    "APIStatusError",
    "AuthenticationError",
    "ClientError",
    "InvalidRequest",
    "MalformedResponse",
    "NotFound",
    "RateLimited",
    "RequestTimeout",
    "ResourceLocked",
    "ServerError",
    "TransportError",
    "UnexpectedStatus",
    "Violation",
    "asend",
    "checked_json",
    "http_status",
    "lenient_enums",
    "lenient_enums_active",
    "send",
]
