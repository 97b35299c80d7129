"""Hand-made requests that generic fuzzing rarely or never sends, each checked against a promise.

* ``path_parameter_handling``: unknown, odd, non-ASCII and very long ids get a documented answer
  (the error envelope, or a success that conforms), never a 5xx.
* ``malformed_body_rejected``: a body that is not JSON, is the wrong JSON type, is empty, or comes
  with a wrong or missing content type gets a 4xx in the vendor's envelope, as JSON.
* ``near_miss_rejected``: the neighbours of every enum and bound of the request body (another
  spelling, the limit plus one) are rejected with a 4xx like any other invalid value.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from voice_contracts.spec import load_spec
from voice_contracts.spec.loader import Operation
from voice_contracts.suite.budget import RequestCapReached, take_if_counting
from voice_contracts.suite.findings import Finding, cause_of
from voice_contracts.suite.reproduce import Secret, SentRequest, curl_line, redact

PATH_CHECK = "path_parameter_handling"
BODY_CHECK = "malformed_body_rejected"
NEAR_MISS_CHECK = "near_miss_rejected"
PROBE_CHECKS = (PATH_CHECK, BODY_CHECK, NEAR_MISS_CHECK)

ODD_IDS = (
    "contract-unknown-id-0000",
    "0",
    "-1",
    "null",
    "a b",
    # No encoded slash: proxies and frameworks commonly refuse %2F before the API sees it.
    "%",
    "~!*()'",
    "vöïce-ñame",
    "声音-ид",
    "x" * 1000,
)
JSON_TYPE = "application/json"


@dataclass(frozen=True)
class ProbeTarget:
    """One operation to probe: where, as whom, and a request body it accepts."""

    operation_id: str
    base_url: str
    headers: Mapping[str, str]
    path_parameters: Mapping[str, str]
    valid_body: Mapping[str, Any]
    secrets: tuple[Secret, ...] = ()


@dataclass(frozen=True)
class Probe:
    """One request to send and the check that judges its answer."""

    check: str
    label: str
    path_parameters: Mapping[str, str]
    content: bytes
    content_type: str | None
    field: str = ""


def valid_body(operation: Operation, pinned: Mapping[str, Any]) -> dict[str, Any]:
    """The body schema's example with the pinned values: a request the server can accept."""
    body: dict[str, Any] = copy.deepcopy(operation.body_schema.get("example") or {})
    body.update(pinned)
    return body


def _path_probes(target: ProbeTarget) -> Iterator[Probe]:
    for name in target.path_parameters:
        for value in ODD_IDS:
            label = f"{name} = {value[:40]!r}{'…' if len(value) > 40 else ''}"
            yield Probe(PATH_CHECK, label, {**target.path_parameters, name: value}, _dump(target.valid_body), JSON_TYPE)


def _body_probes(target: ProbeTarget) -> Iterator[Probe]:
    good = _dump(target.valid_body)
    cases: list[tuple[str, bytes, str | None]] = [
        ("a body that is not JSON", b"{this is not json", JSON_TYPE),
        ("a JSON array", b"[]", JSON_TYPE),
        ("a JSON string", b'"text"', JSON_TYPE),
        ("a JSON number", b"42", JSON_TYPE),
        ("JSON null", b"null", JSON_TYPE),
        ("an empty body", b"", JSON_TYPE),
        ("valid JSON sent as text/plain", good, "text/plain"),
        ("valid JSON sent as a form", good, "application/x-www-form-urlencoded"),
        ("valid JSON with no content type", good, None),
        ("plain text with no content type", b"hello", None),
    ]
    for label, content, content_type in cases:
        yield Probe(BODY_CHECK, label, target.path_parameters, content, content_type)


def near_misses(schema: Mapping[str, Any]) -> list[Any]:
    """Values just outside ``schema``: other spellings of enum members, bounds plus or minus one."""
    values: list[Any] = []
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        strings = [m for m in enum if isinstance(m, str)]
        numbers = [m for m in enum if isinstance(m, int | float) and not isinstance(m, bool)]
        for member in strings[:2] + strings[-1:]:
            values += [member.upper(), member.capitalize(), f" {member}", f"{member} ", member + "x"]
            for old, new in (("-", "_"), ("_", "-"), ("-", ""), ("_", "")):
                if old in member:
                    values.append(member.replace(old, new))
        if numbers:
            values += [min(numbers) - 1, max(numbers) + 1] + [n + 1 for n in numbers] + [n * 2 for n in numbers[:1]]
        values = [value for value in dict.fromkeys(values) if value not in enum]
    for key, step in (("minimum", -1), ("maximum", 1), ("exclusiveMinimum", 0), ("exclusiveMaximum", 0)):
        if isinstance(schema.get(key), int | float):
            values.append(schema[key] + step)
    if isinstance(schema.get("maxLength"), int):
        values.append("x" * (schema["maxLength"] + 1))
    if isinstance(schema.get("minLength"), int) and schema["minLength"] > 0:
        values.append("x" * (schema["minLength"] - 1))
    return values


def _walk(schema: Mapping[str, Any], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, Mapping):
            yield (*path, name), sub
            yield from _walk(sub, (*path, name))


def _near_miss_probes(target: ProbeTarget, operation: Operation) -> Iterator[Probe]:
    for path, sub in _walk(operation.body_schema, ()):
        for value in near_misses(sub):
            body: Any = copy.deepcopy(dict(target.valid_body))
            node = body
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
            field = ".".join(path)
            yield Probe(
                NEAR_MISS_CHECK, f"{field} = {json.dumps(value)}", target.path_parameters, _dump(body), JSON_TYPE, field
            )


