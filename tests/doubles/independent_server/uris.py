"""RFC 3986 `uri` checking and the loopback-only rule for callbacks."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_SCHEME = r"[A-Za-z][A-Za-z0-9+.\-]*"
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
_PATH = re.compile(rf"^(?:{_PCHAR}|/)*$")
_QUERY = re.compile(rf"^(?:{_PCHAR}|[/?])*$")
_USERINFO = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$")
_REG_NAME = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
_IP_LITERAL = re.compile(r"^\[(?:[0-9A-Fa-f:.]+|[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$")
_SCHEME_RE = re.compile(rf"^{_SCHEME}$")
_PORT = re.compile(r"^[0-9]*$")


def _authority_ok(authority: str) -> bool:
    userinfo, _, hostport = authority.rpartition("@")
    if userinfo and not _USERINFO.match(userinfo):
        return False
    if hostport.startswith("["):
        host, _, port = hostport.partition("]")
        host += "]"
        if port and not port.startswith(":"):
            return False
        port = port[1:]
        if not _IP_LITERAL.match(host):
            return False
    else:
        host, _, port = hostport.partition(":")
        if not _REG_NAME.match(host):
            return False
    # RFC 3986: port = *DIGIT, so "host:" with an empty port is still a URI.
    return _PORT.match(port) is not None


def is_uri(value: str) -> bool:
    """True for an absolute URI per RFC 3986 (scheme required, ASCII only, valid %-escapes)."""
    scheme, colon, rest = value.partition(":")
    if not colon or not _SCHEME_RE.match(scheme):
        return False
    rest, hash_mark, fragment = rest.partition("#")
    if hash_mark and not _QUERY.match(fragment):
        return False
    rest, question, query = rest.partition("?")
    if question and not _QUERY.match(query):
        return False
    if rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        if not _authority_ok(authority):
            return False
        rest = slash + path
    return bool(_PATH.match(rest))


def loopback_http_target(value: str) -> bool:
    """True when a callback to `value` would stay on this machine (http(s) to a loopback host)."""
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises on an out-of-range or non-numeric port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
