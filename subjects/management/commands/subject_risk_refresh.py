from django.core.management.base import BaseCommand

from subjects.services import subject_risk_refresh


class Command(BaseCommand):
    help = "重新计算在管特定对象的风险赋分（逾期工作、未走访时长随日期变化；规范001 第三十八条）"

    def handle(self, *args, **options):
        changed = subject_risk_refresh(acting_user=None)
        self.stdout.write(f"风险等级变化：{changed}人")
