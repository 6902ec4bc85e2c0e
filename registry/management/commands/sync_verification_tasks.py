from django.core.management.base import BaseCommand

from registry.verification import verification_tasks_sync


class Command(BaseCommand):
    help = "为有待核查问题的警务区补发核查任务（每个警务区一个未办结的核查任务）。"

    def handle(self, *args, **options):
        self.stdout.write(f"已下发核查任务 {verification_tasks_sync()} 个")
