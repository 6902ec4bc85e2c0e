from datetime import date, datetime

from ninja import Field, Schema

from org.models import Gender, OrgUnitKind, StaffKind


class RoleOut(Schema):
    role: str
    role_label: str
    org_unit_id: int
    org_unit_name: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]
    permissions: list[str]


class OrgUnitOut(Schema):
    id: int
    kind: OrgUnitKind
    kind_label: str
    name: str
    code: str
    parent_id: int | None
    depth: int
    population: int
    has_two_teams_one_room: bool
    is_active: bool


class StaffOut(Schema):
    id: int
    name: str
    kind: StaffKind
    kind_label: str
    org_unit_id: int
    org_unit_name: str
    team_id: int | None
    police_number: str
    phone: str = Field(description="手机号，无显示权限时脱敏（138****1234）")
    is_active: bool


class StaffDetailOut(StaffOut):
    gender: str
    id_number: str = Field(description="公民身份号码，无显示权限时脱敏（3210**********1234）")
    is_full_time: bool
    joined_on: date | None
    unmasked: bool


class StaffIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    kind: StaffKind
    org_unit_id: int
    gender: Gender | None = None
    team_id: int | None = None
    police_number: str = Field("", max_length=20)
    id_number: str = Field("", max_length=20)
    phone: str = Field("", max_length=20)
    is_full_time: bool = True
    joined_on: date | None = None


class TeamOut(Schema):
    id: int
    name: str
    beat_id: int
    beat_name: str
    leader_id: int | None
    member_count: int


class StaffingWarningOut(Schema):
    rule_code: str
    title: str
    source: str
    org_unit_id: int
    org_unit_name: str
    value: str
    limit: str


class AccessRecordOut(Schema):
    id: int
    at: datetime
    username: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    ip: str | None
    channel: str


class ErrorOut(Schema):
    detail: dict[str, list[str]] | str
