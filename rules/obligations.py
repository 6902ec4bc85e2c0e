"""The obligations of DESIGN.md's table as data — one row each, with its article and how an ambiguous article
was read (``reading``). Loaded into ``rules.Obligation`` after migrate (missing codes only, so parameters the
control centre adjusted stay); ``rules.checks`` rejects a malformed row at start-up (rules.E001…).

Vocabulary (see rules.models): ``record_type`` + ``categories`` + ``predicate`` say which records; ``trigger``
names the record's date that starts it (``started_on``, ``started_at``, ``ends_on``); ``anchor`` + ``first_due``
+ ``first_due_unit`` (+ ``roll``) the first due date; ``repeat_mode`` (once / after_done / calendar) the repeat;
``stop`` the stop condition.

Rest days: every date-based due date goes through ``rules.calendar.roll``. The default (``roll`` left out) is
the rule for "within N" periods, calendar periods and "N days before": a last day on a rest day moves to the
previous working day (a weekly task is due on Friday, not Sunday). A row sets ``"roll": "next_workday"`` only
where its reading says why (criminal-procedure periods; a deadline that cannot be met early). Hour limits never
move.
"""

SPECIAL_SUBJECT_CATEGORIES = [
    "threat",  # 扬言报复社会他人人员 (一)
    "released_prisoner",  # 刑满释放不满五年 (二)
    "drug_user",  # 社会面吸毒人员 (三)
    "deprived_rights",  # 被剥夺政治权利罪犯 (四)
    "dv_perpetrator",  # 家庭暴力加害人 (五)
    "minor",  # 严重不良行为未成年人 (六)
    "mental_patient",  # 肇事肇祸精神病人 (七)
    "bail",  # 取保候审 (八)
    "surveillance",  # 监视居住 (八)
]

CATEGORY_LABELS = {
    "threat": "扬言报复社会他人人员",
    "released_prisoner": "刑满释放不满五年人员",
    "drug_user": "社会面吸毒人员",
    "deprived_rights": "被剥夺政治权利罪犯",
    "dv_perpetrator": "家庭暴力加害人",
    "minor": "严重不良行为未成年人",
    "mental_patient": "肇事肇祸精神病人",
    "bail": "被取保候审人员",
    "surveillance": "被监视居住人员",
    "red": "红色预警",
    "orange": "橙色预警",
    "yellow": "黄色预警",
}

