"""Duty rules as data: each row cites its source and says how it was read. ``duty.checks`` refuses a bad row at
start-up (duty.E001); ``duty.roster`` evaluates the roster checks, ``duty.beat_time`` the time in the beat.

"以上" includes the number (规范001 第一百二十五条): 16 of 20 working days in the beat is 80 % and meets the rule.
"""

from decimal import Decimal

# 第一百零一条: "专职社区民警百分之八十以上的工作时间应当在警务区…其他社区民警应当保证百分之四十以上".
TIME_IN_BEAT: tuple[dict, ...] = (
    {
        "code": "art101_full_time",
        "label": "专职社区民警在警务区工作时间",
        "target": Decimal("0.80"),
        "applies": "full_time",
        "source": "规范001 第一百零一条",
        "reading": (
            "以工作日计：当月每个工作日（国务院节假日安排，含调休上班日）中，民警有在本警务区的定位工作记录"
            "（走访、检查、任务反馈、纠纷处置、预警处置、日志补记并注明在本警务区）的，计为在警务区工作一日；"
            "全天请假的工作日不属于工作时间，不计入分母。在警务区日数÷应工作日数≥80%为达标（含本数）。"
            "这是警务区警力覆盖的事实，不是办案指标（第一百一十四条）。"
        ),
    },
    {
        "code": "art101_other",
        "label": "其他社区民警在警务区工作时间",
        "target": Decimal("0.40"),
        "applies": "other",
        "source": "规范001 第一百零一条",
        "reading": "兼职（非专职）社区民警，计算方法同上，≥40%为达标（含本数）。",
    },
)
TIME_IN_BEAT_BY_CODE = {row["code"]: row for row in TIME_IN_BEAT}

# Roster checks (排班检查). ``option``: a station setting that switches a local rule of 规范002 on (off by default:
# 001 prevails and says nothing of it); ``setting``: the number a check reads from the station's settings.
ROSTER_CHECKS: tuple[dict, ...] = (
    {
        "code": "cover_7x24",
        "label": "7×24小时值班无空档",
        "source": "规范004 警力下沉（实行7×24小时值班勤务模式）",
        "reading": "派出所及其警务室、警务区每天0时至24时都有“值班”班次覆盖；跨零时的班次计入次日；空档逐段列出。",
    },
    {
        "code": "ab_pair",
        "label": "每个班次配B岗",
        "source": "规范001 第一百零二条（AB角）、规范003 长效保障(一)（AB岗，备用率100%）",
        "reading": "每个班次须指定与A岗不同的B岗；A岗请假或外出时由B岗顶岗，B岗同时请假的也列为空档。",
    },
    {
        "code": "local002_beat_three_workdays",
        "label": "每周三个工作日有民警在警务区",
        "source": "规范002 警务室工作制度范本 一（值班备勤）",
        "reading": "每周（周一至周日）至少三个工作日，警务区或其警务室有民警（非辅警）的巡逻、接待或值班班次。",
        "option": "local002_beat_three_workdays",
    },
    {
        "code": "local002_post_two_nights",
        "label": "民警每周至少两个晚上在警务室值班",
        "source": "规范002 警务室工作制度范本 一（值班备勤）",
        "reading": "每周至少两个晚上（班次覆盖20时至22时），警务室或其警务区有民警的“值班”班次。",
        "option": "local002_post_two_nights",
    },
    {
        "code": "post_staffed_hours",
        "label": "警务室每日有人值守时长",
        "source": "规范002 警务室工作制度范本 一（专职协勤人员按排班保持____小时有人值守）",
        "reading": (
            "条文的小时数为空白，由派出所设置；未设置的不检查。"
            "每天警务室（或警务区）各班次覆盖时长合计不少于设置的小时数。"
        ),
        "setting": "post_staffed_hours",
    },
)
ROSTER_CHECK_BY_CODE = {row["code"]: row for row in ROSTER_CHECKS}

SETTINGS: tuple[dict, ...] = (
    {
        "code": "local002_beat_three_workdays",
        "label": "启用：每周三个工作日有民警在警务区",
        "kind": "bool",
        "default": 0,
        "source": "规范002 警务室工作制度范本 一",
        "reading": "规范002为地方范本，默认不启用；派出所可启用。",
    },
    {
        "code": "local002_post_two_nights",
        "label": "启用：民警每周至少两个晚上在警务室值班",
        "kind": "bool",
        "default": 0,
        "source": "规范002 警务室工作制度范本 一",
        "reading": "规范002为地方范本，默认不启用；派出所可启用。",
    },
    {
        "code": "post_staffed_hours",
        "label": "警务室每日有人值守小时数",
        "kind": "hours",
        "default": None,
        "source": "规范002 警务室工作制度范本 一",
        "reading": "条文“保持____小时有人值守”为空白：由派出所设置，未设置不检查。",
    },
    {
        "code": "workday_start_minutes",
        "label": "上班时间（自0时起的分钟数）",
        "kind": "minutes",
        "default": 510,
        "source": "规范002 派出所日常管理制度 第七条（工作时间从上午8:30至下午17:30）",
        "reading": "默认8:30（510分钟），派出所可调整；用于新建接待、巡逻班次的默认时间。",
    },
    {
        "code": "workday_end_minutes",
        "label": "下班时间（自0时起的分钟数）",
        "kind": "minutes",
        "default": 1050,
        "source": "规范002 派出所日常管理制度 第七条",
        "reading": "默认17:30（1050分钟），派出所可调整。",
    },
    {
        "code": "support_answer_hours",
        "label": "上级支援请求答复时限（小时）",
        "kind": "hours",
        "default": None,
        "source": "规范001 第二十四条（无条件、有时限）",
        "reading": "条文要求支援“有时限”，未给出数字：请求时由派出所填写期限；此处设置默认期限，未设置的须逐件填写。",
    },
)
SETTING_BY_CODE = {row["code"]: row for row in SETTINGS}

# 第一百一十条、第一百一十二条: staffing rows read by the staffing page (duty.staffing).
STAFFING: tuple[dict, ...] = (
    {
        "code": "art110_tenure_years",
        "label": "原则上在同一警务区工作不少于五年",
        "value": 5,
        "source": "规范001 第一百一十条",
        "reading": "以人员“到岗日期”起算，到今天不满五年的社区民警列出（“原则上”：提示，不是禁止调整）。",
    },
    {
        "code": "art110_training_days",
        "label": "每年培训时间累计不少于十五天",
        "value": 15,
        "source": "规范001 第一百一十条",
        "reading": "按自然年累计培训记录的天数，少于15天的社区民警列出（含本数为达标）。",
    },
    {
        "code": "art112_vehicle",
        "label": "每个警务区配备不少于一辆警用摩托车等警用交通工具",
        "value": 1,
        "source": "规范001 第一百一十二条",
        "reading": "警务区在用的警用摩托车、警用汽车或电动自行车不少于一辆（“等”含其他机动警用交通工具；自行车不计）。",
    },
)
STAFFING_BY_CODE = {row["code"]: row for row in STAFFING}
