"""一标三实 indicators, computed from the records (规范001 第三十条). One definition each, read by pages and API.

* 准确率 (accuracy, ≥95%, 第三十条(一)): share of residents in scope with no open finding of a kind that
  ``counts_against_accuracy`` (ID checksum/date, ID vs gender/birth, impossible age, unmatched address).
* 采集率 (collection, ≥95%, read from 第三十条(二) and the collection list of 第二十七条(二)): share of residents in
  scope whose list items are all recorded: a valid ID (or passport for foreigners), phone, population type,
  a matched standard address and the relation to the house. The standard sets it for 智能安防单元; we apply the
  same completeness test to every resident, which is what the officer can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.roles import Perm
from accounts.scope import path_covered, scope_prefixes
from fengqiao.indicators import IndicatorSpec, Measure, register, stored_measures

from .models import FindingStatus, QualityFinding, Resident
from .quality import FINDING_KINDS

ACCURACY_TARGET = Decimal("0.95")
COLLECTION_TARGET = Decimal("0.95")
ACCURACY_KINDS = [k.code for k in FINDING_KINDS if k.counts_against_accuracy and k.object_type == "resident"]


@dataclass(frozen=True)
class RegistryIndicators:
    residents: int
    accurate: int
    collected: int
    # Read from the daily snapshots: the residents the collection figure was taken of (the two figures are
    # stored apart, seconds from each other) and when they were taken; None when computed now.
    collection_base: int | None = None
    taken_at: object = None

    @property
    def accuracy(self) -> Decimal | None:
        return None if not self.residents else Decimal(self.accurate) / self.residents

    @property
    def collection(self) -> Decimal | None:
        base = self.residents if self.collection_base is None else self.collection_base
        return None if not base else Decimal(self.collected) / base

    @staticmethod
    def _shown(value: Decimal | None) -> str:
        return "—" if value is None else f"{value * 100:.1f}%"

    @property
    def accuracy_shown(self) -> str:
        return self._shown(self.accuracy)

    @property
    def collection_shown(self) -> str:
        return self._shown(self.collection)

    @property
    def accuracy_ok(self) -> bool:
        return self.accuracy is None or self.accuracy >= ACCURACY_TARGET  # "以上" includes the number

    @property
    def collection_ok(self) -> bool:
        return self.collection is None or self.collection >= COLLECTION_TARGET


COMPLETE = (
    (Q(id_number__isnull=False) | Q(population_type="foreign", passport_number__gt=""))
    & ~Q(phone="")
    & ~Q(population_type="")
    & Q(address__isnull=False)
    & ~Q(house_relation="")
)


def registry_indicators(*, user, within=None) -> RegistryIndicators:
    residents = Resident.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).filter(is_active=True)
    if within is not None:
        residents = residents.within(within)
    inaccurate = QualityFinding.objects.filter(
        object_type="resident", object_id=OuterRef("pk"), status=FindingStatus.OPEN, kind__in=ACCURACY_KINDS
    )
    total = residents.count()
    accurate = residents.exclude(Exists(inaccurate)).count()
    collected = residents.filter(COMPLETE).count()
    return RegistryIndicators(total, accurate, collected)


def registry_indicators_of_units(*, user, units) -> dict[int, RegistryIndicators]:
    """The figures of whole org units in the user's scope (the beats of the indicators page, the units of the
    user's scope for the total): this month's daily snapshots of every unit in one read (issue 11: a city's 200
    beats were 600 counts over millions of residents), computed now for a unit without one."""
    units = [u for u in units if path_covered(user, u.path, Perm.VIEW_REGISTRY)]
    today = timezone.localdate()
    codes = (ACCURACY_CODE, COLLECTION_CODE)
    stored = stored_measures([u.pk for u in units], codes, today.replace(day=1), today)
    out = {}
    for unit in units:
        accuracy, collection = stored.get((unit.pk, ACCURACY_CODE)), stored.get((unit.pk, COLLECTION_CODE))
        if accuracy is None or collection is None:
            out[unit.pk] = registry_indicators(user=user, within=unit)
            continue
        out[unit.pk] = RegistryIndicators(
            residents=int(accuracy.measure.denominator or 0),
            accurate=int(accuracy.measure.numerator),
            collected=int(collection.measure.numerator),
            collection_base=int(collection.measure.denominator or 0),
            taken_at=min(accuracy.taken_at, collection.taken_at),
        )
    return out


def registry_indicators_read(*, user) -> RegistryIndicators:
    """The user's whole scope as the page's total and the API show it: the sum of the snapshots of the units the
    scope is made of (disjoint: ``scope_prefixes`` is minimal) when each has one, else computed now."""
    from org.models import OrgUnit

    prefixes = scope_prefixes(user, Perm.VIEW_REGISTRY)
    units = list(OrgUnit.objects.filter(path__in=prefixes, is_active=True))
    by_unit = registry_indicators_of_units(user=user, units=units)
    parts = list(by_unit.values())
    if not prefixes or len(units) != len(prefixes) or any(p.taken_at is None for p in parts):
        return registry_indicators(user=user)
    return RegistryIndicators(
        residents=sum(p.residents for p in parts),
        accurate=sum(p.accurate for p in parts),
        collected=sum(p.collected for p in parts),
        collection_base=sum(p.collection_base for p in parts),
        taken_at=min(p.taken_at for p in parts),
    )


# ---------------------------------------------------------------- declared for the metrics catalogue

ACCURACY_CODE = "art30_1_registry_accuracy"
COLLECTION_CODE = "art30_2_registry_collection"


def _residents_within(unit, start=None, end=None):
    # The scope column (ADR 0003: the org unit's path, indexed) — not a join on org_orgunit: 4× faster at a city.
    return Resident.objects.filter(is_active=True, scope_path__startswith=unit.path)


def accuracy_measure(unit, start, end) -> Measure:
    residents = _residents_within(unit)
    inaccurate = QualityFinding.objects.filter(
        object_type="resident", object_id=OuterRef("pk"), status=FindingStatus.OPEN, kind__in=ACCURACY_KINDS
    )
    return Measure(residents.exclude(Exists(inaccurate)).count(), residents.count())


def collection_measure(unit, start, end) -> Measure:
    residents = _residents_within(unit)
    return Measure(residents.filter(COMPLETE).count(), residents.count())


for _spec in (
    IndicatorSpec(
        code=ACCURACY_CODE,
        name="一标三实信息准确率",
        source="规范001 第三十条(一)",
        compute=accuracy_measure,
        target=ACCURACY_TARGET,
        period="day",
        reading="期末在册实有人口中，没有未关闭的影响准确性的质量问题（身份证号校验、号码与性别出生日期、年龄、地址未匹配）的比例。",
        records=_residents_within,
    ),
    IndicatorSpec(
        code=COLLECTION_CODE,
        name="实有人口信息采集率",
        source="规范001 第三十条(二)",
        compute=collection_measure,
        target=COLLECTION_TARGET,
        period="day",
        reading="期末在册实有人口中，证件、电话、人口类型、标准地址、与房屋关系均已采集的比例（标准对智能安防单元的要求推及每名实有人口）。",
        records=_residents_within,
    ),
):
    register(_spec, module="registry")
