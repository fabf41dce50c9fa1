"""A full calendar of deadlines for a demo period, consistent with its dates (the rules of
internships.services.periods)."""

from datetime import date, timedelta


def calendar_of(*, starts_on: date, ends_on: date, applications_close_on: date) -> dict:
    return {
        "agreements_due_on": min(applications_close_on + timedelta(days=7), starts_on),
        "midterm_evaluation_due_on": starts_on + (ends_on - starts_on) / 2,
        "final_evaluation_due_on": ends_on + timedelta(days=7),
        "results_due_on": ends_on + timedelta(days=21),
        "certificates_on": ends_on + timedelta(days=30),
    }
