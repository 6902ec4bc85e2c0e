"""Background work of the 云格 inbox: a django-tasks job (one pass, for a deployment that enqueues it from its
worker) and a nightly sweep on ops' schedules (anything the ``online_groups_inbox --follow`` process left, and
the 群发 held over last month's cap released on the 1st). The follow process is the usual reader; the sweep makes
a station without it still apply the gateway's envelopes once a day."""

from __future__ import annotations

from datetime import date, time

from django_tasks import task


@task()
def online_groups_inbox_job() -> dict:
    from .inbox import run_once

    return run_once().__dict__


def inbox_sweep_nightly(day: date) -> dict:
    """The schedule's job (ops calls it with the run's day): one pass of the inbox."""
    from .inbox import run_once

    return run_once().__dict__


def schedule():
    from ops.schedules import Schedule

    return Schedule(
        code="online_groups_inbox_sweep",
        label="云格网关信封每日补处理",
        job="online_groups.jobs.inbox_sweep_nightly",
        at=time(0, 10),
        reading="信封通常由 online_groups_inbox --follow 随到随处理；每日0:10再处理一遍遗留的信封，"
        "并在每月1日提交上月超出上限排队的群发。错过不补（一次处理即涵盖全部遗留）。",
    )
