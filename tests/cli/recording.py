"""A server that records every request's headers and refuses them all, standing in for a real vendor."""

from __future__ import annotations

from voice_contracts.serving import Message, Receive, Send, answer_lifespan, read_body

_BODY = b'{"ok": false, "errors": [{"type": "about:blank", "title": "Not authenticated", "status": 401}]}'


class RecordingApp:
    """ASGI app: stores each request's headers (lower-case names) and answers 401."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await answer_lifespan(receive, send)
            return
        self.requests.append({k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]})
        await read_body(receive, 1 << 20)
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": _BODY})
