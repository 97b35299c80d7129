"""``python -m voice_contracts.mock``: serve the mock on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn

from voice_contracts.mock.app import create_app
from voice_contracts.mock.faults import FAULTS, UnknownFault
from voice_contracts.mock.settings import MockSettings, SettingsError


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, print what is served and run uvicorn in the foreground."""
    parser = argparse.ArgumentParser(prog="python -m voice_contracts.mock", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "localhost", "::1"])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--list-faults", action="store_true", help="print the fault names and exit")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="info logs one line per request (method, path, status, time); warning logs only problems",
    )
    args = parser.parse_args(argv)
    if args.list_faults:
        for name, fault in FAULTS.items():
            print(f"{name:36} {fault.description}")
        return 0
    # Before the app exists: it decides once, at creation, whether to log each request.
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    try:
        settings = MockSettings.from_env()
        app = create_app(settings)
    except (SettingsError, UnknownFault) as exc:
        print(f"voice_contracts.mock: {exc}", file=sys.stderr)
        return 2
    r = settings.resources
    base = f"http://{args.host}:{args.port}"
    print(f"Voice API mock on {base} (state in memory; a restart starts fresh)")
    print(f"  Palabra  POST {base}/saas/voice/m/{r.palabra_voice_id}/tts-sample")
    # Credentials are named by their variables, never shown, not even in part.
    print("           ClientID + ClientSecret from PALABRA_CLIENT_ID / PALABRA_CLIENT_SECRET,")
    print("           or Authorization: Bearer <PALABRA_API_KEY>")
    print(f"  Resemble PUT  {base}/api/v2/projects/{r.resemble_project_uuid}/clips/{r.resemble_clip_uuid}")
    print(f"           voice {r.resemble_voice_uuid}, Authorization: Bearer <RESEMBLE_API_TOKEN>")
    print(f"  synthesis {settings.synth_seconds}s, callbacks allowed to {', '.join(settings.callback_allow)}")
    print(
        f"  limits: {settings.callback_max_pending} pending callbacks, headers {settings.max_header_bytes} B,"
        f" body {settings.max_body_bytes} B, {settings.max_connections} connections,"
        f" SIGTERM grace {settings.grace_seconds:g}s"
    )
    print(f"  fault: {settings.fault or 'none'}")
    sys.stdout.flush()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        loop="uvloop",
        access_log=False,
        log_level="warning",
        # Only loopback clients reach the mock, and X-Forwarded-* headers must not change it.
        proxy_headers=False,
        # The mock's protocol with its HTTP limits, keep-alive and shutdown grace.
        **app.server_options(),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
