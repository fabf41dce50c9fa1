"""The models keep their tables: only Django's picture of which app owns them moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('internships', '0013_assignments_move_here_programme_leaves'),
        ('mentors', '0003_logbook_progress_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='MentorAssignment',
                ),
            ],
        ),
    ]
