"""Where callbacks may go: the parsed ``MOCK_CALLBACK_ALLOW`` list and the check of one URL.

Entries, comma-separated (every one must parse, or the mock refuses to start):

- an IP address or network: ``127.0.0.1``, ``127.0.0.0/8``, ``::1``, ``[::1]``, ``fd00::/8``;
- a host name: ``localhost``, ``hooks.internal``;
- a suffix for tunnels: ``*.example.com`` matches every name ending in ``.example.com``
  (at any depth) but not ``example.com`` itself: list that separately;
- any of the above with a port: ``localhost:9000``, ``[::1]:9000``, ``127.0.0.1:9000``,
  ``*.ngrok.app:443`` (without a port, every port is allowed);
- a URL: ``https://hooks.example.com`` or ``http://localhost:9000/``: scheme and host must
  match, and the port too when the URL names one. No path, query or credentials.

Names are never resolved through DNS: a name that is not listed could point anywhere.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from voice_contracts.settings import SettingsError

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# A name made only of digits, dots and hex prefixes is an encoded IP (``127.1``, ``0x7f.1``,
# ``2130706433``): never a name to trust, whatever the list says.
_NUMERIC = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+))*")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Verdicts remembered, and the longest URL remembered: at most about 2 MB of URLs.
MAX_CACHED_VERDICTS = 1024
MAX_CACHED_URL = 2048


class AllowListError(SettingsError):
    """Raised for an allow-list entry the mock does not understand, naming it and the accepted forms."""


@dataclass(frozen=True)
class Target:
    """Where one callback goes, split so that logs can name it without path, query or credentials."""

    scheme: str
    host: str
    port: int

    @property
    def label(self) -> str:
        """``scheme://host:port``: what logs may say about a callback URL."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def __str__(self) -> str:
        # The label, so that a log call can take the target and format it only if it is emitted.
        return self.label


@dataclass(frozen=True)
class Rule:
    """One parsed entry: a network, a name or a suffix, optionally tied to a scheme and a port."""

    network: IPNetwork | None = None
    name: str = ""
    suffix: str = ""
    scheme: str = ""
    port: int | None = None

    def matches(self, target: Target, address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        """Whether ``target`` (whose host parsed as ``address``, if an IP) falls under this rule."""
        if self.scheme and target.scheme != self.scheme:
            return False
        if self.port is not None and target.port != self.port:
            return False
        if self.network is not None:
            return address is not None and address.version == self.network.version and address in self.network
        if address is not None:
            return False
        if self.suffix:
            return target.host.endswith(self.suffix)
        return target.host == self.name


def _port(text: str, entry: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise AllowListError(f"allow-list entry {entry!r}: port {text!r} is not a number from 1 to 65535")
    return int(text)


def _host_rule(host: str, entry: str, *, scheme: str = "", port: int | None = None) -> Rule:
    host = host.lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return Rule(network=ipaddress.ip_network(host, strict=False), scheme=scheme, port=port)
    except ValueError:
        pass
    if host.startswith("*."):
        if _HOST_NAME.fullmatch(host[2:]) and "." in host[2:]:
            return Rule(suffix=host[1:], scheme=scheme, port=port)
        raise AllowListError(f"allow-list entry {entry!r}: a suffix looks like *.example.com (two labels or more)")
    if _HOST_NAME.fullmatch(host) and not _NUMERIC.fullmatch(host):
        return Rule(name=host, scheme=scheme, port=port)
    raise AllowListError(
        f"allow-list entry {entry!r} is not understood; use an IP address or network (127.0.0.0/8, [::1]),"
        " a host name (localhost), a suffix (*.example.com), any of these with :port, or a URL"
        " (https://hooks.example.com)"
    )


def parse_entry(entry: str) -> Rule:
    """Parse one allow-list entry; raises AllowListError when it is not one of the documented forms."""
    text = entry.strip()
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme not in DEFAULT_PORTS:
            raise AllowListError(f"allow-list entry {entry!r}: only http and https URLs can be listed")
        if parts.username is not None or parts.password is not None:
            raise AllowListError(f"allow-list entry {entry!r}: leave credentials out of the list")
        if parts.path not in {"", "/"} or parts.query or parts.fragment:
            raise AllowListError(f"allow-list entry {entry!r}: a URL entry names scheme, host and port only")
        netloc = parts.netloc
        host, port = netloc.rsplit(":", 1) if not netloc.endswith("]") and ":" in netloc else (netloc, "")
        return _host_rule(host, entry, scheme=parts.scheme, port=_port(port, entry) if port else None)
    if text.startswith("["):
        host, _, rest = text.partition("]")
        if "]" not in text or (rest and not rest.startswith(":")):
            raise AllowListError(f"allow-list entry {entry!r}: write [IPv6] or [IPv6]:port")
        return _host_rule(host + "]", entry, port=_port(rest[1:], entry) if rest else None)
    if text.count(":") == 1 and "/" not in text:
        host, port = text.split(":")
        return _host_rule(host, entry, port=_port(port, entry))
    return _host_rule(text, entry)


def target_of(url: str) -> tuple[Target | None, str]:
    """Split a callback URL into its target, or say why it cannot be one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None, "it is not a URL with a valid port"
    if parts.scheme not in DEFAULT_PORTS:
        return None, "only http and https callbacks are sent"
    if "\\" in parts.netloc:
        # Browsers read a backslash as the end of the host; refuse rather than pick a reading.
        return None, "its authority contains a backslash"
    host = (parts.hostname or "").lower()
    if not host:
        return None, "it names no host"
    if port == 0:
        return None, "port 0 cannot be dialled"
    return Target(parts.scheme, host, port if port is not None else DEFAULT_PORTS[parts.scheme]), ""


class AllowList:
    """Hosts, networks and suffixes that callbacks may reach, each optionally bound to a port and scheme."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.rules: list[Rule] = [parse_entry(entry) for entry in entries if entry.strip()]
        # Clients send the same callback URL again and again; the rules never change.
        self._verdicts: dict[str, tuple[Target | None, str]] = {}

    def check(self, url: str) -> tuple[Target | None, str]:
        """The target of ``url`` if callbacks may go there, else ``None`` and the reason."""
        verdict = self._verdicts.get(url)
        if verdict is None:
            verdict = self._check(url)
            if len(url) <= MAX_CACHED_URL:
                if len(self._verdicts) >= MAX_CACHED_VERDICTS:
                    self._verdicts.clear()
                self._verdicts[url] = verdict
        return verdict

    def _check(self, url: str) -> tuple[Target | None, str]:
        target, reason = target_of(url)
        if target is None:
            return None, reason
        try:
            address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(target.host)
        except ValueError:
            address = None
            if not _HOST_NAME.fullmatch(target.host) or _NUMERIC.fullmatch(target.host):
                return None, "its host is not a plain name or IP address"
        if any(rule.matches(target, address) for rule in self.rules):
            return target, ""
        return None, "its host is not in the mock's MOCK_CALLBACK_ALLOW list"

    def permits(self, url: str) -> bool:
        """Whether a callback may be sent to ``url``."""
        return self.check(url)[0] is not None
