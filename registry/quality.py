"""Quality findings (信息核查) as data: each kind is a row with its article; its check is a named predicate.

A finding is computed from a record, kept open until the beat officer closes it with an outcome, and counts
against the accuracy indicator while open (规范001 第二十九条: 核查即录入; 第三十条: 准确率).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from fengqiao.identity import BAD_CHECKSUM, BAD_DATE, parse_id_number

from .validators import uscc_valid

# A house with more occupants than this is implausible and worth a visit ("群租" is the usual cause).
MAX_PLAUSIBLE_OCCUPANTS = 15
MAX_PLAUSIBLE_AGE = 120


@dataclass(frozen=True)
class FindingKind:
    code: str
    title: str
    object_type: str
    check: str | None  # name of a predicate in CHECKS; None: raised by the importer's compare-on-entry
    counts_against_accuracy: bool
    source: str = "规范001 第三十条"


FINDING_KINDS: tuple[FindingKind, ...] = (
    FindingKind("id_bad_checksum", "身份证号校验码错误", "resident", "id_bad_checksum", True),
    FindingKind("id_bad_date", "身份证号中的出生日期无效", "resident", "id_bad_date", True),
    FindingKind(
        "id_region_unknown",
        "身份证号地区码不在行政区划代码表中",
        "resident",
        "id_region_unknown",
        False,
        "规范001 第二十九条",
    ),
    FindingKind("id_gender_mismatch", "性别与身份证号不符", "resident", "id_gender_mismatch", True),
    FindingKind("id_birth_mismatch", "出生日期与身份证号不符", "resident", "id_birth_mismatch", True),
    FindingKind("impossible_age", "年龄不合常理", "resident", "impossible_age", True),
    FindingKind("missing_required", "采集清单项目缺失", "resident", "missing_required", False, "规范001 第二十八条"),
    FindingKind("unmatched_address", "现住地址未匹配到标准地址", "resident", "unmatched_address", True),
    FindingKind("id_name_conflict", "同一身份证号登记了不同姓名", "resident", None, True, "规范001 第二十九条"),
    FindingKind("two_addresses", "同一人登记于两处地址", "resident", None, False, "规范001 第二十九条"),
    FindingKind("import_value_unreadable", "导入时无法识别的内容已留空", "resident", None, False, "规范001 第二十九条"),
    FindingKind("house_overcrowded", "房屋居住人数过多", "house", "house_overcrowded", True, "规范001 第二十七条(三)"),
    FindingKind(
        "rental_without_tenants",
        "出租房屋未登记承租人",
        "house",
        "rental_without_tenants",
        True,
        "规范001 第二十七条(三)",
    ),
    FindingKind(
        "organization_bad_uscc",
        "单位统一社会信用代码缺失或有误",
        "organization",
        "organization_bad_uscc",
        True,
        "规范001 第二十七条(四)",
    ),
)
KIND_BY_CODE = {k.code: k for k in FINDING_KINDS}

CHECKS: dict[str, Callable[[object], str | None]] = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


def _id(resident):
    return parse_id_number(resident.id_number) if resident.id_number else None


@check
def id_bad_checksum(r) -> str | None:
    info = _id(r)
    return "第18位校验码与前17位不符" if info and BAD_CHECKSUM in info.problems else None


@check
def id_bad_date(r) -> str | None:
    info = _id(r)
    return f"号码中的出生日期“{r.id_number[6:14]}”不是有效日期" if info and BAD_DATE in info.problems else None


@check
def id_region_unknown(r) -> str | None:
    info = _id(r)
    if info and not info.problems and not info.region_known:
        return f"地区码 {info.region_code} 未知（可能已撤销或录入有误），请核对户籍地"
    return None


@check
def id_gender_mismatch(r) -> str | None:
    info = _id(r)
    if info and info.gender and r.gender and info.gender != r.gender:
        return "号码第17位表示的性别与登记性别不同"
    return None


@check
def id_birth_mismatch(r) -> str | None:
    info = _id(r)
    if info and info.birth_date and r.birth_date and info.birth_date != r.birth_date:
        return f"号码中为 {info.birth_date:%Y-%m-%d}，登记为 {r.birth_date:%Y-%m-%d}"
    return None


@check
def impossible_age(r) -> str | None:
    if not r.birth_date:
        return None
    today = datetime.date.today()
    age = today.year - r.birth_date.year - ((today.month, today.day) < (r.birth_date.month, r.birth_date.day))
    if age < 0 or age > MAX_PLAUSIBLE_AGE:
        return f"按出生日期计算年龄为 {age} 岁"
    return None


@check
def missing_required(r) -> str | None:
    missing = [
        label
        for label, value in (("联系电话", r.phone), ("民族", r.ethnicity), ("与房屋关系", r.house_relation))
        if not value
    ]
    if r.population_type == "foreign" and not r.passport_number:
        missing.append("护照号码")
    return "缺少：" + "、".join(missing) if missing else None


# Resident checks that read where the person lives (known only once the address is resolved); every other resident
# check reads only the fields of the input itself, so an import can run those before the address is placed.
PLACE_CHECKS = frozenset({"unmatched_address"})


@check
def unmatched_address(r) -> str | None:
    return f"“{r.address_text or '（空）'}”" if r.address_id is None else None


@check
def house_overcrowded(h) -> str | None:
    n = h.occupants.filter(is_active=True).count()
    return f"登记居住 {n} 人（超过 {MAX_PLAUSIBLE_OCCUPANTS} 人）" if n > MAX_PLAUSIBLE_OCCUPANTS else None


@check
def rental_without_tenants(h) -> str | None:
    if h.use != "rented":
        return None
    has_tenants = (
        h.rentals.filter(tenants__isnull=False).exists()
        or h.occupants.filter(house_relation__in=["tenant", "lodger"], is_active=True).exists()
    )
    return None if has_tenants else "用途为出租，但没有承租人登记"


@check
def organization_bad_uscc(o) -> str | None:
    if not o.uscc:
        return "未登记统一社会信用代码"
    return None if uscc_valid(o.uscc) else f"“{o.uscc}”校验不通过"
