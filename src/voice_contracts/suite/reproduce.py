"""Reproductions that run as printed in POSIX ``sh``, and secrets kept out of every report.

A reproduction is one ``curl`` line that sends the failing request's exact bytes. Credentials are
written as ``"${VARIABLE}"`` (double quotes, so the shell expands them once the variable is
exported); every other byte is single-quoted or, for a body that is not printable ASCII, produced
by ``printf`` octal escapes and piped in.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

# Headers that the transport adds on its own and curl adds too; leaving them out keeps the line short.
_TRANSPORT_HEADERS = {"content-length", "accept-encoding", "connection", "user-agent", "accept", "host"}
_PRINTABLE = re.compile(rb"[ -~]*")


@dataclass(frozen=True)
class Secret:
    """A credential value and the environment variable a reader exports it in."""

    variable: str
    value: str


@dataclass(frozen=True)
class SentRequest:
    """A request exactly as it went on the wire (method, full URL, headers, body bytes)."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None


def _word(text: str, secrets: Iterable[Secret]) -> str:
    """One shell word for ``text``: secrets become ``"${VAR}"``, everything else single-quoted."""
    pieces: list[tuple[str, bool]] = [(text, False)]
    for secret in sorted(secrets, key=lambda s: -len(s.value)):
        if len(secret.value) < 4:
            continue
        split: list[tuple[str, bool]] = []
        for piece, is_var in pieces:
            if is_var or secret.value not in piece:
                split.append((piece, is_var))
                continue
            parts = piece.split(secret.value)
            for index, part in enumerate(parts):
                if index:
                    split.append((secret.variable, True))
                if part:
                    split.append((part, False))
        pieces = split
    words = [f'"${{{piece}}}"' if is_var else shlex.quote(piece) for piece, is_var in pieces]
    return "".join(words) or "''"


def _octal(body: bytes) -> str:
    # printf's format string: % and \ are doubled so only our octal escapes are interpreted.
    out = []
    for byte in body:
        char = chr(byte)
        if char == "%":
            out.append("%%")
        elif char == "\\":
            out.append("\\\\")
        elif 32 <= byte < 127 and char != "'":
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "'" + "".join(out) + "'"


def curl_line(request: SentRequest, secrets: Iterable[Secret]) -> str:
    """A ``curl`` command that resends ``request`` byte for byte and prints the status last."""
    secrets = list(secrets)
    parts = ["curl", "-sS", "--globoff", "--path-as-is", "-X", shlex.quote(request.method)]
    has_content_type = False
    for name, value in request.headers:
        if name.lower() in _TRANSPORT_HEADERS:
            continue
        has_content_type = has_content_type or name.lower() == "content-type"
        parts += ["-H", _word(f"{name}: {value}", secrets)]
    prefix = ""
    if request.body is not None:
        if not has_content_type:
            # curl would otherwise add its own form content type to a request that had none.
            parts += ["-H", "'Content-Type:'"]
        if _PRINTABLE.fullmatch(request.body) and b"\x00" not in request.body:
            parts += ["--data-binary", _word(request.body.decode("ascii"), secrets)]
        else:
            prefix = f"printf {_octal(request.body)} | "
            parts += ["--data-binary", "@-"]
    parts += ["-o", "/dev/null", "-w", shlex.quote("HTTP %{http_code}\\n"), _word(request.url, secrets)]
    return prefix + " ".join(parts)


def secret_forms(value: str) -> list[str]:
    """Every spelling of a secret a report might carry: raw, shell-quoted, URL-, JSON- and XML-escaped."""
    forms = {
        value,
        value.replace("'", "'\"'\"'"),
        value.replace("'", "'\\''"),
        shlex.quote(value),
        quote(value, safe=""),
        quote(value),
        quote_plus(value),
        json.dumps(value)[1:-1],
        escape(value, {'"': "&quot;", "'": "&apos;"}),
        escape(value),
    }
    return sorted((form for form in forms if len(form) >= 4), key=len, reverse=True)


def redact(text: str, secrets: Iterable[Secret] | Mapping[str, str]) -> str:
    """Replace every form of every secret in ``text`` by a reference to its variable."""
    items = [Secret(k, v) for k, v in secrets.items()] if isinstance(secrets, Mapping) else list(secrets)
    pairs = [(form, secret.variable) for secret in items if secret.value for form in secret_forms(secret.value)]
    for form, variable in sorted(pairs, key=lambda pair: -len(pair[0])):
        text = text.replace(form, f"${{{variable}}}")
    return text.replace("[Filtered]", "<secret>")


def redact_single_quoted(command: str, secrets: Iterable[Secret]) -> str:
    """Redact a command someone else wrote with single-quoted words (schemathesis' code samples).

    Each secret becomes ``'"${VAR}"'``: the single-quoted word is closed, the variable expanded in
    double quotes, and the word reopened, so the command still runs as printed.
    """
    for secret in sorted(secrets, key=lambda s: -len(s.value)):
        if len(secret.value) < 4:
            continue
        for form in (secret.value.replace("'", "'\"'\"'"), secret.value.replace("'", "'\\''"), secret.value):
            command = command.replace(form, f"'\"${{{secret.variable}}}\"'")
    return command


def first_curl(text: str) -> str:
    """The first line of ``text`` that is a curl command, or an empty string."""
    return next((line.strip() for line in text.splitlines() if line.strip().startswith("curl ")), "")
