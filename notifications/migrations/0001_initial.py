"""The models keep their tables: only Django's picture of which app owns them moves."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.moves import relabel_content_types, rename_queued_jobs


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('internships', '0011_list_order_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '__first__'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Event',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('action', models.CharField(max_length=40)),
                        ('from_status', models.CharField(blank=True, max_length=16)),
                        ('to_status', models.CharField(blank=True, max_length=16)),
                        ('note', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'internships_event',
                        'ordering': ['created_at', 'pk'],
                        'indexes': [models.Index(fields=['content_type', 'object_id', 'created_at'], name='internships_content_a07514_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40)),
                        ('params', models.JSONField(default=dict)),
                        ('url', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('emailed_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'internships_notification',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['recipient', 'read_at', '-created_at'], name='internships_recipie_478129_idx')],
                    },
                ),
            ],
        ),
        relabel_content_types(("event", "internships", "notifications"), ("notification", "internships", "notifications")),
        rename_queued_jobs(("internships.notifications.email_notification", "notifications.tasks.email_notification")),
    ]
