"""``voice-contracts mock``: serve the mock on a loopback address until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import socket

import uvicorn

from voice_contracts.cli.exit_codes import ExitCode
from voice_contracts.cli.flags import add_setting_flags, secret_variables, setting_overrides
from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock import create_app
from voice_contracts.settings import MOCK_CREDENTIALS, MockSettings, Resources
from voice_contracts.spec import load_spec

DESCRIPTION = """\
Serve the stateful mock of both operations on a loopback address. State lives in memory and
a restart starts fresh. Flags override the environment; the credentials it accepts come from
the environment only ({secrets}), and default to made-up mock values printed at start."""


class PortUnavailable(VoiceContractsError, OSError):
    """The mock could not listen on the asked address and port (in use, or not allowed)."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``mock`` and its flags."""
    parser = subparsers.add_parser(
        "mock",
        help="serve the stateful mock on 127.0.0.1",
        description=DESCRIPTION.format(secrets=", ".join(secret_variables(Resources))),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_setting_flags(parser, MockSettings, title="how the mock behaves")
    add_setting_flags(parser, Resources, title="the resources it seeds")
    parser.set_defaults(run=run)


def _credential(resources: Resources, field: str) -> str:
    # The made-up defaults are public (README); anything else is named by its variable only.
    value = str(getattr(resources, field))
    return value if value == MOCK_CREDENTIALS.get(field) else f"<{field.upper()}>"


def banner(settings: MockSettings, port: int) -> str:
    """What the mock serves, where, and with which (masked) credentials."""
    r = settings.resources
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    base = f"http://{host}:{port}"
    operations = load_spec().operations
    palabra = operations["regenerate_tts_sample"].url(base, voice_id=r.palabra_voice_id)
    clip = operations["update_clip"].url(base, project_uuid=r.resemble_project_uuid, clip_uuid=r.resemble_clip_uuid)
    return "\n".join(
        [
            f"Voice API mock on {base} (state in memory; a restart starts fresh)",
            f"  Palabra  POST {palabra}",
            f"           ClientID {_credential(r, 'palabra_client_id')}"
            f" + ClientSecret {_credential(r, 'palabra_client_secret')}",
            f"           or Authorization: Bearer {_credential(r, 'palabra_api_key')}",
            f"  Resemble PUT  {clip}",
            f"           voice {r.resemble_voice_uuid}, Authorization: Bearer {_credential(r, 'resemble_api_token')}",
            f"  synthesis {settings.synth_seconds}s, callbacks allowed to {', '.join(settings.callback_allow)}",
            f"  limits: {settings.callback_max_pending} pending callbacks, headers {settings.max_header_bytes} B,"
            f" body {settings.max_body_bytes} B, {settings.max_connections} connections,"
            f" SIGTERM grace {settings.grace_seconds:g}s",
            f"  fault: {settings.fault or 'none'}",
        ]
    )


def run(args: argparse.Namespace) -> ExitCode:
    """Read the settings, bind the port, print the banner and serve in the foreground."""
    resources = Resources.from_env(**setting_overrides(args, Resources))
    settings = MockSettings.from_env(resources=resources, **setting_overrides(args, MockSettings))
    # Before the app exists: it decides once, at creation, whether to log each request.
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    app = create_app(settings)
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        sock.close()
        raise PortUnavailable(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}") from None
    print(banner(settings, sock.getsockname()[1]), flush=True)
    config = uvicorn.Config(
        app,
        loop="uvloop",
        access_log=False,
        log_level="warning",
        # Only loopback clients reach the mock, and X-Forwarded-* headers must not change it.
        proxy_headers=False,
        # The mock's own protocol with its HTTP limits, keep-alive and shutdown grace.
        **app.server_options(),
    )
    uvicorn.Server(config).run(sockets=[sock])
    return ExitCode.OK
