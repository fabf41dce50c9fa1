"""The models keep their tables: only Django's picture of which app owns them moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.moves import relabel_content_types, rename_queued_jobs


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '__first__'),
        ('accounts', '0004_programme_moves_here'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RosterImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file_name', models.CharField(max_length=255)),
                        ('rows', models.JSONField(default=list)),
                        ('status', models.CharField(choices=[('preview', 'Awaiting confirmation'), ('imported', 'Imported')], default='preview', max_length=16)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('imported_at', models.DateTimeField(blank=True, null=True)),
                        ('created_count', models.PositiveIntegerField(default=0)),
                        ('updated_count', models.PositiveIntegerField(default=0)),
                        ('skipped_count', models.PositiveIntegerField(default=0)),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'roster import',
                        'verbose_name_plural': 'roster imports',
                        'db_table': 'accounts_rosterimport',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
        ),
        relabel_content_types(("rosterimport", "accounts", "office")),
        rename_queued_jobs(
            ("accounts.roster.send_roster_invitations", "office.roster.send_roster_invitations")
        ),
    ]
