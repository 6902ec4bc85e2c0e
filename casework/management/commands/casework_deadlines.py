from django.core.management.base import BaseCommand

from casework.services import handover_deadlines_check


class Command(BaseCommand):
    help = "调解移交逾期（未按时接收、未在调解期限内反馈）提醒值班民警（规范004，时限由派出所设定）"

    def handle(self, *args, **options):
        told = handover_deadlines_check(acting_user=None)
        self.stdout.write(f"逾期提醒：{told}条")
