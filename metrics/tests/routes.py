"""How the route matrix exercises the 考评与指标 pages (docs/adr/0004 once the matrix lands; ADR 0010).

Every page is a summary over the viewer's scope (a station lead: their station and its beats); none lists another
station's unit. The control centre's writes act on the city-wide configuration, not on a side's record."""

from web.route_matrix import Summary

LEADS = ("lead", "command_room")

ROUTES = {
    "metrics:workbench": Summary(roles=LEADS),
    "metrics:indicators": Summary(roles=LEADS),
    "metrics:indicator_detail": Summary(url=lambda side: {"code": "art30_4_task_handling_rate"}, roles=LEADS),
    "metrics:safety_index": Summary(roles=LEADS),
    "metrics:schemes": Summary(roles=LEADS),
    "metrics:supervision": Summary(roles=LEADS),
    "metrics:dashboard": Summary(roles=LEADS),
    "metrics:reports": Summary(roles=LEADS),
    "metrics:report_monthly_pdf": Summary(roles=("lead",)),
    "metrics:report_monthly_xlsx": Summary(roles=("lead",)),
    "metrics:report_quarterly_pdf": Summary(roles=("lead",)),
}

EXEMPT = {
    "metrics:safety_index_weights": "基础管控中心 changes the city-wide index weights; no side's record (tested in "
    "metrics/tests/test_art113_115_evaluation.py)",
    "metrics:scheme_new": "基础管控中心 makes a scheme at its own unit; refused to a station (tested there)",
    "metrics:survey_new": "基础管控中心 records a survey of a unit in its scope (tested in "
    "metrics/tests/test_art113_115_evaluation.py)",
    "metrics:year_lock": "基础管控中心 locks the year city-wide (tested in metrics/tests/test_catalogue.py)",
}
