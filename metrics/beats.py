"""The beats on a map, from our own GeoJSON: each beat's boundary is data on the org unit (``BeatBoundary``), the
heat is the count of recent records per beat. No tile server, no external request (an offline tile layer can be
configured later)."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Perm
from org.models import OrgUnit, OrgUnitKind

from .models import BeatBoundary

HEAT_DAYS = 30
# What the heat counts, as data: (key, label, model, date field candidates). A model of an app not installed
# (yet) is skipped; its rows appear by themselves once the app lands.
HEAT_SOURCES = (
    ("incidents", "案事件", "casework.Incident", ("reported_at", "created_at")),
    ("disputes", "矛盾纠纷", "casework.Dispute", ("reported_at", "created_at")),
    ("hazards", "治安隐患", "inspections.Hazard", ("decided_at", "created_at")),
)


def _model(label: str):
    app, name = label.split(".")
    if not apps.is_installed(app):
        return None
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def _date_field(model, candidates) -> str | None:
    for name in candidates:
        try:
            model._meta.get_field(name)
            return name
        except FieldDoesNotExist:
            continue
    return None


def beat_heat(beats: list[OrgUnit]) -> dict[str, dict[str, int]]:
    """{beat path: {source key: count}} of the last HEAT_DAYS days, one grouped query per source and path length."""
    heat = {b.path: {} for b in beats}
    since = timezone.now() - timedelta(days=HEAT_DAYS)
    lengths = {len(b.path) for b in beats}
    for key, _label, label, candidates in HEAT_SOURCES:
        model = _model(label)
        if model is None or not hasattr(model, "scope_path"):
            continue
        qs = model.objects.all()
        if field := _date_field(model, candidates):
            qs = qs.filter(**{f"{field}__gte": since})
        for length in lengths:
            paths = [b.path for b in beats if len(b.path) == length]
            rows = (
                qs.annotate(prefix=Substr("scope_path", 1, length))
                .filter(prefix__in=paths)
                .values("prefix")
                .annotate(n=Count("pk"))
            )
            for row in rows:
                heat[row["prefix"]][key] = row["n"]
    return heat


def beat_map(*, user, unit: OrgUnit) -> dict:
    """The map's data: a GeoJSON FeatureCollection of the viewer's beats under ``unit`` and their heat."""
    beats = list(
        OrgUnit.objects.visible_to(user, perm=Perm.VIEW_METRICS)
        .filter(kind=OrgUnitKind.BEAT, is_active=True, path__startswith=unit.path)
        .order_by("path")
    )
    shapes = {b.org_unit_id: b.geometry for b in BeatBoundary.objects.filter(org_unit__in=beats)}
    heat = beat_heat(beats)
    features, counts, values, links = [], {}, [], {}
    for beat in beats:
        geometry = shapes.get(beat.pk)
        if not geometry:
            continue
        features.append({"type": "Feature", "properties": {"name": beat.name}, "geometry": geometry})
        counts[beat.name] = heat[beat.path]
        values.append({"name": beat.name, "value": sum(heat[beat.path].values())})
        links[beat.name] = f"{reverse('metrics:workbench')}?unit={beat.pk}"
    return {
        "geojson": {"type": "FeatureCollection", "features": features},
        "counts": counts,
        "heat": values,
        "max": max([v["value"] for v in values], default=0),
        "labels": [(key, label) for key, label, model, _c in HEAT_SOURCES if _model(model) is not None],
        "links": links,
        "heat_high": "多",
        "heat_low": "少",
        "beats_without_boundary": len(beats) - len(features),
    }