OBLIGATIONS: tuple[dict, ...] = (
    {
        "code": "art42_subject_full_visit",
        "title": "特定对象每半年全面走访考察一次",
        "source": "规范001 第四十二条",
        "record_type": "special_subject",
        "categories": [],
        "trigger": "started_on",
        "first_due": 6,
        "first_due_unit": "months",
        "repeat_mode": "after_done",
        "repeat_every": 6,
        "repeat_unit": "months",
        "stop": "unmarked",
        "template_code": "subject_visit",
        "remind_before_days": 7,
        "escalate_after_days": 3,
        "reading": "列管（起始日期）后六个月内首次全面走访，此后自上次走访之日起每六个月一次；撤销列管即止。"
        "计为全面走访考察的，须是对特定对象本人的实地走访：面见本人（或本人和受害人），本人无法见到时走访其监护人、"
        "共同居住人或其他知情人；电话、视频联系，以及家暴查访中只见到受害人的，记入走访记录但不计为全面走访考察"
        "（subjects/categories.py VISIT_COMPLETES）。",
    },
    {
        "code": "art41_5_dv_visit",
        "title": "家庭暴力加害人：告诫书送达后七日内查访，此后每三个月查访",
        "source": "规范001 第四十一条(五)",
        "record_type": "special_subject",
        "categories": ["dv_perpetrator"],
        "trigger": "started_on",
        "first_due": 7,
        "first_due_unit": "days",
        "repeat_mode": "after_done",
        "repeat_every": 3,
        "repeat_unit": "months",
        "stop": "clean_streak",
        "stop_after_clean": 3,
        "outcome_field": "recurrence_found",
        "template_code": "dv_visit",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": (
            "起始日期为告诫书送达日，七日自次日起算（2日送达，9日届满）。“连续三次未发现”含首次查访："
            "首次查访未发现即开始计数，连续三次未发现后不再查访。查访发现再次实施家庭暴力的，计数清零，"
            "以该次查访日为新的起点，七日内再次查访，重新开始周期。"
        ),
    },
    {
        "code": "art41_4_deprived_monthly_report",
        "title": "被剥夺政治权利罪犯每月报告一次活动情况",
        "source": "规范001 第四十一条(四)",
        "record_type": "special_subject",
        "categories": ["deprived_rights"],
        "trigger": "started_on",
        "repeat_mode": "calendar",
        "calendar_period": "month",
        "stop": "term_ended",
        "template_code": "activity_report",
        "remind_before_days": 5,
        "escalate_after_days": 1,
        "reading": "报到当月起每个自然月一次，月末为截止日；执行期满当月为最后一次。",
    },
    {
        "code": "art41_4_deprived_term_end_report",
        "title": "被剥夺政治权利执行期满前五个工作日内报所",
        "source": "规范001 第四十一条(四)",
        "record_type": "special_subject",
        "categories": ["deprived_rights"],
        "trigger": "ends_on",
        "anchor": "within_before",
        "first_due": 5,
        "first_due_unit": "workdays",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "report_to_station",
        "remind_before_days": 2,
        "escalate_after_days": 0,
        "reading": (
            "“期满前五个工作日内”：期满日前的五个法定工作日（含调休上班日，跨国庆等假期按chinese-calendar）"
            "为报所窗口，窗口首日起可办，期满日前最后一个工作日为截止日。"
        ),
    },
    {
        "code": "art41_8_bail_feedback",
        "title": "取保候审/监视居住人员报到后三日内向决定机关反馈",
        "source": "规范001 第四十一条(八)",
        "record_type": "special_subject",
        "categories": ["bail", "surveillance"],
        "trigger": "started_on",
        "first_due": 3,
        "first_due_unit": "days",
        "roll": "next_workday",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "organ_notice",
        "remind_before_days": 1,
        "escalate_after_days": 0,
        "reading": (
            "起始日期为接到通知且人员报到之日；三日自次日起算，"
            "届满日为节假日的顺延至节假日后第一个工作日（刑事诉讼期间）。"
        ),
    },
    {
        "code": "art41_8_bail_compliance_check",
        "title": "取保候审/监视居住人员定期了解遵守规定情况",
        "source": "规范001 第四十一条(八)",
        "record_type": "special_subject",
        "categories": ["bail", "surveillance"],
        "trigger": "started_on",
        "repeat_mode": "calendar",
        "calendar_period": "month",
        "stop": "term_ended",
        "template_code": "compliance_check",
        "remind_before_days": 5,
        "escalate_after_days": 1,
        "reading": "“定期”条文未量化，按每个自然月一次设定，基础管控中心可调整。",
    },
    {
        "code": "art41_8_bail_expiry_notice",
        "title": "取保候审/监视居住期限届满十日前通知决定机关",
        "source": "规范001 第四十一条(八)",
        "record_type": "special_subject",
        "categories": ["bail", "surveillance"],
        "trigger": "ends_on",
        "anchor": "by_before",
        "first_due": 10,
        "first_due_unit": "days",
        "roll": "previous_workday",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "organ_notice",
        "remind_before_days": 3,
        "escalate_after_days": 0,
        "reading": ("截止日为期限届满日前第十日；该日为节假日的提前至前一个工作日（向后顺延会使通知不足十日）。"),
    },
    {
        "code": "art41_2_released_first_talk",
        "title": "刑满释放不满五年人员首次面见法治教育谈话并建档",
        "source": "规范001 第四十一条(二)",
        "record_type": "special_subject",
        "categories": ["released_prisoner"],
        "trigger": "started_on",
        "first_due": 30,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "education_talk",
        "remind_before_days": 7,
        "escalate_after_days": 3,
        "reading": (
            "条文未规定首次面见时限，按列管后三十日内完成首次面见、谈话记录和建档设定；"
            "“ends_on”为释放满五年之日，期满不再列管。"
        ),
    },
    {
        "code": "art41_3_drug_risk_assessment",
        "title": "社会面吸毒人员至少每半年风险类别评估一次",
        "source": "规范001 第四十一条(三)",
        "record_type": "special_subject",
        "categories": ["drug_user"],
        "trigger": "started_on",
        "first_due": 6,
        "first_due_unit": "months",
        "repeat_mode": "after_done",
        "repeat_every": 6,
        "repeat_unit": "months",
        "stop": "unmarked",
        "template_code": "risk_assessment",
        "remind_before_days": 7,
        "escalate_after_days": 3,
        "reading": "列管后六个月内首次评估，此后自上次评估之日起不超过六个月。",
    },
    {
        "code": "art41_6_minor_monthly_report",
        "title": "严重不良行为未成年人及其监护人每月报告活动情况（民警核实）",
        "source": "规范001 第四十一条(六)",
        "record_type": "special_subject",
        "categories": ["minor"],
        "trigger": "started_on",
        "repeat_mode": "calendar",
        "calendar_period": "month",
        "stop": "term_ended",
        "template_code": "activity_report",
        "remind_before_days": 5,
        "escalate_after_days": 1,
        "reading": "措施决定当月起每个自然月核实一次报告；措施期满（ends_on）即止。",
    },
    {
        "code": "art40_2_pushed_meet",
        "title": "预警推送人员在规定时限内面见",
        "source": "规范001 第四十条(二)",
        "record_type": "pushed_person",
        "categories": [],
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "pushed_meet",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": "时限以推送时注明的小时数为准（limit_hours），未注明的按24小时。",
    },
    {
        "code": "art25_weekly_community_meeting",
        "title": "每周与社区（村）书记、治保会主任联系见面",
        "source": "规范001 第二十五条、第四十八条(四)",
        "record_type": "beat",
        "trigger": "",
        "repeat_mode": "calendar",
        "calendar_period": "week",
        "stop": "never",
        "template_code": "meeting",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": "以警务区为单位，每个自然周（周一至周日）一次。",
    },
    {
        "code": "art48_5_monthly_key_unit_meeting",
        "title": "每月与治安保卫重点单位和重点行业场所安全负责人见面",
        "source": "规范001 第四十八条(五)",
        "record_type": "beat",
        "trigger": "",
        "repeat_mode": "calendar",
        "calendar_period": "month",
        "stop": "never",
        "template_code": "meeting",
        "remind_before_days": 5,
        "escalate_after_days": 1,
        "reading": "以警务区为单位，每个自然月一次。",
    },
    {
        "code": "art48_6_quarterly_resident_report",
        "title": "每季度向辖区居民报告一次治安情况",
        "source": "规范001 第四十八条(六)、第九十六条",
        "record_type": "beat",
        "trigger": "",
        "repeat_mode": "calendar",
        "calendar_period": "quarter",
        "stop": "never",
        "template_code": "resident_report",
        "remind_before_days": 10,
        "escalate_after_days": 3,
        "reading": "以警务区为单位，每个自然季度一次。",
    },
    {
        "code": "art62_key_unit_inspection",
        "title": "重点单位每季度监督检查不少于一次",
        "source": "规范001 第六十二条(一)",
        "record_type": "supervised_unit",
        "predicate": "is_key_unit",
        "trigger": "started_on",
        "repeat_mode": "calendar",
        "calendar_period": "quarter",
        "stop": "unmarked",
        "template_code": "unit_inspection",
        "remind_before_days": 10,
        "escalate_after_days": 3,
        "reading": (
            "按自然季度计，季末为截止日；在实有单位中登记（或标为重点单位）当季起算。单位注销、改由上级公安机关"
            "或行业公安机关直接管理（第五十七条）即止；取消重点单位标记后改按每年一次。"
        ),
    },
    {
        "code": "art62_unit_inspection",
        "title": "其他监督检查单位每年检查不少于一次",
        "source": "规范001 第六十二条(一)",
        "record_type": "supervised_unit",
        "predicate": "not_key_unit",
        "trigger": "started_on",
        "repeat_mode": "calendar",
        "calendar_period": "year",
        "stop": "unmarked",
        "template_code": "unit_inspection",
        "remind_before_days": 30,
        "escalate_after_days": 7,
        "reading": (
            "按自然年计，年末为截止日；在实有单位中登记当年起算。派出所负责指导监督的单位（第五十七条）均在此列，"
            "不论单位类别；注销或改由上级/行业公安机关直接管理即止。"
        ),
    },
    {
        "code": "local002_monthly_trade_inspection",
        "title": "娱乐服务场所、特种行业每月安全检查一次（本地选项）",
        "source": "规范002 工作制度5 治安检查制度",
        "record_type": "supervised_unit",
        "predicate": "is_monthly_trade",
        "trigger": "started_on",
        "repeat_mode": "calendar",
        "calendar_period": "month",
        "stop": "unmarked",
        "template_code": "unit_inspection",
        "remind_before_days": 5,
        "escalate_after_days": 1,
        "reading": (
            "规范002“每月对…娱乐服务场所、特种行业…进行一次安全检查”严于规范001第六十二条，作为派出所可选的"
            "本地规则：默认不适用；所领导在“检查选项”中为本所开启后，本所娱乐服务场所、特种行业、重点管理行业、"
            "危险物品和新兴行业单位每个自然月检查一次（与第六十二条的年度/季度检查并行，一次检查同时完成）。"
        ),
    },
    {
        "code": "art61_hazard_filing",
        "title": "责令限期整改决定作出后二十四小时内备案",
        "source": "规范001 第六十一条",
        "record_type": "hazard",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "hazard_filing",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": (
            "起始时间为作出责令限期整改决定的时间（隐患记录的决定时间），截止时间为其后二十四小时（精确到分钟，"
            "不是日期）；逾期即上报所领导。备案在隐患页面办理，同时完成此任务。"
        ),
    },
    {
        "code": "art61_hazard_reinspection",
        "title": "整改期满复查",
        "source": "规范001 第六十一条、第六十二条(二)",
        "record_type": "hazard",
        "trigger": "ends_on",
        "anchor": "by_before",
        "first_due": 0,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "roll": "next_workday",
        "template_code": "reinspection",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": (
            "ends_on 为现行整改期限（民警作出决定时确定，条文未规定天数；所领导同意延期的为延长后的期限），复查截止于"
            "届满当日；届满日为休息日的，复查顺延至其后第一个工作日。单位申请提前复查的，复查一经记录即完成（期限未满、"
            "单位未申请的不能提前复查）。隐患销号且未到期的复查任务关闭。"
        ),
    },
    {
        "code": "art80_incident_follow_up_filed",
        "title": "案件立案后一周内跟进回访",
        "source": "规范001 第八十条",
        "record_type": "incident",
        "trigger": "started_on",
        "first_due": 7,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "follow_up",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": "“一周内”按七日、自立案次日起算（规范002 所载“三日内”为参考文本，不作为本规则）。",
    },
    {
        "code": "art80_incident_follow_up_closed",
        "title": "案件结案后回访",
        "source": "规范001 第八十条",
        "record_type": "incident",
        "trigger": "ends_on",
        "first_due": 7,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "follow_up",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": "条文未规定结案后回访时限，按结案（ends_on）后七日内设定，自结案次日起算。",
    },
    {
        "code": "local002_incident_follow_up_3_days",
        "title": "接处警后三日内回访（本地选项）",
        "source": "规范002 范本四 接处警",
        "record_type": "incident",
        "trigger": "started_on",
        "first_due": 3,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "follow_up",
        "remind_before_days": 1,
        "escalate_after_days": 1,
        "is_active": False,
        "reading": (
            "规范002“三日内进行回访”严于规范001第八十条“一周内”；依规范001第一百二十六条以规范001为准，本行默认停用，"
            "基础管控中心可在规则设置中启用：立案次日起三日内回访，一次立案后回访同时完成本行与第八十条一周内回访。"
        ),
    },
    {
        "code": "art77_no_scene_contact_follow_up",
        "title": "无现场案件尽快联系受害人或当事人回访",
        "source": "规范001 第七十七条第二款",
        "record_type": "incident",
        "predicate": "incident_no_scene",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "follow_up",
        "remind_before_days": 0,
        "escalate_after_days": 1,
        "reading": (
            "条文称“尽快了解案件情况，按照要求与受害人或者当事人联系回访”，未给出时限：按接报后二十四小时内联系回访"
            "设定（基础管控中心可调整小时数）。"
        ),
    },
    {
        "code": "art79_3_incident_person_collection",
        "title": "涉案未登记人员采集录入实有人口",
        "source": "规范001 第七十九条(三)、第三十条(三)",
        "record_type": "incident_person",
        "trigger": "started_on",
        "first_due": 7,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "unmarked",
        "template_code": "person_collection",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": (
            "核实涉案人员基本情况时发现未登记的，应采集录入实有人口（第三十条(三)案前采集率即以此衡量）。条文未规定"
            "采集时限：按添加人员次日起七日内设定；关联到实有人口即完成。"
        ),
    },
    {
        "code": "art75_dispute_follow_up",
        "title": "矛盾纠纷介入后跟进回访，至化解为止",
        "source": "规范001 第七十五条、第七十六条",
        "record_type": "dispute",
        "trigger": "started_on",
        "first_due": 7,
        "first_due_unit": "days",
        "repeat_mode": "after_done",
        "repeat_every": 1,
        "repeat_unit": "months",
        "stop": "unmarked",
        "template_code": "follow_up",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": (
            "条文未量化回访频次：介入（录入）后七日内首次回访（自介入次日起算），此后自上次回访之日起每月一次；"
            "纠纷化解即止，化解时未到期的回访任务关闭，已逾期的保留。"
        ),
    },
    {
        "code": "art74_3_dispute_upper_report",
        "title": "可能“民转刑”等风险矛盾纠纷向上级公安机关报告",
        "source": "规范001 第七十四条(三)",
        "record_type": "dispute",
        "predicate": "dispute_escalation_risk",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "upper_report",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": (
            "条文为“及时”报告，未给出时限：自民警标注“可能导致民转刑、个人极端暴力案件或群体性事件”风险之时起"
            "24小时内报告，可调整。条文列举因婚恋、家庭、邻里、债务纠纷重复报警的情形，“等”字不限于此，"
            "凡标注上述风险的纠纷均须报告。"
        ),
    },
    {
        "code": "art74_agreement_station_report",
        "title": "治安调解未达成协议或不履行的报所",
        "source": "规范001 第七十四条第二款",
        "record_type": "mediation_agreement",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "dispute_station_report",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": (
            "条文为“调解未达成协议或者不履行的，报所予以依法处理”，未给出时限：记录未达成或未履行时即生成报所任务，"
            "24小时内报所，可调整。"
        ),
    },
    # 三色预警 (规范003 服务机制(一)): records from ``alerts.adapters`` (category = colour). Every clock is a due
    # time counted from the moment the alert was raised; missing one is told to the station lead at once.
    {
        "code": "local002_resident_feedback_week",
        "title": "群众反映职责范围内的问题，一周内将工作情况反馈居民本人",
        "source": "规范002 工作情况反馈制度",
        "record_type": "lead",
        "trigger": "started_on",
        "first_due": 7,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "resident_feedback",
        "remind_before_days": 2,
        "escalate_after_days": 1,
        "reading": (
            "“一周内”读作自接收次日起算七日（接收于3月2日的，3月9日到期）；只对属于社区民警职责范围的问题计时。"
            "职责范围以外的，登记通报部门并告知居民本人即止，不计时。线索撤销（不实）的，任务关闭。"
        ),
    },
    {
        "code": "alert_red_response",
        "title": "红色预警1小时响应",
        "source": "规范003 服务机制(一)1 红色预警“1+3+5”",
        "record_type": "alert",
        "categories": ["red"],
        "trigger": "started_at",
        "first_due": 1,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "alert_response",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": "“1小时响应”：自预警发布之时起1小时内响应，到期为时刻；逾期即上报所领导。",
    },
    {
        "code": "alert_red_close",
        "title": "红色预警5日闭环",
        "source": "规范003 服务机制(一)1 红色预警“1+3+5”",
        "record_type": "alert",
        "categories": ["red"],
        "trigger": "started_at",
        "first_due": 120,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "alert_response",
        "remind_before_days": 1,
        "escalate_after_days": 0,
        "reading": (
            "“5日闭环”按日历日计算，不因休息日提前或顺延：自发布之时起5×24小时（120小时）内闭环；"
            "闭环前须登记不少于3个联动部门（“3部门联动”，见 alerts/rules.py）。"
        ),
    },
    {
        "code": "alert_yellow_close",
        "title": "黄色预警24小时办结",
        "source": "规范003 服务机制(一)3 黄色预警“24小时办结承诺制”",
        "record_type": "alert",
        "categories": ["yellow"],
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "alert_response",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": (
            "电子工单自发布之时起24小时内办结。橙色预警为抽检/走访比例要求（双随机），不是单件期限，"
            "不设规定任务：抽中的对象各生成一项核查任务（alerts 抽样方案）。"
        ),
    },
    {
        "code": "art93_1_service_request_due",
        "title": "群众申办事项在规定时限内办结",
        "source": "规范001 第九十三条(一)",
        "record_type": "service_request",
        "predicate": "request_due_by_day",
        "trigger": "ends_on",
        "anchor": "by_before",
        "first_due": 0,
        "first_due_unit": "days",
        "repeat_mode": "once",
        "stop": "met",
        "roll": "next_workday",
        "template_code": "service_request",
        "remind_before_days": 1,
        "escalate_after_days": 0,
        "reading": (
            "条文未规定各类事项时限：时限按事项类型由派出所设定（为民服务时限，默认值见 outreach/catalogue.py），"
            "受理时即按法定工作日（节假日不计、调休上班日计入，自受理次日起算）算出办结日，任务截止于该日；"
            "逾期即上报所领导，超时办结须有超时处理记录。办结即完成。"
        ),
    },
    {
        "code": "art93_3_service_request_due_hours",
        "title": "急需事项24小时内办理",
        "source": "规范001 第九十三条(三)、第八十七条(五)",
        "record_type": "service_request",
        "predicate": "request_due_by_hour",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "service_request",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": (
            "标为急需的事项，以及时限以小时计的类型（失踪人员登记、急用证件证明），自受理时起按小时计（精确到分钟，"
            "不顺延节假日）；急需事项不超过24小时（“为群众急需事项提供24小时服务”）。"
        ),
    },
    {
        "code": "yunge_5_2_online_request_close",
        "title": "云格群众诉求快速处置",
        "source": "规范000 §5.2（扬州 DB3210/T 1190-2025）",
        "record_type": "online_request",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "service_request",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": (
            "条文要求云格警情“第一时间就近受理、快速处置”，我们的文本缺§8服务要求，未规定时限：按类别的办结时限"
            "（小时，云格设置，默认见 online_groups/catalogue.py）自群众发出时起计，受理时即定；任务派给群组所在警务区"
            "的社区民警（就近），办结诉求即完成。首次响应时限（分钟）在页面和统计上计时，不生成任务。"
        ),
    },
    *(
        {
            "code": f"art99_3_care_visit_{group}",
            "title": f"关爱帮扶对象家访：{label}",
            "source": "规范001 第九十九条(三)",
            "record_type": "care_recipient",
            "categories": [group],
            "trigger": "started_on",
            "first_due": 7,
            "first_due_unit": "days",
            "repeat_mode": "after_done",
            "repeat_every": months,
            "repeat_unit": "months",
            "stop": "unmarked",
            "template_code": "care_visit",
            "remind_before_days": 3,
            "escalate_after_days": 3,
            "reading": (
                f"条文要求健全特殊群体家访制度、在重点节点提供守护服务，未规定频次：纳入后七日内首次家访，此后每{months}个月"
                "一次（数据，可由基础管控中心调整）；结束帮扶即止。"
            ),
        }
        for group, label, months in (
            ("elderly_alone", "孤寡、空巢老人", 1),
            ("child", "困境、留守儿童", 1),
            ("seriously_ill", "生活不能自理的重病患者", 1),
            ("severely_disabled", "重度残疾人", 1),
            ("other", "其他特殊困难人员", 3),
        )
    ),
    {
        "code": "art99_2_care_alert_visit",
        "title": "关爱对象预警事件及时查访",
        "source": "规范001 第九十九条(二)",
        "record_type": "care_alert",
        "trigger": "started_at",
        "first_due": 24,
        "first_due_unit": "hours",
        "repeat_mode": "once",
        "stop": "met",
        "template_code": "care_visit",
        "remind_before_days": 0,
        "escalate_after_days": 0,
        "reading": "条文为“针对预警事件及时进行查访”，未给出时限：自预警时起24小时内查访，可调整。",
    },
)
