"""Data scope, enforced in one place (规范001 第一百零九条: 数据分类分级、脱敏降级).

Every scoped record carries on its own row the materialised org path of the unit it belongs to (``scope_path``,
e.g. ``0000001.0000004.0000012.``) and that unit's station (``station``), copied from the record's declared
``scope_source`` — a column, not a join (docs/adr/0003). It is read only through ``visible_to(user)``: a user sees
the subtrees of the org units their role assignments are anchored at — the union over all their roles — and
nothing when they hold no role (deny by default). A permission narrows the roles counted: ``visible_to(user,
perm="manage_staff")`` keeps only the subtrees where one of the user's roles grants that permission.

The columns stay right by themselves: ``save()``, ``bulk_create``, ``bulk_update`` and ``update()`` copy them from
the source, a moved record carries the records scoped through it along (``scope_moved``), and a moved org subtree
rewrites every scoped table's paths set-wise (``scope_rebase``, called by ``org.services.org_unit_move``).

This module imports no models at load time, so ``org`` can use it while ``accounts`` depends on ``org``.
"""

from __future__ import annotations

from typing import ClassVar

from django.apps import apps
from django.db import migrations, models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from .roles import role_grants

ORG_UNIT = "org.OrgUnit"
SCOPE_FIELDS = ("scope_path", "station")


def scope_prefixes(user, perm: str | None = None) -> list[str]:
    """The minimal list of org paths the user may see (for ``perm`` when given)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = user.__dict__.setdefault("_scope_cache", {})
    if perm not in cache:
        if "_roles" not in cache:  # one read of the user's roles per request, whatever the permissions asked
            rows = user.role_assignments.filter(org_unit__is_active=True).values_list("role", "org_unit__path")
            cache["_roles"] = list(rows)
        paths = sorted({path for role, path in cache["_roles"] if perm is None or role_grants(role, perm)})
        minimal: list[str] = []
        for path in paths:  # sorted, so an ancestor comes before its descendants
            if not any(path.startswith(kept) for kept in minimal):
                minimal.append(path)
        cache[perm] = minimal
    return cache[perm]


def forget_scope(user) -> None:
    """Drop the per-request cache after the user's roles changed."""
    user.__dict__.pop("_scope_cache", None)


def path_covered(user, path: str, perm: str | None = None) -> bool:
    return any(path.startswith(prefix) for prefix in scope_prefixes(user, perm))


