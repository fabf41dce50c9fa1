"""Helpers for migrations that move models, or background jobs, from one app to another.

A moved model keeps its table (state-only operations); what still names the old app is
its content type (which generic relations, the admin log and permissions point to) and
the path of each job waiting in the queue. These operations relabel both, both ways.
"""

from django.db import migrations


def _relabel(apps, moves):
    content_types = apps.get_model("contenttypes", "ContentType")
    permissions = apps.get_model("auth", "Permission")
    for model, old_app, new_app in moves:
        moving = content_types.objects.filter(app_label=old_app, model=model).first()
        if moving is None:
            continue
        # A `migrate` run between the two steps creates the new label empty; the old one
        # has the history (events, admin log, permissions), so it wins.
        for stale in content_types.objects.filter(app_label=new_app, model=model):
            permissions.objects.filter(content_type=stale).delete()
            stale.delete()
        moving.app_label = new_app
        moving.save(update_fields=["app_label"])
    content_types.objects.clear_cache()


def relabel_content_types(*moves: tuple[str, str, str]) -> migrations.RunPython:
    """`moves`: (model name in lower case, old app label, new app label)."""
    return migrations.RunPython(
        lambda apps, schema_editor: _relabel(apps, moves),
        lambda apps, schema_editor: _relabel(apps, [(m, new, old) for m, old, new in moves]),
    )


def _rename_jobs(apps, renames):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old_path, new_path in renames:
        results.objects.filter(task_path=old_path).update(task_path=new_path)


def rename_queued_jobs(*renames: tuple[str, str]) -> migrations.RunPython:
    """`renames`: (old dotted path of a task, new path); jobs queued or done follow it."""
    return migrations.RunPython(
        lambda apps, schema_editor: _rename_jobs(apps, renames),
        lambda apps, schema_editor: _rename_jobs(apps, [(new, old) for old, new in renames]),
    )
