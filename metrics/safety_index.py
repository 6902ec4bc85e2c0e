"""社区安全指数 (规范003 “社区安全指数”评估体系) — the starter configuration, as data.

What the source says: “包含5大类32项指标（权重分配：治安防控40%、民生服务30%、环境安全30%）”. It names three
categories, whose weights already sum to 100 %, and neither the other two categories nor any of the 32
indicators. We ship the three named categories with their weights and map indicators of our own catalogue to
each — a starting point the control centre changes on the page (``safety_index_update``); ``NOT_DEFINED`` is
shown on the page so nobody takes the mapping for the standard's.
"""

SOURCE = "规范003 服务机制的创新实践(二)2"

NOT_DEFINED = (
    "规范003 称社区安全指数“包含5大类32项指标”，但只列出治安防控40%、民生服务30%、环境安全30%三类及其权重"
    "（三者合计已为100%），未列出另外两类，也未列出32项指标。下表的指标映射是本系统依现有指标目录给出的起步配置，"
    "不是标准的规定；基础管控中心可调整类别权重。"
)

# (code, name, weight %, [(indicator code, weight within the category %, normalisation)])
STARTER = [
    (
        "public_security",
        "治安防控",
        40,
        [
            ("art76_3_subject_marking_rate", 25, "target"),
            ("art76_2_repeat_dispute_marking_rate", 25, "target"),
            ("art30_1_registry_accuracy", 25, "target"),
            ("art30_2_registry_collection", 25, "target"),
        ],
    ),
    (
        "livelihood",
        "民生服务",
        30,
        [
            ("art30_4_task_handling_rate", 25, "target"),
            ("art76_1_dispute_follow_up_rate", 25, "target"),
            ("casework_mediation_success_rate", 25, "percent"),
            ("art114_satisfaction_survey", 25, "percent"),
        ],
    ),
    (
        "environment",
        "环境安全",
        30,
        [
            ("art62_2_reinspection_on_time", 34, "target"),
            ("art62_1_unit_inspection_coverage", 33, "target"),
            ("art71_3_trade_rectified_rate", 33, "target"),
        ],
    ),
]