class ScopedQuerySet(models.QuerySet):
    """Reads the org path at ``scope_path_lookup``: the row's own ``scope_path`` column for a ``ScopedModel``;
    ``scoped_queryset(lookup)`` makes one for the few tables that hold a path another way (the org tree itself,
    accounts, the audit trails)."""

    scope_path_lookup = "scope_path"

    def visible_to(self, user, perm: str | None = None):
        prefixes = scope_prefixes(user, perm)
        if not prefixes:
            return self.none()
        condition = Q()
        for prefix in prefixes:
            condition |= Q(**{f"{self.scope_path_lookup}__startswith": prefix})
        return self.filter(condition)

    def within(self, unit):
        """Only the records under ``unit`` (a filter on top of ``visible_to``, never instead of it)."""
        return self.filter(**{f"{self.scope_path_lookup}__startswith": unit.path})

    # The writes below keep ScopedModel's columns right when records are created or moved in bulk.

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if _is_scoped(self.model):
            scope_fill(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        model = self.model
        if _is_scoped(model) and _source_field(model).name in {f.removesuffix("_id") for f in fields}:
            objs = list(objs)
            scope_fill(objs, force=True)
            for path, station_id in {(o.scope_path, o.station_id) for o in objs}:
                pks = [o.pk for o in objs if (o.scope_path, o.station_id) == (path, station_id)]
                scope_moved(model, model._base_manager.filter(pk__in=pks), path, station_id)
            fields = [*fields, *SCOPE_FIELDS]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        model = self.model
        if _is_scoped(model):
            source = _source_field(model)
            for key in (source.name, source.attname):
                if key not in kwargs or "scope_path" in kwargs:  # bulk_update passes both, already filled
                    continue
                if hasattr(kwargs[key], "resolve_expression"):
                    raise ValueError(f"move {model._meta.label} to one value at a time (or use bulk_update)")
                path, station_id = _target_scope(source, kwargs[key])
                scope_moved(model, self, path, station_id)
                kwargs.update(scope_path=path, station_id=station_id)
        return super().update(**kwargs)


def scoped_queryset(lookup: str) -> type[ScopedQuerySet]:
    """A ScopedQuerySet class reading the org path at ``lookup`` (e.g. ``"path"`` for the org tree)."""
    return type(f"ScopedQuerySet_{lookup.replace('__', '_')}", (ScopedQuerySet,), {"scope_path_lookup": lookup})


class ScopePathField(models.CharField):
    """An org path. Byte-ordered ("C" collation) on PostgreSQL whatever the database's collation, so one plain
    btree index serves ``LIKE 'prefix%'``, ``ORDER BY`` and keyset paging alike (SQLite compares bytes anyway)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class ScopedModel(models.Model):
    """A record read through the data scope. Declare ``scope_source``: the name of a foreign key to the org unit
    the record belongs to, or to another scoped record whose scope it shares (a visit → its subject). Subclass
    ``ScopedModel.Meta`` (or list an index that starts with ``scope_path``; check ``accounts.E003`` insists)."""

    scope_path = ScopePathField(_("范围路径"), editable=False, default="")
    # The station the record belongs to (for a record held above station level, that unit): the key a province
    # deployment partitions (PostgreSQL LIST partitions) or distributes (Citus) scoped tables by; never null.
    station = models.ForeignKey(
        ORG_UNIT,
        verbose_name=_("所属派出所"),
        editable=False,
        on_delete=models.DO_NOTHING,
        db_index=False,
        related_name="+",
    )

    scope_source: ClassVar[str] = "org_unit"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["scope_path"], name="%(app_label)s_%(class)s_scope")]

    def save(self, *args, update_fields=None, **kwargs):
        source = _source_field(type(self))
        moved = False
        if update_fields is None or {source.name, source.attname} & set(update_fields):
            before = (self.scope_path, self.station_id)
            self.scope_path, self.station_id = _target_scope(source, getattr(self, source.name))
            moved = not self._state.adding and before != (self.scope_path, self.station_id)
            if update_fields is not None:
                update_fields = {*update_fields, *SCOPE_FIELDS}
        super().save(*args, update_fields=update_fields, **kwargs)
        if moved:
            scope_moved(type(self), type(self)._base_manager.filter(pk=self.pk), self.scope_path, self.station_id)


def _is_scoped(model) -> bool:
    return issubclass(model, ScopedModel)


def _source_field(model):
    return model._meta.get_field(model.scope_source)


def _target_scope(source, target) -> tuple[str, int | None]:
    """(path, station id) of a source value: an org unit, a scoped record, their id, or None."""
    if target is None:
        return "", None
    if not isinstance(target, models.Model):
        target = source.related_model._base_manager.get(pk=target)
    if _is_scoped(type(target)):
        return target.scope_path, target.station_id
    return target.path, target.station_id


def scoped_models() -> list[type[ScopedModel]]:
    return [m for m in apps.get_models() if _is_scoped(m)]


def _dependents(model) -> list[tuple[type[ScopedModel], str]]:
    """The scoped models whose ``scope_source`` points at ``model``, with that foreign key's name."""
    return [(m, m.scope_source) for m in scoped_models() if issubclass(model, _source_field(m).related_model)]


def scope_fill(objs, *, force: bool = False) -> None:
    """Set the scope columns of unsaved (or moved) records from their sources, with one query per source model."""
    if not objs:
        return
    model = type(objs[0])
    source = _source_field(model)
    wanted = [o for o in objs if force or not o.scope_path]
    missing = {
        getattr(o, source.attname) for o in wanted if not source.is_cached(o) and getattr(o, source.attname) is not None
    }
    known = source_scopes(model, missing)
    for o in wanted:
        if source.is_cached(o):
            o.scope_path, o.station_id = _target_scope(source, getattr(o, source.name))
        else:
            o.scope_path, o.station_id = known.get(getattr(o, source.attname), ("", None))


def source_scopes(model, source_ids) -> dict:
    """{source id: (path, station id)} for ids of ``model``'s scope source, in one query (COPY loaders use it to
    write the scope columns themselves)."""
    if not source_ids:
        return {}
    target = _source_field(model).related_model
    path = "scope_path" if _is_scoped(target) else "path"
    rows = target._base_manager.filter(pk__in=set(source_ids)).values_list("pk", path, "station_id")
    return {pk: (p, s) for pk, p, s in rows}


def scope_moved(model, moved_rows, path: str, station_id: int | None) -> None:
    """``moved_rows`` (a queryset of ``model``) now belong to (path, station): carry every record scoped through
    them along, set-wise, however deep the chain (subject → visits, task → extension requests)."""
    for dependent, fk in _dependents(model):
        rows = dependent._base_manager.filter(**{f"{fk}__in": moved_rows.values("pk")})
        scope_moved(dependent, rows, path, station_id)
        rows.update(scope_path=path, station_id=station_id)


def scope_rebase(old_prefix: str, new_prefix: str, *, station_id: int | None = None) -> dict[str, int]:
    """An org subtree moved from ``old_prefix`` to ``new_prefix``: rewrite the path of every scoped record under
    it, one UPDATE per table through the prefix index; ``station_id`` given: those records now belong to it.
    Returns the rows changed per model label."""
    changed = {}
    new_path = Concat(Value(new_prefix), Substr("scope_path", len(old_prefix) + 1), output_field=ScopePathField())
    for model in scoped_models():
        fields = {"scope_path": new_path}
        if station_id is not None:
            fields["station_id"] = station_id
        changed[model._meta.label] = model._base_manager.filter(scope_path__startswith=old_prefix).update(**fields)
    return changed


SCOPE_STATISTICS = 1000  # histogram buckets for scope_path: finer than one bucket per beat of a city (~400)


def scope_statistics(*, using: str = "default") -> None:
    """Give every scoped table's ``scope_path`` a fine histogram on PostgreSQL (after each migrate), so the planner
    estimates one beat's share right: the "约 N" counts and the plans of beat-sized lists depend on it."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in scoped_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN scope_path SET STATISTICS {SCOPE_STATISTICS}")


def scope_backfill(model_label: str, source: str = "org_unit") -> migrations.RunPython:
    """A migration operation filling the scope columns of existing rows from ``source``, in one UPDATE.
    (Historical models do not carry ``scope_source``, so the migration names it.)"""

    def forwards(state_apps, schema_editor):
        model = state_apps.get_model(model_label)
        fk = model._meta.get_field(source)
        target = fk.related_model._meta
        path = "path" if target.label == ORG_UNIT else "scope_path"
        q = schema_editor.quote_name
        table = q(model._meta.db_table)
        schema_editor.execute(
            f"UPDATE {table} SET {q('scope_path')} = src.{q(path)}, {q('station_id')} = src.{q('station_id')} "
            f"FROM {q(target.db_table)} src WHERE src.{q(target.pk.column)} = {table}.{q(fk.column)}"
        )

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def scope_columns_operations(app_label: str, sources: dict[str, str]) -> list:
    """Migration operations giving existing tables their scope columns: add both (station nullable), fill them
    from each model's source in the order given (a parent before the records scoped through it), then make
    ``station`` NOT NULL. ``sources``: model name → source field, e.g. ``{"lead": "org_unit", "leadnote": "lead"}``.
    Add the scope indexes after these, so they are built once over filled columns."""
    station = dict(
        to=ORG_UNIT, on_delete=models.DO_NOTHING, db_index=False, editable=False, related_name="+",
        verbose_name="所属派出所",
    )  # fmt: skip
    path = ScopePathField(default="", editable=False, verbose_name="范围路径")
    return [
        *[migrations.AddField(model, "scope_path", path.clone()) for model in sources],
        *[migrations.AddField(model, "station", models.ForeignKey(null=True, **station)) for model in sources],
        *[scope_backfill(f"{app_label}.{model}", source) for model, source in sources.items()],
        *[migrations.AlterField(model, "station", models.ForeignKey(**station)) for model in sources],
    ]
