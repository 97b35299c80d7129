"""The hand-written facade over the generated ``voice_api_client``.

* ``PalabraClient`` and ``ResembleClient``: one method per operation, sync and async, returning the
  success model or raising the typed errors of ``voice_api_client.errors``; finite timeouts and
  retries by default; the wait for Palabra's lock and for Resemble's callback.
* ``CallbackApp``: the ASGI receiver of Resemble callbacks; ``parse_callback`` for receivers of
  your own.
* ``palabra_client`` / ``resemble_client``: the generated ``AuthenticatedClient`` with each
  vendor's credentials in place, for the raw generated calls.
"""

from voice_contracts.client.auth import PALABRA_URL, RESEMBLE_URL, CredentialsError, palabra_client, resemble_client
from voice_contracts.client.callbacks import (
    CallbackApp,
    CallbackConfigError,
    CallbackTimeout,
    InvalidCallback,
    parse_callback,
)
from voice_contracts.client.lock import LockWait
from voice_contracts.client.options import ClientOptions
from voice_contracts.client.palabra import PalabraClient
from voice_contracts.client.resemble import ResembleClient
from voice_contracts.client.retries import NO_RETRIES, AsyncRetryTransport, RetryPolicy, RetryTransport, retry_after

__all__ = [
    "NO_RETRIES",
    "PALABRA_URL",
    "RESEMBLE_URL",
    "AsyncRetryTransport",
    "CallbackApp",
    "CallbackConfigError",
    "CallbackTimeout",
    "ClientOptions",
    "CredentialsError",
    "InvalidCallback",
    "LockWait",
    "PalabraClient",
    "ResembleClient",
    "RetryPolicy",
    "RetryTransport",
    "palabra_client",
    "parse_callback",
    "resemble_client",
    "retry_after",
]
