"""The default evaluation rubric; staff can edit it in the app."""

from django.db import migrations

COMPETENCIES = [
    ("Professional knowledge", "Cunoștințe de specialitate",
     "Uses what the programme taught, and learns the domain's concepts."),
    ("Technical skills", "Abilități tehnice", "Handles the tools and methods of the job."),
    ("Communication", "Comunicare", "Explains clearly, listens, writes well."),
    ("Teamwork", "Lucru în echipă", "Cooperates, shares, helps colleagues."),
    ("Initiative and autonomy", "Inițiativă și autonomie",
     "Proposes solutions and works without being told each step."),
    ("Reliability", "Seriozitate", "Keeps deadlines, hours and commitments."),
    ("Learning ability", "Capacitate de învățare", "Picks up new things quickly and well."),
]


def load(apps, schema_editor):
    Competency = apps.get_model("mentors", "Competency")
    for position, (name, name_ro, description) in enumerate(COMPETENCIES, start=1):
        Competency.objects.get_or_create(
            name=name,
            defaults={"name_ro": name_ro, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("mentors", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
