"""What a handler gives back: a reply to send now, or a way to produce one that must await."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

JSON_TYPE = "application/json"


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

# A reply ready for the wire, with its body already serialised.
Answered = tuple[Reply, bytes]
# The server's direct path asks for a reply as soon as a request's headers are in and gets one of:
# the reply (it did not depend on the body), a function that takes the body and gives the reply
# (or None), or None when the request must be served through ASGI because it needs to await.
BodyResponder = Callable[[bytes], Answered | None]
HeadAnswer = Answered | BodyResponder | None

__all__ = ["JSON_TYPE", "Answered", "BodyResponder", "HeadAnswer", "Later", "Reply"]
