"""一标三实: standard addresses, residents, houses and organisations (规范001 第二十六条至第三十条).

Every record hangs off a standard address and belongs to an org unit (normally the beat of its address), which
is what the data scope reads (its path copied onto the row as ``scope_path``, accounts.scope).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel
from fengqiao.search import BigramsField


class AddressLevel(models.IntegerChoices):
    DIVISION = 1, _("行政区划")
    SUBDISTRICT = 2, _("街道/乡镇")
    COMMUNITY = 3, _("社区/行政村")
    ROAD = 4, _("街路巷")
    DOOR = 5, _("门牌号")
    COMPOUND = 6, _("小区")
    BUILDING = 7, _("楼栋")
    UNIT = 8, _("单元")
    ROOM = 9, _("户室")


class Address(ScopedModel):
    """One node of the standard-address tree; ``full_text`` is the address a person reads."""

    parent = models.ForeignKey(
        "self", verbose_name=_("上级地址"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("层级"), choices=AddressLevel.choices)
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("地址编码"), max_length=64, unique=True)
    full_text = models.CharField(_("标准地址"), max_length=300, db_index=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属警务区"), on_delete=models.PROTECT, related_name="addresses"
    )
    grid = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("所属网格"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grid_addresses",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("标准地址")
        verbose_name_plural = _("标准地址")
        ordering = ["full_text"]
        # The list's order (issue 11: by unit, then address, as the resident list): one index answers its first
        # page, a deep page (the keys alone) and a keyset cursor for a station's 50 000 or the city's 2.58 M.
        indexes = [models.Index(fields=["scope_path", "full_text", "id"], name="registry_address_scope")]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="registry_address_unique_child")]

    def __str__(self):
        return self.full_text


class PopulationType(models.TextChoices):
    REGISTERED = "registered", _("户籍人口")
    FLOATING = "floating", _("流动人口")
    SEPARATED = "separated", _("人户分离人口")
    FOREIGN = "foreign", _("境外人员")


class HouseRelation(models.TextChoices):
    HEAD = "head", _("户主")
    OWNER = "owner", _("产权人")
    TENANT = "tenant", _("承租人")
    LODGER = "lodger", _("借住人")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    COHABITANT = "cohabitant", _("同住人")
    OTHER = "other", _("其他")


class Resident(ScopedModel):
    """实有人口. ``id_number`` is the natural key (18 characters; 15-digit ones converted on entry)."""

    name = models.CharField(_("姓名"), max_length=60, db_index=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True, null=True, blank=True)
    id_number_original = models.CharField(_("原15位号码"), max_length=15, blank=True)
    # Region code + birth date: compare-on-entry looks here for typo'd numbers of the same person.
    id_prefix = models.CharField(_("身份证号前14位"), max_length=14, blank=True, db_index=True)
    gender = models.CharField(_("性别"), max_length=10, choices=[("male", _("男")), ("female", _("女"))], blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True, db_index=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    population_type = models.CharField(_("人口类型"), max_length=20, choices=PopulationType.choices)
    nationality = models.CharField(_("国籍"), max_length=50, blank=True)
    passport_number = models.CharField(_("护照号码"), max_length=30, blank=True)
    address = models.ForeignKey(
        Address, verbose_name=_("现住地址"), null=True, blank=True, on_delete=models.SET_NULL, related_name="residents"
    )
    address_text = models.CharField(_("现住地址（原文）"), max_length=300, blank=True)
    house = models.ForeignKey(
        "House", verbose_name=_("现住房屋"), null=True, blank=True, on_delete=models.SET_NULL, related_name="occupants"
    )
    house_relation = models.CharField(_("与房屋关系"), max_length=20, choices=HouseRelation.choices, blank=True)
    household_address = models.CharField(_("户籍地址"), max_length=300, blank=True)
    labels = models.JSONField(_("标签"), default=list, blank=True, help_text=_("特定对象、关爱对象等，由各模块维护"))
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属警务区"), on_delete=models.PROTECT, related_name="residents"
    )
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=20, blank=True, db_index=True)
    # Search columns (fengqiao.search): the name's bigrams (GIN), the ID reversed and the typed address (trigram)
    # are indexed on PostgreSQL by migration 0004.
    name_bigrams = BigramsField(_("姓名二元组"), source="name")
    is_active = models.BooleanField(_("在册"), default=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("已合并到"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("实有人口")
        verbose_name_plural = _("实有人口")
        ordering = ["scope_path", "name", "pk"]
        # The list's order; is_active rides along so counting and deep pages are index-only scans.
        indexes = [
            models.Index(fields=["scope_path", "name", "id"], include=["is_active"], name="registry_resident_scope")
        ]

    def __str__(self):
        return self.name


class HouseUse(models.TextChoices):
    OWNER_OCCUPIED = "owner_occupied", _("自住")
    RENTED = "rented", _("出租")
    VACANT = "vacant", _("空置")
    BUSINESS = "business", _("经营")
    OTHER = "other", _("其他")


class House(ScopedModel):
    """实有房屋: one per standard address of a dwelling (door or room level)."""

    address = models.OneToOneField(Address, verbose_name=_("标准地址"), on_delete=models.PROTECT, related_name="house")
    use = models.CharField(_("房屋用途"), max_length=20, choices=HouseUse.choices, default=HouseUse.OWNER_OCCUPIED)
    owner = models.ForeignKey(
        Resident,
        verbose_name=_("产权人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_houses",
    )
    owner_name = models.CharField(_("产权人姓名"), max_length=60, blank=True)
    area = models.DecimalField(_("面积（平方米）"), max_digits=8, decimal_places=2, null=True, blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属警务区"), on_delete=models.PROTECT, related_name="houses"
    )
    # The standard address's text, copied when the house is registered (a standard address's text is not edited):
    # the list sorts and searches on the house's own row, one scope index, instead of joining every address in
    # scope to sort (issue 11).
    address_text = models.CharField(_("房屋地址"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("实有房屋")
        verbose_name_plural = _("实有房屋")
        ordering = ["scope_path", "address_text", "id"]
        # The list's order (by unit, then address, as the resident and address lists): its first page, a deep page
        # and a keyset cursor read one index, for a station's 50 000 houses or a city's (issue 11).
        indexes = [models.Index(fields=["scope_path", "address_text", "id"], name="registry_house_scope")]

    def save(self, *args, **kwargs):
        if not self.address_text and self.address_id:
            self.address_text = self.address.full_text
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "address_text"}
        super().save(*args, **kwargs)

    def __str__(self):
        return self.address.full_text


class Rental(ScopedModel):
    """出租登记: a rented house, its period and tenants."""

    scope_source = "house"

    house = models.ForeignKey(House, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="rentals")
    start = models.DateField(_("起租日期"))
    end = models.DateField(_("到期日期"), null=True, blank=True)
    tenants = models.ManyToManyField(Resident, verbose_name=_("承租人"), blank=True, related_name="rentals")
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("出租登记")
        verbose_name_plural = _("出租登记")

    def __str__(self):
        return f"{self.house} {self.start}"


class OrganizationCategory(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    INSTITUTION = "institution", _("机关事业单位")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    VENUE = "venue", _("娱乐服务场所")
    SPECIAL_TRADE = "special_trade", _("特种行业")
    HAZARDOUS = "hazardous_material", _("危险物品单位")
    REGULATED = "regulated_trade", _("重点管理行业")
    SHOP = "shop", _("个体工商户")
    OTHER = "other", _("其他")


class Organization(ScopedModel):
    """实有单位. ``uscc`` (统一社会信用代码) is the natural key when present."""

    name = models.CharField(_("单位名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    address = models.ForeignKey(
        Address,
        verbose_name=_("标准地址"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
    address_text = models.CharField(_("地址（原文）"), max_length=300, blank=True)
    category = models.CharField(_("单位类别"), max_length=30, choices=OrganizationCategory.choices)
    is_key_unit = models.BooleanField(_("重点单位"), default=False)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    legal_phone = models.CharField(_("法定代表人电话"), max_length=20, blank=True)
    security_contact = models.CharField(_("治安保卫负责人"), max_length=60, blank=True)
    security_phone = models.CharField(_("治安保卫负责人电话"), max_length=20, blank=True)
    staff_count = models.PositiveIntegerField(_("从业人数"), default=0)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属警务区"), on_delete=models.PROTECT, related_name="organizations"
    )
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("实有单位")
        verbose_name_plural = _("实有单位")
        ordering = ["scope_path", "name"]
        indexes = [models.Index(fields=["scope_path", "name"], name="registry_organization_scope")]

    def __str__(self):
        return self.name


class RecordChange(models.Model):
    """Change history of registry records: who changed what, when (values of personal fields masked)."""

    object_type = models.CharField(_("对象类型"), max_length=30)
    object_id = models.BigIntegerField(_("对象编号"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    action = models.CharField(_("操作"), max_length=30)
    changes = models.JSONField(_("变更内容"), default=dict)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="registry_change_object")]

    def __str__(self):
        return f"{self.object_type}#{self.object_id} {self.action}"


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待核查")
    CLOSED = "closed", _("已核查")


class QualityFinding(ScopedModel):
    """信息核查: a problem computed from the data, assigned to the beat officer as a verification item."""

    kind = models.CharField(_("问题类型"), max_length=40, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=30)
    object_id = models.BigIntegerField(_("对象编号"))
    object_label = models.CharField(_("对象"), max_length=100)
    detail = models.CharField(_("说明"), max_length=300)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属警务区"), on_delete=models.PROTECT, related_name="quality_findings"
    )
    status = models.CharField(_("状态"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    outcome = models.CharField(_("核查结果"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("质量问题")
        verbose_name_plural = _("质量问题")
        ordering = ["status", "-created_at"]
        indexes = [
            models.Index(fields=["scope_path"], name="registry_qualityfinding_scope"),
            models.Index(fields=["object_type", "object_id"], name="registry_finding_object"),  # a record's findings
            # The list's order (newest first) with the scope beside it: a page reads 21 index entries, not the
            # city's 500 000 findings sorted, and a deep page walks the index alone (issue 11).
            models.Index(fields=["status", "created_at", "id"], include=["scope_path"], name="registry_finding_list"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id"],
                condition=models.Q(status="open"),
                name="registry_finding_one_open",
            )
        ]

    def __str__(self):
        return f"{self.object_label}: {self.detail}"


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("待确认")
    MERGED = "merged", _("已合并")
    DISTINCT = "distinct", _("确认为不同人")


class DuplicateCandidate(ScopedModel):
    """录入比对: two resident records that may be one person, with the reasons found."""

    scope_source = "resident"

    resident = models.ForeignKey(Resident, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Resident, verbose_name=_("疑似重复"), on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(_("比对依据"), default=list)
    score = models.FloatField(_("相似度"))
    status = models.CharField(_("状态"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("疑似重复人员")
        verbose_name_plural = _("疑似重复人员")
        ordering = ["status", "-score"]
        indexes = [
            models.Index(fields=["scope_path"], name="registry_candidate_scope"),
            # The list's order (highest score first): a page joins its 21 pairs, not every pair sorted (issue 11).
            models.Index(fields=["status", "score", "id"], include=["scope_path"], name="registry_candidate_list"),
        ]
        constraints = [models.UniqueConstraint(fields=["resident", "other"], name="registry_candidate_pair")]

    def __str__(self):
        return f"{self.resident} ~ {self.other}"


class ImportKind(models.TextChoices):
    ADDRESSES = "addresses", _("标准地址")
    RESIDENTS = "residents", _("实有人口")
    HOUSES = "houses", _("实有房屋")
    ORGANIZATIONS = "organizations", _("实有单位")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    kind = models.CharField(_("导入类型"), max_length=20, choices=ImportKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_path = models.CharField(_("文件路径"), max_length=400)
    status = models.CharField(_("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(_("已读行数"), default=0)
    imported = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    rejected = models.PositiveIntegerField(_("拒绝"), default=0)
    report_path = models.CharField(_("错误报告"), max_length=400, blank=True)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def unchanged(self) -> int:
        """Rows that matched the register as it was (every row read is new, updated, unchanged or rejected)."""
        return max(self.rows_total - self.imported - self.updated - self.rejected, 0)
