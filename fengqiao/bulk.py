"""Inserting many rows at the speed of PostgreSQL ``COPY`` (issue 11: the rules engine's first run, imports).

``copy_insert(Model, rows)`` takes plain dicts (field name → value; no model instances to build), fills what a
row leaves out the way ``Model.save()`` would (defaults, ``auto_now``/``auto_now_add``, a scoped model's
``scope_path``/``station`` from its source), reserves the primary keys from the table's sequence and streams the
rows with ``COPY … FROM STDIN``. It returns the new keys in row order. On another database (the SQLite demo) it
falls back to ``bulk_create``. Nothing here validates: the caller has (a service, one transaction).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models
from django.db.models.lookups import In
from django.utils import timezone

from accounts.scope import ScopedModel, source_scopes

PLAIN_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField", "DateTimeField",
    "FloatField", "ForeignKey", "IntegerField", "PositiveBigIntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "SmallIntegerField", "TextField",
}  # fmt: skip


class AnyOf(models.Lookup):
    """``field__any=[…]``: ``field = ANY(%s)`` with the whole list as one array parameter on PostgreSQL. Django's
    ``__in`` adapts every value on its own (a batch of 5000 numbers: 5000 parameters to build and send); this is
    one. Elsewhere (the SQLite demo) it is ``__in``."""

    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return In(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, self.rhs]


models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)  # a foreign key's lookups stop at ForeignObject


def _complete(model, rows: Sequence[dict]) -> list[str]:
    """Fill every concrete field a row leaves out; returns the field names, in column order."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:  # a foreign key given as an object: its key, under the column's name
        if field.attname != field.name:
            for row in rows:
                if field.name in row:
                    value = row.pop(field.name)
                    row[field.attname] = value.pk if isinstance(value, models.Model) else value
    if issubclass(model, ScopedModel) and any("scope_path" not in r for r in rows):
        source = model._meta.get_field(model.scope_source)
        scopes = source_scopes(model, {r[source.attname] for r in rows if r.get(source.attname) is not None})
        for row in rows:
            if "scope_path" not in row:
                row["scope_path"], row["station_id"] = scopes.get(row.get(source.attname), ("", None))
    for field in fields:
        attname = field.attname
        missing = [row for row in rows if attname not in row]
        if not missing:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for row in missing:
                row[attname] = now
        elif (derive := getattr(field, "value_for", None)) is not None:  # computed from others (name bigrams)
            for row in missing:
                row[attname] = derive(row)
        elif callable(field.default):  # a fresh list or dict per row, as save() gives
            for row in missing:
                row[attname] = field.get_default()
        else:
            default = field.get_default()
            for row in missing:
                row[attname] = default
    return [f.attname for f in fields]


def _prep(field, connection):
    return lambda value: field.get_db_prep_save(value, connection)


def copy_insert(model, rows: Sequence[dict], *, using: str = "default") -> list[int]:
    """Insert ``rows`` (dicts of field values) and return their primary keys, in order."""
    rows = list(rows)
    if not rows:
        return []
    names = _complete(model, rows)
    connection = connections[using]
    if connection.vendor != "postgresql":
        created = model._base_manager.using(using).bulk_create([model(**r) for r in rows], batch_size=2000)
        return [obj.pk for obj in created]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    # Plain values go to psycopg as they are; only other fields (JSON, custom) take Django's conversion.
    # A field with ``copy_text`` (fengqiao.search.BigramsField) gives the text COPY reads, cheaper than adapting.
    convert = [
        (i, getattr(fields[n], "copy_text", None) or _prep(fields[n], connection))
        for i, n in enumerate(names)
        if fields[n].get_internal_type() not in PLAIN_TYPES
    ]
    table = model._meta.db_table
    pk = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, len(rows)]
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(quote(c) for c in [pk, *(fields[n].column for n in names)])
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            for key, row in zip(ids, rows, strict=True):
                values = [key, *[row[n] for n in names]]
                for i, prepare in convert:
                    values[i + 1] = prepare(values[i + 1])
                write(values)
    return ids
