from django.core import checks

from .categories import CATEGORIES, FACT_TYPES, RECORD_KINDS, VISIT_COMPLETES
from .scoring import BULK_READ_THRESHOLD, CATEGORY_POINTS, PREDICATES, RISK_FACTORS, RISK_LEVELS


def category_problems() -> list[tuple[str, str]]:
    """[(check id, message)] for the categories, record kinds, risk rule and threshold rows."""
    from rules.obligations import OBLIGATIONS
    from tasks.catalogue import TEMPLATES

    problems = []
    codes = [row.get("code") for row in CATEGORIES]
    if len(codes) != len(set(codes)):
        problems.append(("subjects.E001", "category codes must be unique"))
    for row in CATEGORIES:
        where = f"category {row.get('code')!r}"
        if not row.get("label") or not str(row.get("clause", "")).startswith("规范"):
            problems.append(("subjects.E001", f"{where}: field label/clause: 须有名称并引用条款"))
        names = [f.get("name") for f in row.get("facts", [])]
        for spec in row.get("facts", []):
            if spec.get("type") not in FACT_TYPES or not spec.get("label"):
                problems.append(("subjects.E002", f"{where}: fact {spec.get('name')!r}: 须有名称和类型"))
            if spec.get("type") == "choice" and not spec.get("choices"):
                problems.append(("subjects.E002", f"{where}: fact {spec.get('name')!r}: 选择项须列出选项"))
        for key in ("trigger", "ends"):
            if row.get(key) and row[key] not in names:
                problems.append(("subjects.E003", f"{where}: field {key}: 不是该类别的信息项"))
        if row.get("code") not in CATEGORY_POINTS:
            problems.append(("subjects.E004", f"{where}: 风险赋分缺少类别基础分"))
    obligation_categories = {
        c for ob in OBLIGATIONS if ob["record_type"] == "special_subject" for c in ob["categories"]
    }
    for code in sorted(obligation_categories - set(codes)):
        problems.append(("subjects.E003", f"obligation category {code!r}: 不是第三十七条所列类别"))
    template_codes = {t["code"] for t in TEMPLATES}
    for row in (*RECORD_KINDS, *VISIT_COMPLETES):
        where = f"record kind {row.get('code', row.get('template'))!r}"
        if row.get("template") not in template_codes:
            problems.append(("subjects.E005", f"{where}: field template: 没有该任务标准件"))
        for c in row.get("categories", []):
            if c not in codes:
                problems.append(("subjects.E005", f"{where}: field categories: 未知类别 {c!r}"))
    for factor in RISK_FACTORS:
        if factor.get("predicate") not in PREDICATES or not isinstance(factor.get("points"), int):
            problems.append(("subjects.E006", f"risk factor {factor.get('code')!r}: 未登记的条件或分值不是整数"))
    mins = [row.get("min") for row in RISK_LEVELS]
    if mins != sorted(mins, reverse=True) or mins[-1] != 0:
        problems.append(("subjects.E007", "risk levels: 须从高到低排列，最低一级为0分"))
    if not (BULK_READ_THRESHOLD.get("window_minutes", 0) > 0 and BULK_READ_THRESHOLD.get("max_reads", 0) > 0):
        problems.append(("subjects.E008", "bulk read threshold: 时间窗和次数须大于0"))
    return problems


@checks.register()
def check_subject_rules(app_configs=None, **kwargs):
    """subjects.E001…: categories, record kinds, the risk rule and the bulk-read threshold."""
    return [checks.Error(message, id=check_id) for check_id, message in category_problems()]
