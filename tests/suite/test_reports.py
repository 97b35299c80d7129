"""One finding per cause; JUnit per (operation, check), always valid XML; the HTML report's content."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from voice_contracts.suite import Finding, Report, render_html, render_text, write_html, write_junit
from voice_contracts.suite.findings import cause_of


def sample_report() -> Report:
    report = Report(seed=7)
    report.tally("update_clip", "not_a_server_error", passed=40)
    report.tally("update_clip callback", "callback_schema", passed=1)
    report.add(
        [
            Finding(
                "update_clip",
                "negative_data_rejection",
                "Accepted",
                "Invalid component: in body - voice_uuid: Invalid type",
                "curl -X PUT 'http://x/long-reproduction'",
                200,
            ),
            Finding(
                "update_clip",
                "negative_data_rejection",
                "Accepted",
                "Invalid component: in body - voice_uuid: Invalid type",
                "curl -X PUT 'http://x/'",
                201,
            ),
            Finding(
                "update_clip",
                "negative_data_rejection",
                "Accepted",
                "Invalid component: in body - sample_rate: Invalid enum value",
                "curl -X PUT 'http://x/'",
                200,
            ),
            Finding(
                "update_clip callback",
                "callback_ids",
                "[wav] wrong id",
                "received 'x\uffff\x01' / documented 'y'",
                "curl",
            ),
        ]
    )
    return report


def test_one_finding_per_cause_with_a_count_and_the_shortest_reproduction() -> None:
    report = sample_report()
    rejections = [f for f in report.findings if f.check == "negative_data_rejection"]
    assert len(rejections) == 2
    voice = next(f for f in rejections if "voice_uuid" in f.detail)
    assert voice.count == 2 and voice.reproduce == "curl -X PUT 'http://x/'"
    assert report.checks[("update_clip", "negative_data_rejection")].failed == 3
    assert cause_of(500, "PUT returned 405 without `Allow`") == cause_of(400, "GET returned 405 without `Allow`")
    text = render_text(report)
    assert "seed: 7" in text and "ok   update_clip / not_a_server_error (40 passed, 0 failed)" in text
    assert "2 cases" in text


def test_junit_has_a_case_per_check_passing_ones_included_and_is_valid_xml(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text("stale")
    write_junit(sample_report(), path)
    suite = ET.parse(path).getroot()
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert set(cases) == {
        ("update_clip", "not_a_server_error"),
        ("update_clip", "negative_data_rejection"),
        ("update_clip callback", "callback_schema"),
        ("update_clip callback", "callback_ids"),
    }
    assert cases[("update_clip", "not_a_server_error")].find("failure") is None
    assert len(cases[("update_clip", "negative_data_rejection")].findall("failure")) == 2
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    assert "\uffff" not in path.read_text(encoding="utf-8")


def test_a_crashed_run_still_writes_both_reports(tmp_path: Path) -> None:
    write_junit(Report(), tmp_path / "j.xml", error="Traceback: boom\x00")
    write_html(Report(), tmp_path / "r.html", error="Traceback: boom")
    suite = ET.parse(tmp_path / "j.xml").getroot()
    assert suite.get("errors") == "1" and suite.find("testcase/error") is not None
    assert "CRASHED" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_html_report_needs_no_network_and_escapes_what_servers_send() -> None:
    page = render_html(sample_report())
    assert "<script" not in page and "http://" not in page.split("</head>")[0].replace("http-equiv", "")
    assert "negative_data_rejection" in page and "FAILED: 3 broken promise(s)" in page
    assert "&#x27;x" in page or "&#39;x" in page or "'x" in page
