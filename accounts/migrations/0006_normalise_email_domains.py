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

    def taken(address, user_id):
        """The address belongs to another account, in either table."""
        return (
            User.objects.filter(email__iexact=address).exclude(pk=user_id).exists()
            or EmailAddress.objects.filter(email__iexact=address).exclude(user_id=user_id).exists()
        )

    left_alone = set()  # accounts whose address stays, with every address row of theirs
    for pk, new in list(_changed(User.objects.values_list("pk", "email").iterator())):
        if taken(new, pk):
            left_alone.add(pk)
        else:
            User.objects.filter(pk=pk).update(email=new)
    rows = EmailAddress.objects.values_list("pk", "user_id", "email").iterator()
    for pk, user_id, email in list(rows):
        new = _normalise(email)
        if new == email or user_id in left_alone or taken(new, user_id):
            continue
        EmailAddress.objects.filter(pk=pk).update(email=new)
    for pk, new in list(_changed(Invitation.objects.values_list("pk", "email").iterator())):
        Invitation.objects.filter(pk=pk).update(email=new)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_roster_imports_leave"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(normalise_addresses, migrations.RunPython.noop)]
