"""python manage.py send_task_reminders: reminders before due and escalations to the station lead (消息中心)."""

import json

from django.core.management.base import BaseCommand

from tasks.services import task_reminders_send


class Command(BaseCommand):
    help = "发送任务到期提醒和逾期上报消息"

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(task_reminders_send(acting_user=None), ensure_ascii=False))
