"""The wrk script and the reading of its result line."""

from __future__ import annotations

import pytest

from benchmarks.load import LoadError, Scenario, lua_script, lua_string, parse_result


def test_lua_string_escapes_quotes_backslashes_and_non_ascii() -> None:
    assert lua_string('a"b\\c') == '"a\\034b\\092c"'
    assert lua_string("é\n") == '"\\195\\169\\010"'


def test_the_script_rotates_over_every_path_with_the_scenario_headers() -> None:
    scenario = Scenario("op", "PUT", ["/a", "/b"], {"Authorization": "Bearer t"}, '{"x": 1}')
    script = lua_script(scenario)
    assert 'local paths = {"/a", "/b"}' in script
    assert 'wrk.method = "PUT"' in script
    assert 'wrk.headers["Authorization"] = "Bearer t"' in script
    assert "requests[i] = wrk.format(nil, path)" in script


def test_parse_result_reads_the_marked_line() -> None:
    result = parse_result("Running 1s test\nWRK_RESULT 5000 2000000 3 1 250 1800\n")
    assert (result.requests, result.non_2xx, result.socket_errors) == (5000, 3, 1)
    assert (result.seconds, result.p50_ms, result.p99_ms) == (2.0, 0.25, 1.8)
    assert result.rps == 2500


def test_parse_result_without_the_line_names_the_problem() -> None:
    with pytest.raises(LoadError, match="no WRK_RESULT line"):
        parse_result("unable to connect to 127.0.0.1:1 Connection refused")
