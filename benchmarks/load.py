"""Drive a server with wrk and read back throughput and latency percentiles.

wrk runs a Lua script we write per scenario: it rotates over the scenario's paths and, when
done, prints one machine-readable line, so nothing depends on wrk's human-oriented output.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

RESULT_MARK = "WRK_RESULT"


class LoadError(RuntimeError):
    """Raised when wrk is missing, fails, or prints no result line."""


@dataclass(frozen=True)
class Scenario:
    """One request shape: the same method, headers and body, on one or more paths."""

    name: str
    method: str
    paths: Sequence[str]
    headers: Mapping[str, str]
    body: str


@dataclass(frozen=True)
class LoadResult:
    """What one wrk run measured; latencies are in milliseconds."""

    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def lua_string(text: str) -> str:
    """``text`` as a Lua string literal; every byte outside printable ASCII is escaped."""
    out = []
    for byte in text.encode():
        char = chr(byte)
        if 32 <= byte < 127 and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def lua_script(scenario: Scenario) -> str:
    """The wrk script for ``scenario``."""
    paths = ", ".join(lua_string(path) for path in scenario.paths)
    headers = "\n".join(
        f"wrk.headers[{lua_string(name)}] = {lua_string(value)}" for name, value in scenario.headers.items()
    )
    return f"""\
local paths = {{{paths}}}
local next_path = 0
wrk.method = {lua_string(scenario.method)}
wrk.body = {lua_string(scenario.body)}
{headers}

-- Format every request once: building them per call would cost wrk CPU that the server needs.
local requests = {{}}
init = function(args)
  for i, path in ipairs(paths) do
    requests[i] = wrk.format(nil, path)
  end
end

request = function()
  next_path = next_path % #requests + 1
  return requests[next_path]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("{RESULT_MARK} %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def parse_result(output: str) -> LoadResult:
    """Read the result line that the script's ``done`` printed."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARK + " "):
            requests, duration_us, non_2xx, socket_errors, p50_us, p99_us = (int(x) for x in line.split()[1:7])
            return LoadResult(requests, duration_us / 1e6, non_2xx, socket_errors, p50_us / 1000, p99_us / 1000)
    raise LoadError(f"wrk printed no {RESULT_MARK} line:\n{output[-2000:]}")


def wrk_path() -> str:
    """Where wrk is; raises LoadError with the install hint when it is missing."""
    found = shutil.which("wrk")
    if found is None:
        raise LoadError("wrk is not installed; `make bench-tools` installs it from Debian's packages")
    return found


def run_wrk(base_url: str, scenario: Scenario, *, connections: int, seconds: float) -> LoadResult:
    """Load ``base_url`` with ``scenario`` over ``connections`` keep-alive connections."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "scenario.lua"
        script.write_text(lua_script(scenario))
        command = [
            wrk_path(),
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "5s",
            "--script",
            str(script),
            base_url,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LoadError(f"wrk did not finish within {seconds + 60}s") from exc
    if done.returncode != 0:
        raise LoadError(f"wrk exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return parse_result(done.stdout)
