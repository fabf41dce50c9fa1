"""The models keep their tables: only Django's picture of which app owns them moves."""

import django.db.models.deletion
import django.utils.timezone
import documents.models
from django.conf import settings
from django.db import migrations, models

from core.moves import relabel_content_types, rename_queued_jobs


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('internships', '0013_assignments_move_here_programme_leaves'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '__first__'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SerialCounter',
                    fields=[
                        ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                        ('last', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'internships_serialcounter',
                    },
                ),
                migrations.CreateModel(
                    name='Certificate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('serial', models.CharField(max_length=20, unique=True, verbose_name='serial number')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='verification code')),
                        ('language', models.CharField(choices=[('ro', 'Romanian'), ('en', 'English')], default='ro', max_length=2, verbose_name='language of the original')),
                        ('pdf_ro', models.FileField(upload_to=documents.models.certificate_to)),
                        ('pdf_en', models.FileField(upload_to=documents.models.certificate_to)),
                        ('sha256_ro', models.CharField(db_index=True, max_length=64)),
                        ('sha256_en', models.CharField(db_index=True, max_length=64)),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='issued')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                        ('revocation_reason', models.TextField(blank=True, verbose_name='reason for revoking')),
                        ('facts', models.JSONField(blank=True, default=dict)),
                        ('internship', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='internships.internship')),
                        ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('replaced_by', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaces', to='documents.certificate')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'certificate',
                        'verbose_name_plural': 'certificates',
                        'db_table': 'internships_certificate',
                        'ordering': ['-issued_at', '-pk'],
                        'indexes': [models.Index(fields=['internship', 'revoked_at'], name='internships_interns_756f3a_idx'), models.Index(fields=['issued_at', 'id'], name='certificate_issued_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('revoked_at', None)), fields=('internship',), name='one_valid_certificate_per_internship')],
                    },
                ),
                migrations.CreateModel(
                    name='IssueJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=16)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('skipped', models.PositiveIntegerField(default=0)),
                        ('error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='issue_jobs', to='internships.period')),
                        ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'internships_issuejob',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['period', '-created_at'], name='internships_period__259cd0_idx')],
                    },
                ),
            ],
        ),
        relabel_content_types(
            ("serialcounter", "internships", "documents"),
            ("certificate", "internships", "documents"),
            ("issuejob", "internships", "documents"),
        ),
        rename_queued_jobs(
            ("internships.tasks.issue_period_certificates", "documents.tasks.issue_period_certificates")
        ),
    ]
