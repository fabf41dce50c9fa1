"""The models keep their tables: only Django's picture of which app owns them moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.moves import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('mentors', '0003_logbook_progress_index'),
        ('accounts', '0004_programme_moves_here'),
        ('internships', '0012_events_and_notifications_move'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MentorAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('host_tutor', 'Host tutor'), ('supervisor', 'Academic supervisor')], max_length=16)),
                        ('assigned_at', models.DateTimeField(auto_now_add=True)),
                        ('ended_at', models.DateTimeField(blank=True, null=True)),
                        ('assigned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('internship', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='internships.internship')),
                        ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mentor_assignments', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'mentors_mentorassignment',
                        'ordering': ['assigned_at', 'pk'],
                    },
                ),
                migrations.DeleteModel(
                    name='Programme',
                ),
                migrations.AlterField(
                    model_name='placement',
                    name='programmes',
                    field=models.ManyToManyField(related_name='placements', to='accounts.programme', verbose_name='eligible programmes'),
                ),
                migrations.AddIndex(
                    model_name='mentorassignment',
                    index=models.Index(fields=['internship', 'kind', 'ended_at'], name='mentors_men_interns_da72b3_idx'),
                ),
                migrations.AddConstraint(
                    model_name='mentorassignment',
                    constraint=models.UniqueConstraint(condition=models.Q(('ended_at', None)), fields=('internship', 'kind'), name='one_current_mentor_of_each_kind'),
                ),
            ],
        ),
        relabel_content_types(("mentorassignment", "mentors", "internships")),
    ]
