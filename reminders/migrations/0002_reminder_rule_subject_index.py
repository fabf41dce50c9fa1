from django.db import migrations, models


class Migration(migrations.Migration):
    """The daily run reads what a rule sent about today's subjects only."""

    dependencies = [("reminders", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(fields=["rule", "object_id"], name="reminders_r_rule_6f69ea_idx"),
        ),
    ]
