"""The eleven categories of 规范001 第三十七条 as data: code (the same codes the obligations in
``rules/obligations.py`` name), label, clause, the category's own facts (field specs), and which facts start and
end its obligations. ``subjects.checks`` rejects a malformed row at start-up (subjects.E001…).

Fact spec: ``name``, ``label``, ``type`` (date, text, choice), ``required`` (default True), ``choices``.
``trigger``: the fact whose date is the engine's ``started_on`` ("" = the day the marking was approved).
``ends``: the fact whose date is ``ends_on``; ``ends_years_after``: ``ends_on`` = that fact + N years.

How ambiguous articles were read is noted on the rows (``reading``).
"""

RISK_CHOICES = [["high", "高风险"], ["medium", "中风险"], ["low", "低风险"]]

CATEGORIES: tuple[dict, ...] = (
    {
        "code": "state_security",
        "label": "宣传煽动危害国家安全的人员",
        "clause": "规范001 第三十七条(一)",
        "facts": [{"name": "basis", "label": "列管依据", "type": "text"}],
        "trigger": "",
    },
    {
        "code": "threat",
        "label": "扬言报复社会他人的人员",
        "clause": "规范001 第三十七条(二)、第四十一条(一)",
        "facts": [{"name": "cause", "label": "扬言原因", "type": "text"}],
        "trigger": "",
    },
    {
        "code": "released_prisoner",
        "label": "故意犯罪刑满释放不满五年的人员",
        "clause": "规范001 第三十七条(三)、第四十一条(二)",
        "facts": [{"name": "released_on", "label": "刑满释放日期", "type": "date"}],
        "trigger": "",
        "ends": "released_on",
        "ends_years_after": 5,
        "reading": "“不满五年”自释放之日起算，满五年之日（ends_on）不再属于本类；首次面见谈话自标注生效之日起算。",
    },
    {
        "code": "drug_user",
        "label": "吸毒人员",
        "clause": "规范001 第三十七条(四)、第四十一条(三)",
        "facts": [{"name": "risk_category", "label": "最近一次风险类别", "type": "choice", "choices": RISK_CHOICES}],
        "trigger": "",
        "reading": "风险类别以最近一次评估为准；评估记录保存后自动更新。",
    },
    {
        "code": "deprived_rights",
        "label": "被剥夺政治权利的罪犯",
        "clause": "规范001 第三十七条(五)、第四十一条(四)",
        "facts": [
            {"name": "term_start", "label": "执行起始日期", "type": "date"},
            {"name": "term_end", "label": "执行期满日期", "type": "date", "future": True},
            {"name": "reported_on", "label": "报到日期", "type": "date"},
        ],
        "trigger": "reported_on",
        "ends": "term_end",
        "term": ("term_start", "term_end"),
    },
    {
        "code": "dv_perpetrator",
        "label": "家庭暴力加害人",
        "clause": "规范001 第三十七条(六)、第四十一条(五)",
        "facts": [
            {"name": "warning_served_on", "label": "告诫书送达日期", "type": "date"},
            {"name": "victim", "label": "受害人", "type": "text", "required": False},
        ],
        "trigger": "warning_served_on",
        "reading": "查访七日自告诫书送达次日起算；首次查访计入“连续三次”。",
    },
    {
        "code": "minor",
        "label": "有严重不良行为未成年人",
        "clause": "规范001 第三十七条(七)、第四十一条(六)",
        "facts": [
            {"name": "measure", "label": "矫治教育措施", "type": "text"},
            {"name": "measure_start", "label": "措施起始日期", "type": "date"},
            {"name": "measure_end", "label": "措施期满日期", "type": "date", "future": True},
            {"name": "guardian", "label": "监护人", "type": "text"},
        ],
        "trigger": "measure_start",
        "ends": "measure_end",
        "term": ("measure_start", "measure_end"),
    },
    {
        "code": "mental_patient",
        "label": "肇事肇祸精神病人",
        "clause": "规范001 第三十七条(八)、第四十一条(七)",
        "facts": [
            {"name": "guardian", "label": "监护人", "type": "text"},
            {"name": "care_group", "label": "关爱帮扶小组", "type": "text"},
        ],
        "trigger": "",
    },
    {
        "code": "bail",
        "label": "被取保候审人",
        "clause": "规范001 第三十七条(九)、第四十一条(八)",
        "facts": [
            {"name": "deciding_organ", "label": "决定机关", "type": "text"},
            {"name": "term_start", "label": "取保候审起始日期", "type": "date"},
            {"name": "term_end", "label": "取保候审期满日期", "type": "date", "future": True},
            {"name": "reported_on", "label": "报到日期", "type": "date"},
        ],
        "trigger": "reported_on",
        "ends": "term_end",
        "term": ("term_start", "term_end"),
        "reading": "“接到通知和人员报到后”以报到日期为起点（通知先于报到）。",
    },
    {
        "code": "surveillance",
        "label": "被监视居住人",
        "clause": "规范001 第三十七条(十)、第四十一条(八)",
        "facts": [
            {"name": "deciding_organ", "label": "决定机关", "type": "text"},
            {"name": "term_start", "label": "监视居住起始日期", "type": "date"},
            {"name": "term_end", "label": "监视居住期满日期", "type": "date", "future": True},
            {"name": "reported_on", "label": "报到日期", "type": "date"},
        ],
        "trigger": "reported_on",
        "ends": "term_end",
        "term": ("term_start", "term_end"),
    },
    {
        "code": "other",
        "label": "其他规定的人员",
        "clause": "规范001 第三十七条(十一)",
        "facts": [{"name": "basis", "label": "规定依据", "type": "text"}],
        "trigger": "",
    },
)