def _dump(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _url(operation: Operation, target: ProbeTarget, parameters: Mapping[str, str]) -> str:
    path = operation.path
    for name, value in parameters.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return target.base_url + path


@dataclass
class ProbeOutcome:
    """The findings of the probes, how each check fared, and whether the request cap cut them short."""

    findings: list[Finding]
    passes: dict[str, int]
    capped: bool = False


def run_probes(
    target: ProbeTarget, *, progress: Callable[[str], None] | None = None, timeout: float = 30.0
) -> ProbeOutcome:
    """Send every probe of the operation, one at a time, and judge each answer."""
    operation = load_spec().operations[target.operation_id]
    outcome = ProbeOutcome([], {})
    probes = [*_path_probes(target), *_body_probes(target), *_near_miss_probes(target, operation)]
    if progress is not None:
        progress(f"{target.operation_id}: {len(probes)} probes (ids, malformed bodies, near-miss values)")
    with httpx.Client(timeout=timeout) as client:
        for probe in probes:
            url = _url(operation, target, probe.path_parameters)
            headers = {**target.headers, **({"Content-Type": probe.content_type} if probe.content_type else {})}
            request = client.build_request(operation.method, url, headers=headers, content=probe.content)
            if probe.content_type is None:
                request.headers.pop("Content-Type", None)
            sent = SentRequest(request.method, str(request.url), tuple(request.headers.multi_items()), probe.content)
            reproduce = curl_line(sent, target.secrets)
            try:
                take_if_counting(url)
                response = client.send(request)
            except RequestCapReached:
                outcome.capped = True
                break
            except Exception as exc:
                # Any failure to get an answer (reset, timeout, a URL httpx refuses) is reported.
                detail = f"received {type(exc).__name__}: {exc} from {url} / documented an HTTP answer"
                outcome.findings.append(
                    Finding(
                        target.operation_id,
                        probe.check,
                        f"No answer to {probe.label}",
                        redact(detail, target.secrets),
                        reproduce,
                        None,
                        f"- {type(exc).__name__}",
                    )
                )
                continue
            for check, title, detail in envelope_findings(probe, operation, response):
                outcome.findings.append(
                    Finding(
                        target.operation_id,
                        check,
                        title,
                        redact(detail, target.secrets),
                        reproduce,
                        response.status_code,
                        cause_of(response.status_code, detail),
                    )
                )
            problem = judge(probe, operation, response)
            if problem is None:
                outcome.passes[probe.check] = outcome.passes.get(probe.check, 0) + 1
                continue
            title, detail, cause = problem
            outcome.findings.append(
                Finding(
                    target.operation_id,
                    probe.check,
                    title,
                    redact(detail, target.secrets),
                    reproduce,
                    response.status_code,
                    cause,
                )
            )
    return outcome


def judge(probe: Probe, operation: Operation, response: httpx.Response) -> tuple[str, str, str] | None:
    """The broken promise in ``response`` to ``probe`` as (title, detail, cause), or None if it held."""
    status = response.status_code
    text = response.text[:300]
    if probe.check == NEAR_MISS_CHECK and status < 400:
        return (
            f"A value just outside the spec was accepted: {probe.field}",
            f"received {status} for {probe.label} / documented a 4xx: the value is not allowed",
            f"{status} {probe.field}",
        )
    if probe.check == BODY_CHECK and not 400 <= status < 500:
        return (
            "A malformed request was not refused with a 4xx",
            f"received {status} {text} for {probe.label} / documented a 4xx in the error envelope",
            f"{status} not a 4xx",
        )
    if status >= 500:
        return (
            "A server error for an unusual id",
            f"received {status} {text} for {probe.label} / documented a 4xx error envelope or the resource",
            f"{status} server error",
        )
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON_TYPE:
        return (
            "The answer is not JSON",
            f"received {status} with content type {content_type or 'none'!r} for {probe.label}"
            f" / documented application/json",
            f"{status} content type {content_type or 'none'}",
        )
    try:
        body = response.json()
    except ValueError:
        return (
            "The answer is not JSON",
            f"received {status} {text!r} for {probe.label} / documented JSON",
            f"{status} unparsable JSON",
        )
    spec = load_spec()
    violations = spec.validator(operation.response_schema(status)).violations(body)
    if violations:
        first = violations[0]
        return (
            "The answer breaks the documented response schema",
            f"received {status} {text} for {probe.label}: {first} / documented the {status} response schema",
            cause_of(status, str(first)),
        )
    return None


def envelope_findings(probe: Probe, operation: Operation, response: httpx.Response) -> list[tuple[str, str, str]]:
    """The envelope's own promises, as (check, title, detail), under the names of the checks that
    watch them in fuzzing, worded as they word them: the same cause then makes one finding."""
    try:
        body = response.json()
    except ValueError:
        return []
    if not isinstance(body, dict):
        return []
    status = response.status_code
    problems: list[tuple[str, str, str]] = []
    palabra = operation.tag == "palabra"
    flag, check = ("ok", "palabra_ok_flag") if palabra else ("success", "resemble_success_flag")
    expected = status < 400
    if flag in body and body[flag] is not expected:
        detail = f"received {flag}: {json.dumps(body[flag])} with status {status}"
        detail += f" / documented {flag}: {json.dumps(expected)}"
        problems.append((check, f"Custom check failed: `{check}`", f"{detail}\nfor {probe.label}"))
    items = body.get("errors") if palabra and status >= 400 else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and "status" in item and item["status"] != status:
            check = "palabra_error_status_matches"
            detail = f"received errors[].status {item['status']!r} in a {status} response"
            detail += f" / documented the HTTP status, {status}"
            problems.append((check, f"Custom check failed: `{check}`", f"{detail}\nfor {probe.label}"))
            break
    return problems
