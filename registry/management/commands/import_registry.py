import json as jsonlib
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.importer import import_file
from registry.models import ImportKind


class Command(BaseCommand):
    requires_system_checks = []  # a data load: `manage.py check` belongs to deployment, not to every file
    help = "批量导入一标三实（CSV 或 XLSX，表头与模板一致）。好行保留，坏行写入错误报告，重复运行不会重复登记。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values, help="导入类型")
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030/GBK）或 XLSX 文件")
        parser.add_argument("--as", dest="username", required=True, help="以该账号的身份和管辖范围导入")
        parser.add_argument("--report", help="错误报告（XLSX）的保存路径")
        parser.add_argument(
            "--json",
            action="store_true",
            help="只输出一个 JSON 对象：rows = imported + updated + unchanged + rejected；"
            "整个文件无法导入时 error 说明原因",
        )

    def handle(self, *args, kind, file, username, report, **options):
        as_json = options["json"]
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{username}”不存在或已停用")
        progress = None if as_json else self._progress
        try:
            result = import_file(kind=kind, path=file, acting_user=user, report_path=report, progress=progress)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        if as_json:
            self.stdout.write(jsonlib.dumps(result.as_json(), ensure_ascii=False))
        else:
            sys.stderr.write("\n")
            if not result.error:
                self.stdout.write(
                    f"共 {result.rows} 行：新增 {result.imported}，更新 {result.updated}，未变 {result.unchanged}，"
                    f"拒绝 {result.rejected}" + (f"；错误报告：{result.report}" if result.report else "")
                )
        if result.error:
            raise CommandError(result.error, returncode=1)

    @staticmethod
    def _progress(rows: int) -> None:
        sys.stderr.write(f"\r已处理 {rows:,} 行")
        sys.stderr.flush()