CATEGORY_BY_CODE = {row["code"]: row for row in CATEGORIES}
CATEGORY_CHOICES = [(row["code"], row["label"]) for row in CATEGORIES]
FACT_TYPES = ("date", "text", "choice")


def category_label(code: str) -> str:
    row = CATEGORY_BY_CODE.get(code)
    return row["label"] if row else code


def fact_rows(category: str, facts: dict) -> list[tuple[str, str]]:
    """The category's facts as (label, value shown) in the category's order, a choice by its label: every fact
    named wherever it is shown (subject page, 标注审批), never a bare date or code."""
    row = CATEGORY_BY_CODE.get(category)
    if row is None:
        return [(name, str(value)) for name, value in facts.items()]
    shown = []
    for spec in row["facts"]:
        value = facts.get(spec["name"], "")
        if spec["type"] == "choice":
            value = dict(spec.get("choices", ())).get(value, value)
        shown.append((spec["label"], str(value) if value not in (None, "") else ""))
    return shown


# 第四十条 measures and the ways a visit is made.
MEASURES = [
    ["investigate", "调查了解"],
    ["focus", "重点关注"],
    ["guidance", "帮教转化"],
    ["intervention", "核处干预"],
]
WAYS = [["in_person", "面见"], ["phone", "电话"], ["video", "视频"], ["informant", "走访知情人"]]
MET = [
    ["subject", "本人"],
    ["victim", "受害人"],
    ["both", "本人和受害人"],
    ["guardian", "监护人"],
    ["cohabitant", "共同居住人"],
    ["informant", "其他知情人"],
]

# Which open standing task (任务标准件 code) a visit completes, and when.
# 规范001 第四十二条 全面走访考察 (the reading is also on the rule, rules/obligations.py art42_subject_full_visit):
# 走访考察 is of the subject, made on the spot — 面见 the subject (alone or with the victim), or, when the subject
# cannot be met, 走访 the people around them (监护人, 共同居住人, 其他知情人). A phone or video call, and a DV 查访
# that met only the victim, stay on the record but do not count as the half-yearly full visit. Any measure of
# 第四十条 may be recorded so.
# 第四十一条(五) 查访 is a face-to-face visit of the perpetrator and/or the victim — a phone or video call is kept
# on the record but does not count as a 查访.
VISIT_COMPLETES: tuple[dict, ...] = (
    {
        "template": "subject_visit",
        "ways": ["in_person", "informant"],
        "met": ["subject", "both", "guardian", "cohabitant", "informant"],
    },
    {"template": "dv_visit", "ways": ["in_person"], "met": ["subject", "victim", "both"]},
)

