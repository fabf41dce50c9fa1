"""Fast inserts for seeding: rows with their primary keys chosen up front, written with COPY
on PostgreSQL (triggers still fire) and bulk_create elsewhere."""

import json
from collections.abc import Callable, Iterable
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


class Writer:
    """Inserts rows fast: COPY on PostgreSQL, bulk_create elsewhere; keeps its own ids."""

    def __init__(self, log: Callable[[str], None]):
        self.pg = connection.vendor == "postgresql"
        self.log = log
        self.next_ids: dict[type[models.Model], int] = {}
        self.counts: dict[str, int] = {}
        self.now = timezone.now()

    def ids(self, model, count: int) -> range:
        """`count` fresh primary keys of `model`, above every existing one."""
        if model not in self.next_ids:
            top = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
            self.next_ids[model] = top + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def write(self, model, rows: Iterable[models.Model]) -> int:
        """Insert `rows`; on PostgreSQL the iterable is consumed inside COPY, so it must not
        query the database."""
        fields = model._meta.concrete_fields
        count = 0
        if self.pg:
            quote = connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in fields)
            sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row([self._value(f, row) for f in fields])
                    count += 1
        else:
            iterator = iter(rows)
            while batch := list(islice(iterator, 2000)):
                model.objects.bulk_create(batch)
                count += len(batch)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count
        return count

    def _value(self, field, row):
        value = getattr(row, field.attname)
        if value is None and getattr(field, "auto_now", False) | getattr(
            field, "auto_now_add", False
        ):
            return self.now
        if isinstance(field, models.JSONField):
            return json.dumps(value, default=str)
        if isinstance(field, models.FileField):
            return value.name if value else ""
        return value

    def reset_sequences(self):
        models_ = list(self.next_ids)
        statements = connection.ops.sequence_reset_sql(no_style(), models_)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyse() -> None:
    """Fresh planner statistics after a bulk load; on PostgreSQL, outside a transaction,
    VACUUM too, so that the visibility map lets index-only scans skip the table."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
