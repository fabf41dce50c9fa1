"""Stored addresses get the one spelling that sign-up, login and invitations now use.

An address whose domain was written in Unicode (idn@exämple.ro) becomes its ASCII form
(idn@xn--exmple-cua.ro), lower-case. Where that form already belongs to another account,
both stay as they are, for the internship office to merge by hand: nothing is deleted.
"""

import idna
from django.db import migrations


def _normalise(email):
    local, at, domain = (email or "").strip().rpartition("@")
    if not at:
        return email
    try:
        domain = idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        pass
    return f"{local.lower()}@{domain.lower()}"


def _changed(rows):
    for pk, email in rows:
        new = _normalise(email)
        if new != email:
            yield pk, new


def normalise_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    Invitation = apps.get_model("accounts", "Invitation")
    for pk, new in list(_changed(User.objects.values_list("pk", "email").iterator())):
        if not User.objects.filter(email=new).exclude(pk=pk).exists():
            User.objects.filter(pk=pk).update(email=new)
    for pk, new in list(_changed(EmailAddress.objects.values_list("pk", "email").iterator())):
        if not EmailAddress.objects.filter(email__iexact=new).exclude(pk=pk).exists():
            EmailAddress.objects.filter(pk=pk).update(email=new)
    for pk, new in list(_changed(Invitation.objects.values_list("pk", "email").iterator())):
        Invitation.objects.filter(pk=pk).update(email=new)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_roster_imports_leave"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(normalise_addresses, migrations.RunPython.noop)]
