"""python manage.py backup_database [--dest DIR] [--keep N] [--json]: pg_dump + media now, then rotate."""

import json

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库（pg_dump）和附件目录，并只保留最新的 N 份"

    def add_arguments(self, parser):
        parser.add_argument("--dest", help="备份目录（默认 FENGQIAO_BACKUP_DIR）")
        parser.add_argument("--keep", type=int, help="保留份数（默认 FENGQIAO_BACKUP_KEEP）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            backup = backup_create(dest=options["dest"], keep=options["keep"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(backup.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"备份完成：{backup.path}（{len(backup.counts)}张表 {sum(backup.counts.values())}行，"
            f"附件{backup.media_files}个，{backup.bytes / 1e6:.1f} MB）；轮换删除{len(backup.removed)}份"
        )
