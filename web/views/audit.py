from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may
from audit import selectors
from audit.labels import action_label, channel_label, object_label, object_ref

from ..forms import AccessFilterForm, LoginFilterForm, OperationFilterForm
from ..listing import Column, list_page, local_datetime


def _require_auditor(request):
    if not user_may(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied(_("仅督察/科信人员可查看审计记录"))


def _when(row):
    return local_datetime(row.at, seconds=True)


ACCESS_COLUMNS = [
    Column(_("时间"), _when),
    Column(_("账号"), lambda r: r.username),
    Column(_("动作"), lambda r: r.get_action_display()),
    Column(_("对象类型"), lambda r: object_label(r.object_type)),
    Column(_("对象"), lambda r: r.object_label),
    Column(_("对象编号"), lambda r: r.object_id),
    Column(_("来源地址"), lambda r: r.ip or ""),
    Column(_("渠道"), lambda r: channel_label(r.channel)),
    Column(_("批次"), lambda r: r.batch),
]
OPERATION_COLUMNS = [
    Column(_("时间"), _when),
    Column(_("账号"), lambda r: r.username),
    Column(_("操作"), lambda r: action_label(r.action)),
    Column(_("摘要"), lambda r: r.summary),
    Column(_("对象"), lambda r: object_ref(r.object_type, r.object_id)),
    Column(_("来源地址"), lambda r: r.ip or ""),
]
LOGIN_COLUMNS = [
    Column(_("时间"), _when),
    Column(_("登录名"), lambda r: r.username),
    Column(_("结果"), lambda r: r.get_outcome_display()),
    Column(_("来源地址"), lambda r: r.ip or ""),
    Column(_("客户端"), lambda r: r.user_agent[:80]),
]


def _audit_list(request, *, form_class, selector, columns, name):
    _require_auditor(request)
    form = form_class(request.GET or None)
    qs = selector(user=request.user, filters=form.filters() if request.GET else {})
    return list_page(request, queryset=qs, filter_form=form, columns=columns, export_name=name, title=name)


def access_list(request):
    return _audit_list(
        request,
        form_class=AccessFilterForm,
        selector=selectors.access_record_list,
        columns=ACCESS_COLUMNS,
        name=_("访问留痕"),
    )


def operation_list(request):
    return _audit_list(
        request,
        form_class=OperationFilterForm,
        selector=selectors.operation_log_list,
        columns=OPERATION_COLUMNS,
        name=_("操作日志"),
    )


def login_list(request):
    return _audit_list(
        request,
        form_class=LoginFilterForm,
        selector=selectors.login_record_list,
        columns=LOGIN_COLUMNS,
        name=_("登录日志"),
    )
