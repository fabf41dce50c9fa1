"""Every named URL keeps its path and its answer across re-cuts of the apps.

`url_layout.json` was recorded from the layout before the apps were re-cut: for each
named URL, its path with sample arguments and the status a GET answered to an anonymous
visitor and to one account of each role, on a database holding only those accounts.
"""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import MentorProfile

from . import factories

LAYOUT = json.loads((Path(__file__).parent / "url_layout.json").read_text())


@pytest.fixture
def accounts_by_role(db):
    organisation = factories.OrganisationFactory()
    return {
        "anonymous": None,
        "student": factories.StudentFactory().user,
        "company": factories.MembershipFactory(organisation=organisation).user,
        "mentor": factories.MentorFactory(organisation=organisation).user,
        "supervisor": factories.MentorFactory(
            kind=MentorProfile.Kind.SUPERVISOR, organisation=None
        ).user,
        "staff": factories.StaffFactory(),
    }


@pytest.mark.parametrize("name", sorted(LAYOUT))
def test_every_named_url_keeps_its_path(name):
    assert reverse(name, kwargs=LAYOUT[name]["kwargs"]) == LAYOUT[name]["path"]


def test_every_named_url_keeps_its_answer_to_each_role(client, accounts_by_role):
    answers = {}
    for role, user in accounts_by_role.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, row in LAYOUT.items():
            answers.setdefault(name, {})[role] = client.get(row["path"]).status_code
    assert answers == {name: row["get"] for name, row in LAYOUT.items()}
