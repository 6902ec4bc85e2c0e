"""How the route matrix treats the rules pages (docs/adr/0004). The obligations, the engine's runs and the holiday
calendar are city-wide rule data, not records of a station (rules/selectors.py): exempt with their reasons; the
calendar page counts the user's own open tasks, so it is checked as a summary."""

from web.route_matrix import Summary

ROUTES = {
    "rules:calendar": Summary(),
}

EXEMPT = {
    "rules:obligation_list": "规定任务规则（数据行，全市同一套，不属任何派出所，不含个人信息）",
    "rules:obligation_detail": "一条规则的条文、参数与解读（全市同一套规则数据）",
    "GET /api/v1/rules/obligations": "规则数据（全市同一套，同页面）",
    "rules:run_list": "规则引擎运行记录（全市一次一行：时间与条数，不含任何派出所的记录）",
    "rules:calendar_year": "某年节假日安排（国务院通知的日期，全市同一份）",
    "rules:calendar_example": "节假日导入样例 CSV（固定内容）",
}
