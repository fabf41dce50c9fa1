"""Two conversations of the demo student with the demo organisation: one the student has
not read to the end, one the organisation has not."""

from accounts.models import User
from conversations.models import Message, ReadMarker
from conversations.queries import ONGOING
from internships.models import Application

from .accounts import DEMO_DOMAIN

EXCHANGES = [
    [
        ("student", "Bună ziua! Se poate face stagiul și parțial de la distanță?"),
        ("company", "Bună ziua! Da, două zile pe săptămână pot fi de acasă."),
    ],
    [
        ("company", "Mulțumim pentru candidatură! Ne puteți trimite un exemplu de cod?"),
        ("student", "Desigur: proiectul meu de licență e pe GitHub, vă trimit legătura."),
    ],
]


def seed() -> int:
    """The demo conversations, once (none when the demo student has messages already)."""
    student = User.objects.filter(email=f"student@{DEMO_DOMAIN}").first()
    company = User.objects.filter(email=f"company@{DEMO_DOMAIN}").first()
    if student is None or company is None or getattr(company, "membership", None) is None:
        return 0
    if Message.objects.filter(application__student=student).exists():
        return 0
    applications = Application.objects.filter(
        student=student,
        placement__organisation_id=company.membership.organisation_id,
        status__in=ONGOING,
    ).order_by("pk")[: len(EXCHANGES)]
    authors = {"student": student, "company": company}
    for application, exchange in zip(applications, EXCHANGES, strict=False):
        for side, body in exchange:
            message = Message.objects.create(
                application=application, author=authors[side], body=body
            )
            ReadMarker.objects.update_or_create(
                user=authors[side], application=application, defaults={"last_read": message}
            )
    return len(applications)
