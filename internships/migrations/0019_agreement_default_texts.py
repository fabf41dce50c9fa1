"""Version 1 of the agreement's articles in Romanian and English (internships.agreement_defaults)."""

from django.db import migrations

from internships.agreement_defaults import DEFAULTS


def create(apps, schema_editor):
    AgreementText = apps.get_model("internships", "AgreementText")
    for language, body in DEFAULTS.items():
        if not AgreementText.objects.filter(language=language).exists():
            AgreementText.objects.create(language=language, version=1, body=body)


class Migration(migrations.Migration):
    dependencies = [("internships", "0018_proposals_tutor_invitation")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
