"""The models keep their tables: only Django's picture of which app owns them moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('office', '0001_initial'),
        ('accounts', '0004_programme_moves_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='RosterImport',
                ),
            ],
        ),
    ]
