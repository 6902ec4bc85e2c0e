"""python manage.py restore_backup --into DBNAME [--backup DIR] [--media-root DIR]: restore a backup.

Restores into the named database on the same server (dropped first if it exists) — see README "恢复备份".
"""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_restore, backups_list


class Command(BaseCommand):
    help = "把备份恢复到指定数据库（先删除同名数据库），可同时恢复附件目录"

    def add_arguments(self, parser):
        parser.add_argument("--into", required=True, help="目标数据库名（会被删除重建）")
        parser.add_argument("--backup", help="备份目录（默认最新一份）")
        parser.add_argument("--media-root", help="把附件解压到此目录")

    def handle(self, *args, **options):
        backup = options["backup"] or next(iter(backups_list()), None)
        if backup is None:
            raise CommandError("没有找到备份")
        try:
            backup_restore(backup=backup, into=options["into"], media_root=options["media_root"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复 {backup} → 数据库 {options['into']}")
