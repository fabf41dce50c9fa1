"""The models keep their tables: only Django's picture of which app owns them moves."""

import django.db.models.deletion
from django.db import migrations, models

from core.moves import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('internships', '0012_events_and_notifications_move'),
        ('accounts', '0003_roster_import'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Programme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('code', models.CharField(max_length=20, unique=True, verbose_name='code')),
                        ('faculty', models.CharField(blank=True, max_length=200, verbose_name='faculty')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'verbose_name': 'study programme',
                        'verbose_name_plural': 'study programmes',
                        'db_table': 'internships_programme',
                        'ordering': ['name'],
                    },
                ),
                migrations.AlterField(
                    model_name='studentprofile',
                    name='programme',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='students', to='accounts.programme', verbose_name='study programme'),
                ),
            ],
        ),
        relabel_content_types(("programme", "internships", "accounts")),
    ]
