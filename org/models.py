"""Org hierarchy (公安局/分局 → 派出所 → 警务区 → 社区/行政村 → 网格, plus 警务室), staff and teams.

One table holds every org unit; ``path`` is a materialised path of zero-padded ids, so "everything under
this station" is one indexed prefix match however large the city (see accounts.scope).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel, ScopedQuerySet

PATH_SEGMENT_WIDTH = 7


def path_prefixes(path: str) -> list[str]:
    """The paths of a unit's ancestors and itself, root first: ``a.b.c.`` → ``a.``, ``a.b.``, ``a.b.c.``."""
    step = PATH_SEGMENT_WIDTH + 1
    return [path[:end] for end in range(step, len(path) + 1, step)]


class OrgUnitKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", _("市公安局")
    BUREAU = "bureau", _("分局")
    STATION = "station", _("派出所")
    BEAT = "beat", _("警务区")
    COMMUNITY = "community", _("社区/行政村")
    GRID = "grid", _("网格")
    POLICE_POST = "police_post", _("警务室")


# Which kind may hang under which: the shape of the tree, as data.
ALLOWED_PARENT_KINDS: dict[str, tuple[str, ...]] = {
    OrgUnitKind.CITY_BUREAU: (),
    OrgUnitKind.BUREAU: (OrgUnitKind.CITY_BUREAU,),
    OrgUnitKind.STATION: (OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU),
    OrgUnitKind.BEAT: (OrgUnitKind.STATION,),
    OrgUnitKind.COMMUNITY: (OrgUnitKind.BEAT,),
    OrgUnitKind.GRID: (OrgUnitKind.COMMUNITY,),
    OrgUnitKind.POLICE_POST: (OrgUnitKind.BEAT,),
}


# A unit of these kinds is its own ``station`` (accounts.scope); a unit below takes its parent's.
STATION_OR_ABOVE = (OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION)


class CommunityType(models.TextChoices):
    URBAN = "urban", _("社区")
    RURAL = "rural", _("行政村")


class OrgUnitQuerySet(ScopedQuerySet):
    scope_path_lookup = "path"


class OrgUnit(models.Model):
    kind = models.CharField(_("类型"), max_length=20, choices=OrgUnitKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("机构代码"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    community_type = models.CharField(
        _("社区类别"), max_length=10, choices=CommunityType.choices, blank=True, help_text=_("仅社区/行政村填写")
    )
    # 派出所是否设置“两队一室” — 规范001 第五条、第二十三条.
    has_two_teams_one_room = models.BooleanField(_("已设“两队一室”"), default=False)
    # Registered population of a beat/community until the registry module computes it (规范001 第七条).
    population = models.PositiveIntegerField(_("实有人口数"), default=0)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("值班电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # The station this unit is in (itself for a station or a unit above station level): what scoped records
    # copy into their own ``station`` column (accounts.scope). Set by org_unit_create and org_unit_move.
    station = models.ForeignKey(
        "self",
        verbose_name=_("所属派出所"),
        null=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_index=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_unit_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    def ancestor_paths(self) -> list[str]:
        return path_prefixes(self.path)[:-1]


class StaffKind(models.TextChoices):
    COMMUNITY_OFFICER = "community_officer", _("社区民警")
    STATION_LEAD = "station_lead", _("所领导")
    OTHER_POLICE = "other_police", _("其他民警")
    AUXILIARY = "auxiliary", _("专职辅警")
    POLICE_ASSISTANT = "police_assistant", _("警务助理")
    GRID_WORKER = "grid_worker", _("网格员")
    VOLUNTEER = "volunteer", _("志愿者")
    SECURITY_COMMITTEE = "security_committee", _("治保会成员")
    INFORMANT = "informant", _("治安信息员")


POLICE_KINDS = (StaffKind.COMMUNITY_OFFICER, StaffKind.STATION_LEAD, StaffKind.OTHER_POLICE)
AUXILIARY_KINDS = (StaffKind.AUXILIARY, StaffKind.POLICE_ASSISTANT)


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Team(ScopedModel):
    """社区警务团队 — one per beat, led by its community officer (规范001 第十二条)."""

    scope_source = "beat"

    beat = models.ForeignKey(
        OrgUnit,
        verbose_name=_("警务区"),
        on_delete=models.PROTECT,
        related_name="teams",
        limit_choices_to={"kind": OrgUnitKind.BEAT},
    )
    name = models.CharField(_("团队名称"), max_length=100)
    leader = models.ForeignKey(
        "Staff", verbose_name=_("负责民警"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("社区警务团队")
        verbose_name_plural = _("社区警务团队")
        ordering = ["scope_path", "name"]

    def __str__(self):
        return self.name


class Staff(ScopedModel):
    """A member of a station's workforce: police, auxiliaries and the team around a beat (一警两辅)."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    kind = models.CharField(_("人员类别"), max_length=30, choices=StaffKind.choices, db_index=True)
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="staff")
    team = models.ForeignKey(
        Team, verbose_name=_("社区警务团队"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    police_number = models.CharField(_("警号"), max_length=20, blank=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_full_time = models.BooleanField(_("专职"), default=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    joined_on = models.DateField(_("到岗日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["scope_path", "kind", "name"]
        indexes = [
            models.Index(fields=["scope_path", "kind", "name"], name="org_staff_scope"),
            models.Index(fields=["name"], name="org_staff_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind in POLICE_KINDS
