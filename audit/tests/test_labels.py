"""Audit pages show Chinese labels from one table (audit/labels.py), never internal codes; the 操作日志 filter is a
dropdown of operations; a trail row with an unlabelled code fails the test that wrote it."""

import re

import pytest

from audit.labels import action_choices
from audit.models import AccessAction, OperationLog
from audit.services import access_trail_write, operation_log_write
from rules.models import RuleRun

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[str]:
    """The text of every cell of the result table."""
    table = html[html.index('id="result-table"') :]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]


def test_operation_log_shows_labels_not_codes(login, client, users):
    """The demo's own rows: reminders sent by the system, rule runs, markings — in words (operation, summary,
    object), never ``task_reminders_send``, ``rule_run#16``, ``task#-`` or ``special_subject:S11``."""
    login("auditor")
    shown = cells(client.get("/audit/operations/", {"per_page": 200}).content.decode())
    rows = [shown[i : i + 6] for i in range(0, len(shown), 6)]  # 时间 账号 操作 摘要 对象 来源地址
    operations, summaries, objects = ({r[k] for r in rows} for k in (2, 3, 4))
    assert {"发送到期提醒和逾期上报", "规则计算", "申请标注特定对象"} <= operations
    assert any(re.fullmatch(r"规则运行记录 #\d+", o) for o in objects)
    assert "任务" in objects  # a row about many tasks at once names the kind
    code = re.compile(r"[a-z]+_[a-z_]+|#-|\bfull\b|[a-z]:S?\d")  # not a time such as 08:30
    assert [t for t in operations | summaries | objects if code.search(t)] == []


def test_operation_log_is_filtered_by_a_dropdown_of_operations(login, client, users):
    login("auditor")
    html = client.get("/audit/operations/", {"action": "rules_run", "per_page": 200}).content.decode()
    select = html[html.index('name="action"') : html.index("</select>", html.index('name="action"'))]
    assert '<option value="rules_run" selected>规则计算</option>' in select
    assert '<option value="task_reminders_send">发送到期提醒和逾期上报</option>' in select
    assert len(re.findall(r"<option ", select)) == len(action_choices()) + 1  # + 全部操作
    operations = cells(html)[2::6]  # the 操作 column
    assert operations and set(operations) == {"规则计算"}
    assert len(operations) == OperationLog.objects.filter(action="rules_run").count()
    refused = client.get("/audit/operations/", {"action": "no_such_action"}).content.decode()
    assert "选择一个有效的选项" in refused or "Select a valid choice" in refused


def test_access_trail_shows_object_kind_and_channel_in_words(login, client, users):
    access_trail_write(
        acting_user=users["officer"],
        action=AccessAction.VIEW,
        object_type="resident",
        object_id=1,
        object_label="标签测试人",
        channel="api",
    )
    login("auditor")
    html = client.get("/audit/access/", {"object_label": "标签测试人"}).content.decode()
    row = cells(html)
    assert row[2:4] == ["查看详情", "实有人口"] and row[7] == "接口"


def test_rule_runs_name_their_scope_in_words(login, client, users):
    from rules.services import rules_recompute_record

    rules_recompute_record(record_type="beat", record_id=users["officer"].role_assignments.first().org_unit_id)
    login("control")
    html = client.get("/rules/runs/").content.decode()
    assert "全部规则" in html and re.search(r"<td>警务区 \d+</td>", html)
    assert not re.search(r"<td>(full|beat:\d+)</td>", html)
    assert RuleRun.objects.filter(scope="full").exists()


def test_an_unlabelled_code_fails_the_test_that_writes_it(users):
    """FENGQIAO_STRICT_LABELS (on in the tests): a new module must add its codes to audit/labels.py."""
    before = OperationLog.objects.count()
    with pytest.raises(LookupError, match="no label for action 'brand_new_action'"):
        operation_log_write(
            acting_user=users["officer"], action="brand_new_action", object_type="task", object_id=1, summary="x"
        )
    with pytest.raises(LookupError, match="no label for channel 'fax'"):
        access_trail_write(
            acting_user=users["officer"], action="view", object_type="resident", object_id=1, channel="fax"
        )
    assert OperationLog.objects.count() == before