# Category records (第四十一条): kind → which categories, its fields, which task template it completes.
RECORD_KINDS: tuple[dict, ...] = (
    {
        "code": "education_talk",
        "label": "首次面见法治教育谈话记录",
        "source": "规范001 第四十一条(二)",
        "categories": ["released_prisoner"],
        "template": "education_talk",
        "evidence": True,
        "fields": [
            {"name": "talk_record", "label": "谈话记录", "type": "text"},
            {
                "name": "file_created",
                "label": "已逐人建立档案",
                "type": "choice",
                "choices": [["yes", "是"], ["no", "否"]],
            },
        ],
    },
    {
        "code": "risk_assessment",
        "label": "风险类别评估",
        "source": "规范001 第四十一条(三)",
        "categories": ["drug_user"],
        "template": "risk_assessment",
        "fields": [{"name": "risk_level", "label": "风险类别", "type": "choice", "choices": RISK_CHOICES}],
        "updates_fact": ("risk_level", "risk_category"),
    },
    {
        "code": "activity_report",
        "label": "月度活动情况报告",
        "source": "规范001 第四十一条(四)(六)",
        "categories": ["deprived_rights", "minor"],
        "template": "activity_report",
        "fields": [
            {
                "name": "reported_by",
                "label": "报告人",
                "type": "choice",
                "choices": [["subject", "本人"], ["guardian", "监护人"], ["both", "本人和监护人"]],
            },
            {"name": "summary", "label": "活动情况（思想动态、学习生活、社会交往）", "type": "text"},
            {"name": "verified", "label": "民警已核实", "type": "choice", "choices": [["yes", "是"], ["no", "否"]]},
        ],
    },
    {
        "code": "term_end_report",
        "label": "执行期满前报所",
        "source": "规范001 第四十一条(四)",
        "categories": ["deprived_rights"],
        "template": "report_to_station",
        "evidence": True,
        "fields": [{"name": "summary", "label": "报所内容", "type": "text"}],
    },
    {
        "code": "organ_feedback",
        "label": "向决定机关反馈（报到后三日内）",
        "source": "规范001 第四十一条(八)",
        "categories": ["bail", "surveillance"],
        "template": "organ_notice",
        "obligation": "art41_8_bail_feedback",
        "fields": [
            {"name": "organ", "label": "决定机关", "type": "text"},
            {
                "name": "method",
                "label": "反馈方式",
                "type": "choice",
                "choices": [["written", "书面"], ["phone", "电话"], ["system", "系统推送"]],
            },
        ],
    },
    {
        "code": "expiry_notice",
        "label": "期限届满十日前通知决定机关",
        "source": "规范001 第四十一条(八)",
        "categories": ["bail", "surveillance"],
        "template": "organ_notice",
        "obligation": "art41_8_bail_expiry_notice",
        "fields": [
            {"name": "organ", "label": "决定机关", "type": "text"},
            {
                "name": "method",
                "label": "通知方式",
                "type": "choice",
                "choices": [["written", "书面"], ["phone", "电话"], ["system", "系统推送"]],
            },
        ],
    },
    {
        "code": "compliance_check",
        "label": "遵守规定情况检查",
        "source": "规范001 第四十一条(八)",
        "categories": ["bail", "surveillance"],
        "template": "compliance_check",
        "fields": [
            {
                "name": "violation_found",
                "label": "是否发现违反规定",
                "type": "choice",
                "choices": [["no", "否"], ["yes", "是"]],
            },
            {"name": "situation", "label": "检查情况", "type": "text"},
        ],
    },
)
RECORD_KIND_BY_CODE = {row["code"]: row for row in RECORD_KINDS}
RECORD_KIND_CHOICES = [(row["code"], row["label"]) for row in RECORD_KINDS]
