"""Voice API contracts: the spec, a typed client, a stateful mock and a contract suite.

The generated client is its own package, ``voice_api_client``; the rest lives here:
``voice_contracts.spec`` (openapi.yaml and its validators), ``voice_contracts.client``
(the client facade), ``voice_contracts.mock`` (the mock server),
``voice_contracts.suite`` (the contract suite) and ``voice_contracts.cli`` (the command).
"""

from importlib import metadata as _metadata

from voice_contracts.errors import VoiceContractsError

try:
    __version__ = _metadata.version("voice-api-contracts")
except _metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = ["VoiceContractsError", "__version__"]
