"""The models keep their tables: only Django's picture of which app owns them moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        ('internships', '0013_assignments_move_here_programme_leaves'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='certificate',
                    name='internship',
                ),
                migrations.RemoveField(
                    model_name='certificate',
                    name='issued_by',
                ),
                migrations.RemoveField(
                    model_name='certificate',
                    name='replaced_by',
                ),
                migrations.RemoveField(
                    model_name='certificate',
                    name='revoked_by',
                ),
                migrations.RemoveField(
                    model_name='issuejob',
                    name='period',
                ),
                migrations.RemoveField(
                    model_name='issuejob',
                    name='started_by',
                ),
                migrations.DeleteModel(
                    name='SerialCounter',
                ),
                migrations.DeleteModel(
                    name='Certificate',
                ),
                migrations.DeleteModel(
                    name='IssueJob',
                ),
            ],
        ),
    ]
