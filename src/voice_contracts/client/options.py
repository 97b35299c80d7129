"""What both facade clients share: transports, timeouts, and closing their connection pools."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import httpx

from voice_api_client import AuthenticatedClient
from voice_api_client.client import DEFAULT_TIMEOUT
from voice_contracts.client.retries import AsyncRetryTransport, RetryPolicy, RetryTransport


@dataclass(frozen=True)
class ClientOptions:
    """Settings of a facade client besides its credentials.

    ``timeout`` is httpx' (default: 5 s to connect, 30 s per read); ``retries`` the policy for
    connection errors, 408, 429 and 5xx (``NO_RETRIES`` switches retries off); ``strict=False``
    accepts and logs enum values the spec does not list. ``transport``/``async_transport`` replace
    httpx' network transports under the retrying ones (tests use ``httpx.MockTransport``).
    """

    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retries: RetryPolicy = field(default_factory=RetryPolicy)
    strict: bool = True
    transport: httpx.BaseTransport | None = None
    async_transport: httpx.AsyncBaseTransport | None = None

    def client_kwargs(self) -> dict[str, object]:
        """Keyword arguments for the generated ``AuthenticatedClient``."""
        return {
            "timeout": self.timeout,
            "strict": self.strict,
            "transport": RetryTransport(self.retries, self.transport),
            "async_transport": AsyncRetryTransport(self.retries, self.async_transport),
        }


class PooledClient:
    """Closing a facade client's connection pools, directly or with ``with`` / ``async with``."""

    raw: AuthenticatedClient

    def close(self) -> None:
        """Close the sync connection pool."""
        self.raw.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async connection pool."""
        await self.raw.get_async_httpx_client().aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        await self.aclose()
