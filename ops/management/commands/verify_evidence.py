"""python manage.py verify_evidence [--json]: every stored evidence file is there and unchanged.

For every model with a file field and a ``sha256`` field (``fengqiao.uploads.UploadFacts``: task evidence, subject
attachments, and any later module's files), reads each file under ``FENGQIAO_MEDIA_ROOT`` and compares its SHA-256
with the one recorded at upload. Missing or changed files are listed and the command exits 1; files uploaded before
checksums were kept (empty ``sha256``) are counted apart. Run it after restoring media from a backup or moving the
media root to shared storage.
"""

import hashlib
import json

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models


def evidence_models():
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        files = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        if files and "sha256" in names:
            yield model, files[0]


def file_sha256(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "核对附件（佐证材料）：文件是否存在、SHA-256 校验值是否与上传时一致"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        report = {"checked": 0, "ok": 0, "no_checksum": 0, "missing": [], "changed": []}
        for model, field in evidence_models():
            label = model._meta.label
            for row in model.objects.only("pk", field, "sha256").iterator(chunk_size=500):
                stored = getattr(row, field)
                if not stored:
                    continue
                report["checked"] += 1
                try:
                    actual = file_sha256(stored)
                except FileNotFoundError:
                    report["missing"].append(f"{label}#{row.pk} {stored.name}")
                    continue
                if not row.sha256:
                    report["no_checksum"] += 1
                elif actual != row.sha256:
                    report["changed"].append(f"{label}#{row.pk} {stored.name}")
                else:
                    report["ok"] += 1
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(
                f"附件核对：{report['checked']}个，一致{report['ok']}个，无校验值{report['no_checksum']}个，"
                f"缺失{len(report['missing'])}个，被改动{len(report['changed'])}个"
            )
            for line in report["missing"]:
                self.stderr.write(f"缺失：{line}")
            for line in report["changed"]:
                self.stderr.write(f"被改动：{line}")
        if report["missing"] or report["changed"]:
            raise CommandError("附件核对未通过")
