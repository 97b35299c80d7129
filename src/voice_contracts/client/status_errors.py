"""Turn a documented failure response into the typed error of its status class."""

from __future__ import annotations

from typing import Any, Literal

from voice_api_client.errors import (
    APIStatusError,
    AuthenticationError,
    InvalidRequest,
    NotFound,
    RateLimited,
    ResourceLocked,
    ServerError,
)
from voice_api_client.types import Response
from voice_contracts.client.retries import retry_after

Vendor = Literal["palabra", "resemble"]


def error_class(vendor: Vendor, status: int) -> type[APIStatusError]:
    """The exception class for a failure ``status`` from ``vendor``.

    Palabra documents 403 as its regeneration lock; for Resemble a 403 means "not allowed".
    """
    if status == 401:
        return AuthenticationError
    if status == 403:
        return ResourceLocked if vendor == "palabra" else AuthenticationError
    if status == 404:
        return NotFound
    if status == 429:
        return RateLimited
    if status == 408 or status >= 500:
        return ServerError
    if 400 <= status < 500:
        return InvalidRequest
    # A 1xx/2xx/3xx that carries the error envelope (the spec's `default` covers any status).
    return APIStatusError


def status_error(vendor: Vendor, response: Response[Any]) -> APIStatusError:
    """The typed error for a response whose parsed body is the vendor's error envelope."""
    status = int(response.status_code)
    error = error_class(vendor, status)(status, response.headers, response.content, response.parsed)
    if isinstance(error, RateLimited):
        error.retry_after = retry_after(response.headers)
    return error
