# Separate from 0015: on PostgreSQL a table cannot be altered in the transaction that
# updated its rows under deferred foreign keys.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0015_faculties"),
    ]

    operations = [
        migrations.AlterField(
            model_name="programme",
            name="faculty_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="accounts.faculty",
                verbose_name="faculty",
            ),
        ),
    ]
