"""Search that an index can answer at city scale (issue 11), one shape for every list's search box.

What a person types decides which column is asked — never an OR across joined tables, never ``%text%`` over a
whole table:

* an ID number or its tail (4–18 digits, ``X`` last): the exact number, else a prefix of the reversed number
  (``reverse(id_number) LIKE '1100%'``, btree ``text_pattern_ops`` on the expression);
* Latin letters: a prefix of the name's pinyin initials (``wj`` finds 王伟 and 王俊);
* one Chinese character: a prefix of the name;
* two or more: the name's character bigrams (``name_bigrams @> '{王伟}' AND name LIKE '%王伟%'``, GIN) — pg_trgm
  cannot answer two characters (no full trigram; DESIGN.md "Facts about the data") — and, from three characters
  on, the typed address too (pg_trgm GIN on the row's own address text).

On SQLite (the demo) the same shapes run as plain ``LIKE`` scans; the PostgreSQL-only indexes are created by
``postgres_only`` migration operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import migrations, models
from django.db.models import Lookup, Q
from django.db.models.functions import Reverse

ID_TAIL = re.compile(r"^\d{3,17}[\dXx]$")
LETTERS = re.compile(r"^[A-Za-z]+$")
MIN_ID_TAIL = 4
MIN_ADDRESS_CHARS = 3  # pg_trgm answers three characters and more


def bigrams(text: str) -> list[str]:
    """The distinct pairs of adjacent characters (a one-character text: itself), lower-cased, in order."""
    text = (text or "").strip().lower()
    if len(text) < 2:
        return [text] if text else []
    return list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))


class BigramsField(models.Field):
    """The character bigrams of another field (``source``), recomputed whenever the row is saved or bulk-created:
    ``text[]`` on PostgreSQL (GIN-indexed by a migration), space-separated text elsewhere."""

    description = "character bigrams of another field"

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("editable", False), ("blank", True), ("default", list)):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def pre_save(self, model_instance, add):
        value = bigrams(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def value_for(self, row: dict) -> list[str]:
        """The value for a plain row of field values (``fengqiao.bulk.copy_insert``), as ``pre_save`` gives it."""
        return bigrams(row.get(self.source) or "")

    def copy_text(self, value) -> str:
        """The value as PostgreSQL reads a ``text[]`` in ``COPY`` (``fengqiao.bulk.copy_insert``): an array literal,
        every element quoted. Cheaper than the driver's adaptation of a list, row by row."""
        quoted = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value or ())
        return "{" + ",".join(quoted) + "}"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = list(value or [])
        return value if connection.vendor == "postgresql" else " ".join(value)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None:
            return []
        return value.split() if isinstance(value, str) else list(value)


@BigramsField.register_lookup
class HasAll(Lookup):
    """``name_bigrams__has_all=["王伟", …]``: the row holds every one of them."""

    lookup_name = "has_all"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> ({rhs})::text[]", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = list(self.rhs)
        sql = " AND ".join([f"(' ' || {lhs} || ' ') LIKE %s"] * len(tokens)) or "1"
        return sql, [p for t in tokens for p in (*lhs_params, f"% {t} %")]


@dataclass(frozen=True)
class SearchSpec:
    """Which columns of a model answer which kind of query (leave one empty when the model has none)."""

    name: str = ""
    name_bigrams: str = ""
    initials: str = ""
    id_number: str = ""
    address: str = ""


def search_kind(q: str) -> str:
    """``id``, ``initials``, ``name1`` (one character), ``text`` or ``""`` (nothing to search)."""
    q = q.strip()
    if not q:
        return ""
    if ID_TAIL.match(q) and len(q) >= MIN_ID_TAIL:
        return "id"
    if LETTERS.match(q):
        return "initials"
    return "name1" if len(q) == 1 else "text"


def search(queryset, q: str, spec: SearchSpec):
    """``queryset`` narrowed to what ``q`` finds through ``spec``'s columns (see the module docstring)."""
    q = (q or "").strip()
    kind = search_kind(q)
    if not kind:
        return queryset
    if kind == "id" and spec.id_number:
        q = q.upper()
        if len(q) == 18:
            return queryset.filter(**{spec.id_number: q})
        return queryset.alias(_id_reversed=Reverse(spec.id_number)).filter(_id_reversed__startswith=q[::-1])
    if kind == "initials" and spec.initials:
        return queryset.filter(**{f"{spec.initials}__startswith": q.lower()})
    if kind == "name1" and spec.name:
        return queryset.filter(**{f"{spec.name}__startswith": q})
    condition = Q()
    if spec.name_bigrams and spec.name and len(q) == 2:
        condition |= Q(**{f"{spec.name_bigrams}__has_all": bigrams(q)})  # the bigram is the whole query
    elif spec.name_bigrams and spec.name:
        condition |= Q(**{f"{spec.name_bigrams}__has_all": bigrams(q), f"{spec.name}__contains": q})
    elif spec.name:
        condition |= Q(**{f"{spec.name}__contains": q})
    if spec.address and len(q) >= MIN_ADDRESS_CHARS:
        condition |= Q(**{f"{spec.address}__contains": q})
    return queryset.filter(condition) if condition else queryset.none()


def postgres_only(sql: str, reverse_sql: str) -> migrations.RunPython:
    """A migration operation that runs ``sql`` on PostgreSQL only (GIN and pattern indexes the demo's SQLite
    neither has nor needs)."""

    def run(statement):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(sql), run(reverse_sql))
