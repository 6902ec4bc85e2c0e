"""Rules endpoints under /api/v1/rules: the obligations with their articles and readings."""

from typing import Any

from ninja import Router, Schema

from . import selectors

router = Router(tags=["规则"])


class ObligationOut(Schema):
    code: str
    title: str
    source: str
    reading: str
    record_type: str
    categories: list[str]
    trigger: str
    anchor: str
    first_due: int
    first_due_unit: str
    repeat_mode: str
    repeat_every: int
    repeat_unit: str
    calendar_period: str
    stop: str
    stop_after_clean: int
    remind_before_days: int
    escalate_after_days: int
    is_active: bool
    template_code: str
    extra: dict[str, Any] = {}


@router.get(
    "/obligations",
    response=list[ObligationOut],
    summary="规定任务规则",
    description="权限：view_tasks 或 manage_obligations",
)
def obligation_list(request):
    return list(selectors.obligation_list(user=request.auth))
