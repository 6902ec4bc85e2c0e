"""The menu and the workbench shortcuts, as data: each entry names the permission that shows it."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Perm, Role
from accounts.selectors import user_may


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    perm: str | None = None


MENU: tuple[tuple[str, tuple[MenuItem, ...]], ...] = (
    ("工作台", (MenuItem("我的工作台", "web:workbench"),)),
    (
        "组织与队伍",
        (
            MenuItem("组织机构", "web:org_tree", Perm.VIEW_ORG),
            MenuItem("单位列表", "web:org_unit_list", Perm.VIEW_ORG),
            MenuItem("人员", "web:staff_list", Perm.VIEW_STAFF),
            MenuItem("社区警务团队", "web:team_list", Perm.VIEW_ORG),
            MenuItem("警力配置预警", "web:staffing", Perm.VIEW_STAFFING),
        ),
    ),
    ("系统管理", (MenuItem("账号管理", "web:user_list", Perm.MANAGE_STAFF),)),
    (
        "审计",
        (
            MenuItem("访问留痕", "web:audit_access", Perm.VIEW_AUDIT),
            MenuItem("操作日志", "web:audit_operations", Perm.VIEW_AUDIT),
            MenuItem("登录日志", "web:audit_logins", Perm.VIEW_AUDIT),
        ),
    ),
)

# 工作台快捷入口 by role: what each role opens first.
SHORTCUTS: dict[str, tuple[MenuItem, ...]] = {
    Role.OFFICER: (MenuItem("我的警务区", "web:org_tree"), MenuItem("团队成员", "web:team_list")),
    Role.AUXILIARY: (MenuItem("我的警务区", "web:org_tree"), MenuItem("团队成员", "web:team_list")),
    Role.GRID_WORKER: (MenuItem("我的网格", "web:org_tree"),),
    Role.VOLUNTEER: (MenuItem("我的网格", "web:org_tree"),),
    Role.STATION_LEAD: (
        MenuItem("人员管理", "web:staff_list"),
        MenuItem("账号管理", "web:user_list"),
        MenuItem("警力配置预警", "web:staffing"),
    ),
    Role.COMMAND_ROOM: (MenuItem("本所人员", "web:staff_list"), MenuItem("警力配置预警", "web:staffing")),
    Role.CONTROL_CENTRE: (
        MenuItem("组织机构", "web:org_tree"),
        MenuItem("账号管理", "web:user_list"),
        MenuItem("警力配置预警", "web:staffing"),
    ),
    Role.COMMAND_CENTRE: (MenuItem("组织机构", "web:org_tree"), MenuItem("警力配置预警", "web:staffing")),
    Role.AUDITOR: (
        MenuItem("访问留痕", "web:audit_access"),
        MenuItem("操作日志", "web:audit_operations"),
        MenuItem("登录日志", "web:audit_logins"),
    ),
}


def menu_for(user) -> list[tuple[str, list[dict]]]:
    sections = []
    for title, items in MENU:
        shown = [
            {"label": i.label, "url": reverse(i.url_name), "url_name": i.url_name}
            for i in items
            if i.perm is None or user_may(user, i.perm)
        ]
        if shown:
            sections.append((title, shown))
    return sections


def shortcuts_for(roles) -> list[dict]:
    seen, shortcuts = set(), []
    for role in roles:
        for item in SHORTCUTS.get(role, ()):
            if item.url_name not in seen:
                seen.add(item.url_name)
                shortcuts.append({"label": item.label, "url": reverse(item.url_name)})
    return shortcuts
