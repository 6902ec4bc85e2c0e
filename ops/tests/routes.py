"""How the route matrix treats the operations pages (docs/adr/0004)."""

EXEMPT = {
    "ops:health": "系统运行状态（数据库、副本、任务队列、磁盘；不含任何业务记录）",
}
