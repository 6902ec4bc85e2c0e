"""State changes of the registry — one function each; each writes the operation log and the record history.

Who may call: anyone whose role covers the record's org unit with ``edit_registry`` (officers and auxiliaries
for their beat, station leads for their station, the control centre city-wide); the system with
``acting_user=None`` (demo set-up).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Perm
from accounts.scope import path_covered
from accounts.selectors import user_home_unit
from audit.masking import mask_id_number
from audit.services import operation_log_write
from fengqiao import names
from fengqiao.bulk import copy_insert
from fengqiao.identity import BAD_FORMAT, parse_id_number
from org.models import OrgUnit
from org.validators import normalise_phone

from . import errors
from .models import (
    AddressLevel,
    CandidateStatus,
    DuplicateCandidate,
    FindingStatus,
    House,
    HouseRelation,
    HouseUse,
    Organization,
    OrganizationCategory,
    PopulationType,
    QualityFinding,
    RecordChange,
    Rental,
    Resident,
)
from .quality import CHECKS, FINDING_KINDS, PLACE_CHECKS
from .resolver import AddressResolution, AddressResolver
from .validators import uscc_compact
from .verification import verification_tasks_sync
from .vocabulary import choice_word, ethnicity_word, gender_word

PERSONAL_FIELDS = {"id_number", "phone", "passport_number", "legal_phone", "security_phone"}


def _require(acting_user, path: str) -> None:
    if acting_user is not None and not path_covered(acting_user, path, Perm.EDIT_REGISTRY):
        raise PermissionDenied(_(errors.UNIT_OUT_OF_SCOPE))


@lru_cache(maxsize=64)
def _codes(choices) -> frozenset[str]:
    return frozenset(choices.values)


@lru_cache(maxsize=64)
def _labels(choices, language: str) -> dict[str, str]:
    """Label → code for a choices class, in the active language and in Chinese (import files are Chinese)."""
    labels = {str(label): code for code, label in choices.choices}
    with translation.override("zh-hans"):
        labels |= {str(label): code for code, label in choices.choices}
    return labels


def _choice(value: str, choices, message: str, field: str, problems: dict, required_message: str = "") -> str:
    """Accept a choice by its code, its label or one of the usual words for it (``registry.vocabulary``)."""
    value = (value or "").strip()
    if not value:
        if required_message:
            problems.setdefault(field, []).append(_(required_message))
        return ""
    if value in _codes(choices):
        return value
    if (code := _labels(choices, "zh-hans").get(value)) is not None:
        return code  # a Chinese label (what import files say) means the same whatever the active language
    by_label = _labels(choices, translation.get_language() or "")
    if value in by_label:
        return by_label[value]
    if (code := choice_word(choices, value)) is not None:
        return code
    problems.setdefault(field, []).append(_(message).format(choices="、".join(by_label)))
    return ""


def _checked(problems: dict, field: str, check, value, **kwargs):
    """``check(value)``, or "" with the refusal recorded under ``field``."""
    try:
        return check(value, **kwargs)
    except ValidationError as exc:
        problems.setdefault(field, []).extend(exc.messages)
        return ""


# ---------------------------------------------------------------- addresses


def address_resolve(*, acting_user, text: str, default_unit: OrgUnit | None) -> AddressResolution:
    """Match one free-text address to the standard-address tree (see ``registry.resolver``)."""
    return AddressResolver(acting_user=acting_user, default_unit=default_unit).resolve(text)


# ---------------------------------------------------------------- residents


@dataclass
class ResidentInput:
    """Cleaned resident fields plus what is needed to place the person."""

    fields: dict
    address_text: str
    id_converted_from: str = ""
    # On an import, what a secondary column said that could not be read: (column label, value as typed, reason).
    dropped: list[tuple[str, str, str]] = dataclass_field(default_factory=list)


# Columns whose value a person's record can do without: on an import a value that cannot be read there is left
# blank (gender and birth date then come from the ID) and becomes a finding, instead of losing the person.
SECONDARY_FIELDS = {
    "gender": gettext_lazy("性别"),
    "birth_date": gettext_lazy("出生日期"),
    "ethnicity": gettext_lazy("民族"),
    "phone": gettext_lazy("联系电话"),
    "house_relation": gettext_lazy("与房屋关系"),
    "household_address": gettext_lazy("户籍地址"),
}


HOUSEHOLD_LABEL = gettext_lazy("户籍地址")  # translated when a message names them, not once per row
PLACE_LABEL = gettext_lazy("现住地址")


def resident_clean(data: dict, *, lenient: bool = False) -> ResidentInput:
    """Parse and check one resident's input (form, API or import row); raise ValidationError per field.

    A structurally valid ID with a wrong check digit or date is accepted and becomes a quality finding:
    the person exists and the officer verifies the number (规范001 第二十九条: 核查即录入). With ``lenient``
    (imports), a value of a secondary column that cannot be read is left blank and listed in ``dropped``.
    """
    problems: dict[str, list[str]] = {}
    name = _checked(problems, "name", names.person_name, data.get("name"))
    population_type = _choice(
        data.get("population_type"),
        PopulationType,
        errors.POPULATION_TYPE_INVALID,
        "population_type",
        problems,
        required_message=errors.POPULATION_TYPE_REQUIRED,
    )
    raw_id = str(data.get("id_number") or "").strip()
    passport = (data.get("passport_number") or "").strip()
    info = parse_id_number(raw_id) if raw_id else None
    if info is None and not (population_type == PopulationType.FOREIGN and passport):
        problems["id_number"] = [_(errors.ID_OR_PASSPORT_REQUIRED)]
    elif info is not None and EXCEL_NUMBER.match(raw_id):
        problems["id_number"] = [_(errors.ID_EXCEL_NUMBER).format(shown=raw_id)]
    elif info is not None and BAD_FORMAT in info.problems:
        problems["id_number"] = [_(errors.ID_BAD_FORMAT)]
    gender_raw = str(data.get("gender") or "").strip()
    gender = gender_word(gender_raw) if gender_raw else ""
    if gender is None:
        problems["gender"] = [_(errors.GENDER_INVALID)]
        gender = ""
    birth = data.get("birth_date") or None
    if isinstance(birth, str):
        birth = _checked(problems, "birth_date", parse_date, birth) or None
    ethnicity_raw = str(data.get("ethnicity") or "").strip()
    ethnicity = ethnicity_word(ethnicity_raw) if ethnicity_raw else ""
    if ethnicity is None:
        problems["ethnicity"] = [_(errors.ETHNICITY_INVALID)]
        ethnicity = ""
    try:
        phone = normalise_phone(str(data.get("phone") or ""))
    except ValidationError:
        problems["phone"] = [_(errors.PHONE_INVALID)]
        phone = ""
    relation = _choice(
        data.get("house_relation"), HouseRelation, errors.HOUSE_RELATION_INVALID, "house_relation", problems
    )
    household = _checked(
        problems, "household_address", names.address_text, data.get("household_address"), label=HOUSEHOLD_LABEL
    )
    place = _checked(problems, "address_text", names.address_text, data.get("address_text"), label=PLACE_LABEL)
    dropped = []
    if lenient:
        for field, label in SECONDARY_FIELDS.items():
            if field in problems:
                dropped.append((str(label), str(data.get(field) or "").strip(), problems.pop(field)[0]))
    if problems:
        raise ValidationError(problems)
    fields = {
        "name": name,
        "population_type": population_type,
        "phone": phone,
        "house_relation": relation,
        "ethnicity": ethnicity,
        "household_address": household,
        "nationality": (data.get("nationality") or "").strip()[:50],
        "passport_number": passport[:30],
        "id_number": info.number if info else None,
        "id_number_original": info.converted_from if info else "",
        "id_prefix": info.number[:14] if info else "",
        # Blank gender/birth date are derived from the ID (the template allows them blank).
        "gender": gender or (info.gender if info else ""),
        "birth_date": birth or (info.birth_date if info else None),
    }
    return ResidentInput(fields, place, info.converted_from if info else "", dropped)


# An ID number a spreadsheet turned into a number and shows in scientific notation (3.20505198604041E+17).
EXCEL_NUMBER = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")
_DATE = re.compile(r"^(\d{4})(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))(?:[ T]00:00(?::00)?)?$")


def parse_date(value: str) -> datetime.date | None:
    """A date as people write it (1980-01-31, 1980/1/31, 19800131, 1980.01.31, 1980年1月31日); ``None`` for
    blank. A date that cannot exist (19990231) and a text that is not a date are refused with different words."""
    value = (value or "").strip()
    if not value:
        return None
    match = _DATE.match(value)
    if not match:
        raise ValidationError(_(errors.BIRTH_DATE_INVALID), code="date_format")
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(
            _(errors.BIRTH_DATE_IMPOSSIBLE).format(value=f"{year}-{month}-{day}"), code="date_impossible"
        ) from None


def name_initials(name: str) -> str:
    """The name's pinyin initials (王伟 → ww), as ``pypinyin.lazy_pinyin(…, FIRST_LETTER)`` gives them. A name whose
    every character has one initial whatever its reading (王 wáng/wàng) is spelled from a per-character cache;
    only a name with a character whose readings start differently (曾 zēng/céng) asks pypinyin, which reads it in
    its phrase (cached per name)."""
    letters = []
    for char in name:
        letter = _char_initial(char)
        if letter is None:
            return _initials_in_context(name)
        letters.append(letter)
    return "".join(letters).lower()[:20]


@lru_cache(maxsize=30_000)
def _char_initial(char: str) -> str | None:
    """The one initial of a Han character all of whose readings start alike; None otherwise (or not Han)."""
    from pypinyin.constants import PINYIN_DICT

    readings = PINYIN_DICT.get(ord(char))
    if not readings or len({unicodedata.normalize("NFD", r)[:1] for r in readings.split(",")}) != 1:
        return None
    return _initials_in_context(char)


@lru_cache(maxsize=50_000)  # names repeat a lot in a register; pypinyin is the costly part of an entry
def _initials_in_context(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore") if p).lower()[:20]


def loggable_value(name, value):
    if name in PERSONAL_FIELDS:
        return mask_id_number(value) if name == "id_number" else ("（已修改）" if value else "")
    if hasattr(value, "pk"):
        return str(value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _history(acting_user, obj, action: str, changes: dict) -> None:
    RecordChange.objects.create(
        object_type=obj._meta.model_name, object_id=obj.pk, user=acting_user, action=action, changes=changes
    )


def _place(acting_user, cleaned: ResidentInput, org_unit: OrgUnit | None):
    if org_unit is None and acting_user is not None:
        org_unit = user_home_unit(acting_user)  # where a person with an unreadable address is kept
    resolution = address_resolve(acting_user=acting_user, text=cleaned.address_text, default_unit=org_unit)
    if resolution.rejected:
        raise ValidationError({"address_text": [resolution.rejected]})
    unit = resolution.org_unit or org_unit
    if unit is None:
        raise ValidationError({"address_text": [_(errors.ADDRESS_UNREADABLE)]})
    _require(acting_user, unit.path)
    house = None
    if resolution.address is not None and resolution.address.level >= AddressLevel.DOOR:
        house, _created = House.objects.get_or_create(address=resolution.address, defaults={"org_unit": unit})
    return resolution.address, unit, house


@transaction.atomic
def resident_create(
    *, acting_user, data: dict, org_unit: OrgUnit | None = None, check_duplicates: bool = True
) -> Resident:
    """Register a person (实有人口采集). ``org_unit`` is where an unplaceable address is kept."""
    cleaned = resident_clean(data)
    number = cleaned.fields["id_number"]
    if number and (existing := Resident.objects.filter(id_number=number).first()):
        raise ValidationError(
            {"id_number": [_(errors.ID_TAKEN).format(masked=mask_id_number(number), name=existing.name)]}
        )
    address, unit, house = _place(acting_user, cleaned, org_unit)
    resident = Resident.objects.create(
        **cleaned.fields,
        address=address,
        address_text=cleaned.address_text,
        house=house,
        org_unit=unit,
        name_initials=name_initials(cleaned.fields["name"]),
    )
    _history(acting_user, resident, "create", {})
    operation_log_write(
        acting_user=acting_user,
        action="resident_create",
        object_type="resident",
        object_id=resident.pk,
        summary=f"登记实有人口“{resident.name}”",
        scope_path=unit.path,
    )
    findings_refresh(resident)
    if check_duplicates:
        duplicate_candidates_record(resident)
    return resident


@transaction.atomic
def resident_update(*, acting_user, resident: Resident, data: dict) -> Resident:
    """Correct or move a person; every changed field goes to the history (personal values masked)."""
    _require(acting_user, resident.org_unit.path)
    cleaned = resident_clean(data)
    number = cleaned.fields["id_number"]
    if number and Resident.objects.filter(id_number=number).exclude(pk=resident.pk).exists():
        other = Resident.objects.get(id_number=number)
        raise ValidationError(
            {"id_number": [_(errors.ID_TAKEN).format(masked=mask_id_number(number), name=other.name)]}
        )
    fields = dict(cleaned.fields)
    if cleaned.address_text != resident.address_text:
        address, unit, house = _place(acting_user, cleaned, resident.org_unit)
        fields.update(address=address, address_text=cleaned.address_text, org_unit=unit, house=house)
    changes = {}
    for name, value in fields.items():
        old = getattr(resident, name)
        if old != value:
            changes[name] = [loggable_value(name, old), loggable_value(name, value)]
            setattr(resident, name, value)
    if changes:
        resident.name_initials = name_initials(resident.name)
        resident.save()
        _history(acting_user, resident, "update", changes)
        operation_log_write(
            acting_user=acting_user,
            action="resident_update",
            object_type="resident",
            object_id=resident.pk,
            summary=f"修改实有人口“{resident.name}”",
            changes=changes,
            scope_path=resident.org_unit.path,
        )
        findings_refresh(resident)
        duplicate_candidates_record(resident)
    return resident


@transaction.atomic
def resident_merge(*, acting_user, candidate: DuplicateCandidate, keep: Resident) -> Resident:
    """Merge two records of one person: the other is retired into ``keep``; both histories record it."""
    pair = {candidate.resident_id, candidate.other_id}
    if keep.pk not in pair:
        raise ValidationError(_(errors.MERGE_SELF))
    retired = candidate.other if keep.pk == candidate.resident_id else candidate.resident
    for r in (keep, retired):
        _require(acting_user, r.org_unit.path)
    for field in ("phone", "ethnicity", "house_relation", "household_address", "address", "house"):
        if not getattr(keep, field) and getattr(retired, field):
            setattr(keep, field, getattr(retired, field))
    keep.save()
    retired.is_active = False
    retired.merged_into = keep
    retired_number = retired.id_number
    retired.id_number = None  # frees the natural key; the number stays in the history
    retired.id_prefix = ""
    retired.save(update_fields=["is_active", "merged_into", "id_number", "id_prefix", "updated_at"])
    candidate.status = CandidateStatus.MERGED
    candidate.decided_by = acting_user
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    _history(acting_user, keep, "merge", {"merged": [retired.pk, mask_id_number(retired_number or "")]})
    _history(acting_user, retired, "merged_into", {"into": [keep.pk, keep.name]})
    QualityFinding.objects.filter(object_type="resident", object_id=retired.pk, status=FindingStatus.OPEN).update(
        status=FindingStatus.CLOSED, outcome="记录已合并", closed_by=acting_user, closed_at=timezone.now()
    )
    operation_log_write(
        acting_user=acting_user,
        action="resident_merge",
        object_type="resident",
        object_id=keep.pk,
        summary=f"合并重复人员“{retired.name}”到“{keep.name}”",
        scope_path=keep.org_unit.path,
    )
    findings_refresh(keep)
    return keep


@transaction.atomic
def candidate_mark_distinct(*, acting_user, candidate: DuplicateCandidate) -> DuplicateCandidate:
    _require(acting_user, candidate.resident.org_unit.path)
    candidate.status = CandidateStatus.DISTINCT
    candidate.decided_by = acting_user
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    operation_log_write(
        acting_user=acting_user,
        action="candidate_mark_distinct",
        object_type="resident",
        object_id=candidate.resident_id,
        summary=f"确认“{candidate.resident}”与“{candidate.other}”为不同人",
        scope_path=candidate.resident.org_unit.path,
    )
    return candidate


def duplicate_candidates_record(resident: Resident) -> list[DuplicateCandidate]:
    from .matching import candidates_for

    recorded = []
    for other, score, reasons in candidates_for(resident):
        a, b = sorted((resident, other), key=lambda r: r.pk)
        candidate, created = DuplicateCandidate.objects.get_or_create(
            resident=a, other=b, defaults={"score": score, "reasons": reasons}
        )
        if created or candidate.status == CandidateStatus.OPEN:
            recorded.append(candidate)
    return recorded


# ---------------------------------------------------------------- findings


def findings_refresh(obj) -> list[QualityFinding]:
    """Open a finding for every failing check of this record; close those that no longer fail."""
    return findings_refresh_many([obj])


def findings_refresh_many(objs) -> list[QualityFinding]:
    """``findings_refresh`` for many records of one type, in three queries whatever their number."""
    if not objs:
        return []
    object_type = objs[0]._meta.model_name
    kinds = [k for k in FINDING_KINDS if k.object_type == object_type and k.check]
    existing = {
        (f.object_id, f.kind): f
        for f in QualityFinding.objects.filter(
            object_type=object_type, object_id__in=[o.pk for o in objs], status=FindingStatus.OPEN
        )
    }
    new, still_open, corrected = [], [], []
    for obj in objs:
        for kind in kinds:
            detail = CHECKS[kind.check](obj)
            found = existing.get((obj.pk, kind.code))
            if detail and found is None:
                new.append(
                    QualityFinding(
                        kind=kind.code,
                        object_type=object_type,
                        object_id=obj.pk,
                        object_label=str(obj)[:100],
                        detail=detail[:300],
                        org_unit=obj.org_unit,
                    )
                )
            elif detail:
                still_open.append(found)
            elif found is not None:
                corrected.append(found.pk)
    if corrected:
        QualityFinding.objects.filter(pk__in=corrected).update(
            status=FindingStatus.CLOSED, outcome="数据已更正（系统复核通过）", closed_at=timezone.now()
        )
    created = QualityFinding.objects.bulk_create(new, batch_size=2000)
    if created:
        verification_tasks_sync(beats={f.org_unit_id for f in created})
    return still_open + created


def _resident_checks(place: bool) -> list[tuple[str, str, object]]:
    """(finding kind, check name, check) of every resident check that reads the place (``place``) or does not."""
    return [
        (k.code, k.check, CHECKS[k.check])
        for k in FINDING_KINDS
        if k.object_type == "resident" and k.check and (k.check in PLACE_CHECKS) == place
    ]


def findings_of_input(fields: dict) -> dict[str, str]:
    """kind → detail of every failing resident check that reads only the input's own fields (not its place): an
    import runs these while it reads the file (``findings_of_new`` takes them as the row's ``input_findings``)."""
    record = SimpleNamespace(**fields)
    return {code: detail for code, _name, check in _resident_checks(False) if (detail := check(record))}


def findings_of_new(rows: list[dict]) -> set[int]:
    """``findings_refresh`` for residents just inserted as plain rows (field values with their new ``id``, as
    ``fengqiao.bulk.copy_insert`` leaves them): the same checks, nothing to close (a new record has no findings
    yet), the findings written with ``COPY``. A row may carry ``input_findings`` (``findings_of_input`` of its
    fields, run earlier); then only the checks that read the place run here. Returns the beats that got one; the
    caller syncs their 核查任务."""
    kinds = [k for k in FINDING_KINDS if k.object_type == "resident" and k.check]
    new = []
    for row in rows:
        record = SimpleNamespace(**row)
        earlier = row.get("input_findings")
        for kind in kinds:
            if earlier is not None and kind.check not in PLACE_CHECKS:
                detail = earlier.get(kind.code)
            else:
                detail = CHECKS[kind.check](record)
            if detail:
                new.append(
                    {
                        "kind": kind.code,
                        "object_type": "resident",
                        "object_id": row["id"],
                        "object_label": row["name"][:100],
                        "detail": detail[:300],
                        "org_unit_id": row["org_unit_id"],
                    }
                )
    copy_insert(QualityFinding, new)
    return {f["org_unit_id"] for f in new}


@transaction.atomic
def finding_close(*, acting_user, finding: QualityFinding, outcome: str) -> QualityFinding:
    """The officer records what the verification found (核查结果) and closes the item."""
    _require(acting_user, finding.org_unit.path)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": [_(errors.OUTCOME_REQUIRED)]})
    finding.status = FindingStatus.CLOSED
    finding.outcome = outcome[:300]
    finding.closed_by = acting_user
    finding.closed_at = timezone.now()
    finding.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    operation_log_write(
        acting_user=acting_user,
        action="finding_close",
        object_type=finding.object_type,
        object_id=finding.object_id,
        summary=f"核查“{finding.object_label}”：{outcome[:100]}",
        scope_path=finding.org_unit.path,
    )
    return finding


# ---------------------------------------------------------------- houses and organisations


@transaction.atomic
def house_register(
    *, acting_user, address_text: str, use: str, owner_name: str = "", org_unit: OrgUnit | None = None
) -> House:
    """Register (or update the use of) the house at an address (实有房屋采集)."""
    problems: dict[str, list[str]] = {}
    use = _choice(use, HouseUse, errors.HOUSE_USE_INVALID, "use", problems) or HouseUse.OWNER_OCCUPIED
    owner_name = _checked(problems, "owner_name", names.person_name, owner_name, required=False)
    address_text = _checked(problems, "address_text", names.address_text, address_text)
    if not address_text and "address_text" not in problems:
        problems["address_text"] = [_(errors.ADDRESS_REQUIRED)]
    if problems:
        raise ValidationError(problems)
    resolution = address_resolve(acting_user=acting_user, text=address_text, default_unit=None)
    if resolution.rejected or resolution.address is None:
        raise ValidationError({"address_text": [resolution.rejected or _(errors.ADDRESS_UNREADABLE)]})
    _require(acting_user, resolution.org_unit.path)
    house, created = House.objects.get_or_create(
        address=resolution.address,
        defaults={"org_unit": resolution.org_unit, "use": use, "owner_name": owner_name[:60]},
    )
    if not created and (house.use, house.owner_name) != (use, owner_name or house.owner_name):
        changes = {"use": [house.use, use]}
        house.use, house.owner_name = use, owner_name or house.owner_name
        house.save(update_fields=["use", "owner_name", "updated_at"])
        _history(acting_user, house, "update", changes)
    elif created:
        _history(acting_user, house, "create", {})
    operation_log_write(
        acting_user=acting_user,
        action="house_register",
        object_type="house",
        object_id=house.pk,
        summary=f"登记实有房屋“{house.address.full_text}”",
        scope_path=house.org_unit.path,
    )
    findings_refresh(house)
    return house


@transaction.atomic
def rental_register(*, acting_user, house: House, start, end=None, tenants=()) -> Rental:
    """出租登记: the house becomes rented; tenants are residents already registered."""
    _require(acting_user, house.org_unit.path)
    rental = Rental.objects.create(house=house, start=start, end=end)
    rental.tenants.set(tenants)
    if house.use != HouseUse.RENTED:
        house.use = HouseUse.RENTED
        house.save(update_fields=["use", "updated_at"])
    _history(acting_user, house, "rental", {"start": str(start), "tenants": len(tenants)})
    operation_log_write(
        acting_user=acting_user,
        action="rental_register",
        object_type="house",
        object_id=house.pk,
        summary=f"出租登记“{house.address.full_text}”，承租人{len(tenants)}人",
        scope_path=house.org_unit.path,
    )
    findings_refresh(house)
    return rental


def organization_clean(data: dict) -> dict:
    problems: dict[str, list[str]] = {}
    name = _checked(problems, "name", names.organization_name, data.get("name"))
    if not name and "name" not in problems:
        problems["name"] = [_(errors.ORG_NAME_REQUIRED)]
    people = {
        field: _checked(problems, field, names.person_name, data.get(field), required=False)
        for field in ("legal_representative", "security_contact")
    }
    category = _choice(data.get("category"), OrganizationCategory, errors.CATEGORY_INVALID, "category", problems)
    code = uscc_compact(data.get("uscc") or "")
    phones = {}
    for field in ("legal_phone", "security_phone"):
        try:
            phones[field] = normalise_phone(str(data.get(field) or ""))
        except ValidationError:
            problems[field] = [_(errors.PHONE_INVALID)]
    if problems:
        raise ValidationError(problems)
    return {
        "name": name,
        "category": category or OrganizationCategory.OTHER,
        "uscc": code or None,
        "is_key_unit": data.get("is_key_unit") in (True, "是", "1", "true", "on"),
        **people,
        "staff_count": int(data.get("staff_count") or 0),
        **phones,
    }


def _organization_place(acting_user, data: dict, org_unit: OrgUnit | None):
    try:
        address_text = names.address_text(data.get("address_text"))
    except ValidationError as exc:
        raise ValidationError({"address_text": exc.messages}) from None
    resolution = address_resolve(acting_user=acting_user, text=address_text, default_unit=org_unit)
    if resolution.rejected:
        raise ValidationError({"address_text": [resolution.rejected]})
    unit = resolution.org_unit or org_unit
    if unit is None:
        raise ValidationError({"address_text": [_(errors.ADDRESS_UNREADABLE)]})
    _require(acting_user, unit.path)
    return {"address": resolution.address, "address_text": address_text, "org_unit": unit}


def _uscc_free(code: str | None, exclude: Organization | None = None) -> None:
    taken = Organization.objects.filter(uscc=code).exclude(pk=exclude.pk if exclude else None).first() if code else None
    if taken is not None:
        raise ValidationError({"uscc": [_(errors.USCC_TAKEN).format(name=taken.name)]})


@transaction.atomic
def organization_register(*, acting_user, data: dict, org_unit: OrgUnit | None = None) -> Organization:
    """实有单位采集. A malformed credit code is kept and flagged (the unit exists; the code gets verified)."""
    fields = organization_clean(data)
    _uscc_free(fields["uscc"])
    organization = Organization.objects.create(**fields, **_organization_place(acting_user, data, org_unit))
    _history(acting_user, organization, "create", {})
    operation_log_write(
        acting_user=acting_user,
        action="organization_register",
        object_type="organization",
        object_id=organization.pk,
        summary=f"登记实有单位“{organization.name}”",
        scope_path=organization.org_unit.path,
    )
    findings_refresh(organization)
    _supervision_recompute(acting_user, organization)
    return organization


def _supervision_recompute(acting_user, organization: Organization) -> None:
    """A registered, re-flagged or deregistered unit moves its inspection schedule at once (规范001 第六十二条(一));
    the ``supervised_unit`` adapter (inspections) reads the organisation, the registry does not know it."""
    from rules.services import rules_recompute_record

    rules_recompute_record(acting_user=acting_user, record_type="supervised_unit", record_id=organization.pk)


@transaction.atomic
def organization_update(*, acting_user, organization: Organization, data: dict) -> Organization:
    """Correct an organisation's record; a new address text moves it (and needs the scope of its new beat)."""
    _require(acting_user, organization.org_unit.path)
    fields = organization_clean(data)
    _uscc_free(fields["uscc"], exclude=organization)
    if (data.get("address_text") or "").strip() != organization.address_text:
        fields |= _organization_place(acting_user, data, organization.org_unit)
    changes = {}
    for name, value in fields.items():
        if getattr(organization, name) != value:
            changes[name] = [loggable_value(name, getattr(organization, name)), loggable_value(name, value)]
            setattr(organization, name, value)
    if changes:
        organization.save()
        _history(acting_user, organization, "update", changes)
        operation_log_write(
            acting_user=acting_user,
            action="organization_update",
            object_type="organization",
            object_id=organization.pk,
            summary=f"修改实有单位“{organization.name}”",
            changes=changes,
            scope_path=organization.org_unit.path,
        )
        findings_refresh(organization)
        _supervision_recompute(acting_user, organization)
    return organization
