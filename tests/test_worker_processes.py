"""The process definitions the README ships: each restarts on failure and runs a command
that exists."""

import configparser
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"
TIMERS = sorted(SYSTEMD.glob("practica-*.timer"))
# The long-running processes; a unit a timer starts runs once and exits.
UNITS = sorted(
    path for path in SYSTEMD.glob("practica-*.service") if not path.with_suffix(".timer").exists()
)


def unit(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_there_is_a_unit_for_the_web_server_the_worker_the_scheduler_and_the_mail():
    assert [path.name for path in UNITS] == [
        "practica-mail.service",
        "practica-scheduler.service",
        "practica-web.service",
        "practica-worker.service",
    ]


def test_the_periodic_tasks_can_run_from_a_timer_instead_of_the_scheduler():
    assert [path.name for path in TIMERS] == ["practica-jobs.timer"]
    timer = unit(SYSTEMD / "practica-jobs.timer")["Timer"]
    service = unit(SYSTEMD / "practica-jobs.service")["Service"]

    assert timer["OnCalendar"] == "*:0/5"
    assert timer["Persistent"] == "true"
    assert service["Type"] == "oneshot"
    assert service["User"] != "root"
    assert service["ExecStart"].endswith("manage.py run_scheduler --once")


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.stem)
def test_each_unit_restarts_on_failure_forever(path):
    parsed = unit(path)

    assert parsed["Service"]["Restart"] == "always"
    assert int(parsed["Service"]["RestartSec"]) > 0
    assert parsed["Unit"]["StartLimitIntervalSec"] == "0"
    assert parsed["Service"]["User"] != "root"
    assert parsed["Service"]["EnvironmentFile"]


def test_the_units_and_the_procfile_run_the_same_commands():
    procfile = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert set(procfile) == {"web", "worker", "scheduler", "mail"}
    for name, command in procfile.items():
        start = unit(ROOT / "deploy" / "systemd" / f"practica-{name}.service")["Service"]
        assert start["ExecStart"].endswith(command.split(" ", 1)[1])
    commands = get_commands()
    assert commands["run_worker"] == "documents"
    assert commands["run_scheduler"] == "documents"
    assert commands["deliver_mail"] == "notifications"
