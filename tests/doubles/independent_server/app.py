"""The ASGI application: routing, lifespan and last-resort error handling."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid

from . import palabra, resemble
from .asgi import ASGIApp, ClientGone, Message, Receive, Request, Scope, Send, respond_json
from .config import VARIANTS, Config
from .state import State

log = logging.getLogger(__name__)


def _vendor(raw_path: str) -> str | None:
    if raw_path == "/saas" or raw_path.startswith("/saas/"):
        return "palabra"
    if raw_path == "/api" or raw_path.startswith("/api/"):
        return "resemble"
    return None


async def _fail(request: Request, send: Send, state: State, status: int, title: str, detail: str) -> None:
    vendor = _vendor(request.raw_path)
    if vendor == "palabra":
        await palabra.fail_one(
            send, request, state, status, "not-found" if status == 404 else "internal", title, detail
        )
    elif vendor == "resemble":
        await resemble.fail(send, request, status, detail)
    else:
        # Outside both vendors' prefixes: a body that satisfies both error envelopes at once.
        item = palabra.problem(state, status, "not-found", title, detail, request.raw_path)
        await respond_json(send, request, status, {"success": False, "message": detail, "errors": [item]})


async def _route(request: Request, receive: Receive, send: Send, state: State) -> None:
    seg = request.segments
    if len(seg) == 6 and seg[1:4] == ["saas", "voice", "m"] and seg[5] == "tts-sample":
        await palabra.regenerate(request, receive, send, state, Request.param(seg[4]))
    elif len(seg) == 7 and seg[1:4] == ["api", "v2", "projects"] and seg[5] == "clips":
        await resemble.update_clip(request, receive, send, state, Request.param(seg[4]), Request.param(seg[6]))
    elif len(seg) == 5 and seg[1:4] == ["saas", "files", "tts"]:
        await palabra.serve_file(request, send, state, Request.param(seg[4]))
    elif len(seg) == 5 and seg[1:4] == ["api", "files", "clips"]:
        await resemble.serve_file(request, send, state, Request.param(seg[4]))
    else:
        await _fail(request, send, state, 404, "Path not found", f"Nothing is served at {request.raw_path}.")


async def _lifespan(receive: Receive, send: Send, state: State) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            # Pending callbacks are cancelled rather than left to die with the loop.
            pending = list(state.tasks)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=2.0)
            await send({"type": "lifespan.shutdown.complete"})
            return


def create_app(*, variant: str | None = None, config: Config | None = None) -> ASGIApp:
    """A conforming double of both vendor operations, or, with `variant`, one that breaks one promise."""
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(sorted(VARIANTS))}")
    state = State.create(config or Config(), variant)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send, state)
            return
        if scope["type"] != "http":
            return  # websockets are not part of either API; uvicorn closes the connection
        request = Request.from_scope(scope)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await _route(request, receive, tracking_send, state)
        except ClientGone:
            return
        except Exception:
            incident = uuid.uuid4().hex[:12]
            log.exception("unhandled error, incident %s", incident)
            if not started:
                with contextlib.suppress(Exception):
                    detail = f"An unexpected error occurred (incident {incident})."
                    await _fail(request, send, state, 500, "Internal server error", detail)

    return app
