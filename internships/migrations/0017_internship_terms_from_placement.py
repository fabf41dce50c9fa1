"""Every internship made so far came from an offer: it takes its terms from its placement."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_terms(apps, schema_editor):
    Internship = apps.get_model("internships", "Internship")
    Placement = apps.get_model("internships", "Placement")
    placement = Placement.objects.filter(pk=OuterRef("placement_id"))
    Internship.objects.filter(placement__isnull=False).update(
        title=Subquery(placement.values("title")[:1]),
        activities=Subquery(placement.values("responsibilities")[:1]),
        competences=Subquery(placement.values("learning_outcomes")[:1]),
        county_id=Subquery(placement.values("county_id")[:1]),
        city=Subquery(placement.values("city")[:1]),
        work_mode=Subquery(placement.values("work_mode")[:1]),
        hours_per_week=Subquery(placement.values("hours_per_week")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("internships", "0016_paperwork")]

    operations = [migrations.RunPython(copy_terms, migrations.RunPython.noop)]
