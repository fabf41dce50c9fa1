"""The fault drill (bench/faults.py) takes minutes and root, so `make test` runs its parts
that need neither: the SMTP sink, the report, the refusal to run without root."""

import importlib.util
import smtplib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("faults", ROOT / "bench" / "faults.py")
faults = importlib.util.module_from_spec(spec)
spec.loader.exec_module(faults)


def test_the_smtp_sink_keeps_what_it_is_sent_and_refuses_when_told():
    sink = faults.SmtpSink()
    sink.accept()
    try:
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as server:
            server.sendmail("a@example.org", ["b@example.org"], "Subject: Hi\r\n\r\nBody")
        assert len(sink.messages) == 1 and "Body" in sink.messages[0]
    finally:
        sink.refuse()

    with pytest.raises(ConnectionRefusedError):
        smtplib.SMTP("127.0.0.1", sink.port, timeout=5)


def test_the_report_says_what_users_saw_and_whether_the_goal_was_met(capsys):
    rows = [
        faults.Row("Redis stopped 30 s", Counter({200: 900}), 0.1, "login page 200", True),
        faults.Row("PostgreSQL stopped 30 s", Counter({503: 40, 200: 700}), 2.5, "", True),
        faults.Row("broken", Counter({500: 1}), None, "a 500", False),
    ]

    faults.print_table(rows)

    out = capsys.readouterr().out
    assert "700 × 200, 40 × 503" in out and "2.5 s" in out
    assert out.splitlines()[-1].rstrip().endswith("NO")
    assert faults.no_server_errors(Counter({503: 3, 200: 1}), allowed=(503,))
    assert not faults.no_server_errors(Counter({500: 1}))


def test_the_drill_refuses_to_run_without_root(monkeypatch, capsys):
    monkeypatch.setattr(faults.os, "geteuid", lambda: 1000)

    assert faults.main(["--only", "redis"]) == 2
    assert "run as root" in capsys.readouterr().err
