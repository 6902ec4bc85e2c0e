"""python manage.py jobs_recover --worker-id ID: put back the jobs a killed database worker was running.

A worker killed mid-job (power cut, OOM, ``kill -9``) leaves its job marked running for ever. Run this before
the worker with the same fixed ``--worker-id`` starts again (``ExecStartPre`` in
``deploy/systemd/fengqiao-worker.service``; the Procfile's worker line): whatever that id was running cannot be
running any more, so it goes back to the queue. The jobs are idempotent (imports add nothing on a re-run, the
rules engine creates nothing twice, schedules claim their day), so running one again is safe.
"""

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "把指定工作进程中断时正在运行的后台任务放回队列（工作进程启动前运行）"

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", required=True)

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("pk", "worker_ids")
        orphans = [r.pk for r in running if r.worker_ids and r.worker_ids[-1] == worker_id]
        n = DBTaskResult.objects.filter(pk__in=orphans).update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"放回队列：{n}个任务（工作进程 {worker_id}）")
