"""The composition check (规范000 §4.1 “1+2+2+N”, §4.2.4) and the nickname check (§7.2.1 “单位-姓名-电话号码”) as
pure functions of plain facts: no database, so they are tested on fixed groups and the services only gather the
facts (``services.group_check``).

Readings (our copy of 规范000 has no §8/§9):
* A member counts for a role only when matched to our own staff records (a police role typed by hand without a
  staff record is reported, not counted); the station account counts when the group's 本所企业微信账号 is a
  current member.
* “2” 社区专职辅警: fewer than two is a violation (none, or only one).
* “N” 网格员、志愿者: none is a warning (“若干名”).
* 云格岗专员 not named: a warning (§4.2.4 requires one per station, not per group).
* Nickname: all 云格警务人员 (社区民警、专职辅警、非社区民警及机关民警) must show 单位-姓名-电话号码 — an empty or
  unreadable nickname, or a unit, name or phone that does not match the staff record, is a violation; 网格员 and
  志愿者 are checked the same way but only warned; residents are exempt. Parsing is lenient: full- and half-width
  hyphens and dashes, spaces, and landline numbers written with “-” (0514-87654321) are all read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalogue import HELPER_ROLES, POLICE_ROLES, S41, S424, S721, MemberRole

VIOLATION, WARNING = "violation", "warning"
# Every hyphen- or dash-like character a phone keyboard offers, read as the separator “-”.
DASHES = re.compile(r"[\-－—–‐‑‒―﹣⁃_—~～]+")
SPACES = re.compile(r"\s+")
DIGITS = re.compile(r"\d")
PHONE_EXTRA = re.compile(r"[-+()（）]")  # what a written phone number may hold besides digits


@dataclass(frozen=True)
class StaffFacts:
    """What our staff table says of the person a member was matched to."""

    name: str
    phones: tuple[str, ...]  # personal and published official phones
    units: tuple[str, ...]  # the names of their unit and every unit above it (警务区、派出所、分局、市局)


@dataclass(frozen=True)
class MemberFacts:
    label: str  # how the page names the member (nickname, name or userid)
    role: str  # MemberRole value, "" when unknown
    nickname: str = ""
    staff: StaffFacts | None = None
    is_station_account: bool = False


@dataclass(frozen=True)
class Finding:
    level: str  # VIOLATION / WARNING
    code: str
    message: str
    clause: str
    member: str = ""

    def as_dict(self) -> dict:
        return {"level": self.level, "code": self.code, "message": self.message, "clause": self.clause,
                "member": self.member}  # fmt: skip


@dataclass(frozen=True)
class Nickname:
    unit: str
    name: str
    phone: str  # digits only


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)

    @property
    def composition_ok(self) -> bool:
        return not any(f.level == VIOLATION and f.code.startswith("composition") for f in self.findings)

    @property
    def nickname_ok(self) -> bool:
        return not any(f.level == VIOLATION and f.code.startswith("nickname") for f in self.findings)


def _normal(text: str) -> str:
    return SPACES.sub("", DASHES.sub("-", text or ""))


def parse_nickname(text: str) -> Nickname | None:
    """``单位-姓名-电话号码`` read leniently; None when it is not three parts with a phone number at the end.

    The phone may itself hold a “-” (a landline with its area code): the unit and the name never do, so the text
    splits at its first two separators. Spaces are dropped anywhere (a Chinese name holds none); a space alone
    may also separate the parts (“枫桥派出所 张三 13800001111”)."""
    raw = (text or "").strip()
    if not raw:
        return None
    normal = _normal(raw)
    if normal.count("-") < 2:
        spaced = [part for part in SPACES.split(DASHES.sub(" ", raw)) if part]
        if len(spaced) < 3:
            return None
        normal = "-".join([spaced[0], spaced[1], "".join(spaced[2:])])
    unit, name, phone = normal.split("-", 2)
    digits = "".join(DIGITS.findall(phone))
    if not unit or not name or len(digits) < 7 or PHONE_EXTRA.sub("", DIGITS.sub("", phone)):
        return None
    return Nickname(unit=unit, name=name, phone=digits)


def _digits(phone: str) -> str:
    return "".join(DIGITS.findall(phone or ""))


def _unit_matches(unit: str, units: tuple[str, ...]) -> bool:
    """The nickname's unit is the member's unit or one above it; a full name (江枫市公安局枫桥派出所) or the short
    one (枫桥派出所) both read."""
    unit = _normal(unit)
    for name in units:
        name = _normal(name)
        if name and (unit == name or (len(unit) >= 2 and (unit in name or name in unit))):
            return True
    return False


def nickname_findings(member: MemberFacts) -> list[Finding]:
    """The §7.2.1 check of one member: [] when it passes or the member is exempt."""
    if member.role in POLICE_ROLES:
        level = VIOLATION
    elif member.role in HELPER_ROLES:
        level = WARNING
    else:
        return []  # residents, the station account and unknown members are not 云格警务人员
    who = member.label

    def bad(code: str, message: str) -> list[Finding]:
        return [Finding(level, f"nickname_{code}", message, S721, who)]

    if not (member.nickname or "").strip():
        return bad("empty", f"{who}：群昵称为空，应为“单位-姓名-电话号码”（{S721}）")
    parsed = parse_nickname(member.nickname)
    if parsed is None:
        return bad("format", f"{who}：群昵称“{member.nickname}”不是“单位-姓名-电话号码”格式（{S721}）")
    staff = member.staff
    if staff is None:
        return bad("unmatched", f"{who}：未与人员信息对应，无法核对昵称中的单位、姓名和电话（{S721}）")
    found = []
    if not _unit_matches(parsed.unit, staff.units):
        found += bad(
            "unit", f"{who}：昵称中的单位“{parsed.unit}”与人员信息不符（应为{staff.units[0]}或其上级单位）（{S721}）"
        )
    if _normal(parsed.name) != _normal(staff.name):
        found += bad("name", f"{who}：昵称中的姓名“{parsed.name}”与人员信息“{staff.name}”不符（{S721}）")
    if parsed.phone not in {_digits(p) for p in staff.phones if p}:
        found += bad("phone", f"{who}：昵称中的电话与人员信息登记的电话不符（{S721}）")
    return found


ROLE_WORDS = {
    MemberRole.COMMUNITY_OFFICER: "社区民警",
    MemberRole.STATION_POLICE: "派出所非社区民警",
    MemberRole.BUREAU_POLICE: "分局机关民警",
    MemberRole.AUXILIARY: "社区专职辅警",
}


def composition_findings(
    members: list[MemberFacts], *, station_account: str = "", has_specialist: bool = True
) -> list[Finding]:
    """The §4.1 “1+2+2+N” check of a group's current members (and §4.2.4's station account)."""
    found: list[Finding] = []
    counted: dict[str, int] = {}
    for m in members:
        if m.role in POLICE_ROLES and m.staff is None:
            found.append(Finding(WARNING, "composition_unmatched",
                                 f"{m.label}：标为{ROLE_WORDS[m.role]}但未与人员信息对应，不计入“1+2+2+N”（{S41}）",
                                 S41, m.label))  # fmt: skip
            continue
        counted[m.role] = counted.get(m.role, 0) + 1

    def missing(code, message, clause=S41, level=VIOLATION):
        found.append(Finding(level, f"composition_{code}", message, clause))

    if not counted.get(MemberRole.COMMUNITY_OFFICER):
        missing("community_officer", f"缺少社区民警（{S41}“1”：每个群组内有1名社区民警）")
    if not counted.get(MemberRole.STATION_POLICE):
        missing("station_police", f"缺少派出所非社区民警（{S41}“2”：1名派出所非社区民警、1名分局机关民警）")
    if not counted.get(MemberRole.BUREAU_POLICE):
        missing("bureau_police", f"缺少分局机关民警（{S41}“2”：1名派出所非社区民警、1名分局机关民警）")
    auxiliaries = counted.get(MemberRole.AUXILIARY, 0)
    if auxiliaries == 0:
        missing("auxiliary", f"缺少社区专职辅警（{S41}“2”：每个群组内有2名社区专职辅警）")
    elif auxiliaries == 1:
        missing("auxiliary", f"社区专职辅警仅1名，应为2名（{S41}“2”：每个群组内有2名社区专职辅警）")
    if not (counted.get(MemberRole.GRID_WORKER) or counted.get(MemberRole.VOLUNTEER)):
        missing("helpers", f"群内没有网格员或志愿者（{S41}“N”：组织若干名网格员、志愿者等）", level=WARNING)
    if not station_account:
        missing("station_account", f"未登记本所企业微信账号（{S424}：各派出所以单位名义设立企业微信号加入群组）", S424)
    elif not any(m.is_station_account for m in members):
        missing(
            "station_account", f"本所企业微信账号未在群内（{S424}：各派出所以单位名义设立企业微信号加入群组）", S424
        )
    if not has_specialist:
        missing("specialist", f"未指定云格岗专员（{S424}：设立云格岗专员，负责企业微信号运行）", S424, WARNING)
    return found


def check(members: list[MemberFacts], *, station_account: str = "", has_specialist: bool = True) -> Result:
    """Both checks of a group's current members."""
    findings = composition_findings(members, station_account=station_account, has_specialist=has_specialist)
    for m in members:
        findings += nickname_findings(m)
    return Result(findings)
