from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_home_unit, user_may, user_roles
from alerts.selectors import clock_text, open_alerts_panel
from duty.selectors import my_duty_today
from fengqiao.replica import reads_from_replica
from inspections.selectors import my_inspection_tasks
from tasks.selectors import message_unread_count, my_task_panel

from ..navigation import shortcuts_for, workbench_panels


@reads_from_replica
def workbench(request):
    """我的工作台: the user's unit, their task panel (filled by the tasks module) and role shortcuts."""
    roles = user_roles(request.user)
    context = {
        "title": _("我的工作台"),
        "home_unit": user_home_unit(request.user),
        "roles": roles,
        "today": timezone.localdate(),
        "shortcuts": shortcuts_for([a.role for a in roles]),
        "tasks": my_task_panel(user=request.user) if user_may(request.user, Perm.VIEW_TASKS) else None,
        "unread_messages": message_unread_count(user=request.user),
        "panels": workbench_panels(request),
        # 单位检查: every open inspection/hazard task of the officer, whatever its due date (quarterly ones).
        "inspection_tasks": my_inspection_tasks(user=request.user)
        if user_may(request.user, Perm.INSPECT_UNITS)
        else None,
        # 三色预警: every open alert the user's scope covers, with its next clock (the officer's one-hour clock).
        "alerts": _alerts(request.user) if user_may(request.user, Perm.VIEW_ALERTS) else None,
        # 今日勤务: the user's own roster slots today (A or B post).
        "duty_today": my_duty_today(user=request.user),
    }
    return render(request, "web/workbench.html", context)


def _alerts(user) -> list[dict]:
    return [{"alert": a, "clock": clock_text(a.next_due_at)} for a in open_alerts_panel(user=user)]
