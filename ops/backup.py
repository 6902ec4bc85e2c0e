"""Backups that restore: ``pg_dump`` (custom format) plus the media directory, with rotation, and the restore drill.

A backup is a directory ``fengqiao-YYYYmmdd-HHMMSS/`` under ``FENGQIAO_BACKUP_DIR`` holding ``db.dump``,
``media.tar.gz`` and ``manifest.json``. The manifest records every table's row count and the audit trails' last
ids *in the same snapshot as the dump* (``pg_export_snapshot`` → ``pg_dump --snapshot``), so the drill compares the
restored database with exactly what the source held when it was dumped. A backup is written as ``….partial`` and
renamed when complete: a crash mid-backup never leaves something that looks like a backup.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections
from django.utils import timezone

PREFIX = "fengqiao-"
# The trails whose last id the drill compares (规范001 第一百零九条: they must survive a restore whole).
AUDIT_TABLES = ("audit_accessrecord", "audit_operationlog", "audit_loginrecord")


class BackupError(Exception):
    pass


@dataclass
class Backup:
    path: str
    created_at: str
    database: str
    counts: dict[str, int]
    audit_last_ids: dict[str, int | None]
    media_files: int
    bytes: int = 0
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("counts")
        data["tables"] = len(self.counts)
        data["rows"] = sum(self.counts.values())
        return data


@dataclass
class DrillReport:
    backup: str
    scratch_database: str
    tables: int
    rows: int
    mismatches: list[str]
    audit_last_ids: dict[str, int | None]
    source_rows_since: int  # rows the live source gained after the backup (not a mismatch)
    media_files: int
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _conninfo(alias_or_dict="default", dbname: str | None = None) -> dict:
    s = connections[alias_or_dict].settings_dict if isinstance(alias_or_dict, str) else alias_or_dict
    info = {
        "dbname": dbname or s["NAME"],
        "user": s.get("USER") or "",
        "host": s.get("HOST") or "",
        "port": s.get("PORT") or "",
    }
    if s.get("PASSWORD"):
        info["password"] = s["PASSWORD"]
    return {k: str(v) for k, v in info.items() if v != ""}


def _pg_env(info: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
        if key in info:
            env[var] = info[key]
    return env


def _run(cmd: list[str], info: dict) -> None:
    proc = subprocess.run(cmd, env=_pg_env(info), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败（{proc.returncode}）：{proc.stderr.strip()[:1000]}")


def table_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def audit_last_ids(cursor) -> dict[str, int | None]:
    result = {}
    for name in AUDIT_TABLES:
        cursor.execute(f'SELECT max(id) FROM "{name}"')
        result[name] = cursor.fetchone()[0]
    return result


def backup_create(*, dest: str | Path | None = None, alias: str = "default", keep: int | None = None) -> Backup:
    """Dump the database and the media directory into a new backup directory; keep the newest ``keep``."""
    root = Path(dest or settings.FENGQIAO_BACKUP_DIR)
    if not str(root):
        raise BackupError("未设置备份目录（FENGQIAO_BACKUP_DIR）")
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
    final = root / f"{PREFIX}{stamp}"
    work = root / f"{PREFIX}{stamp}.partial"
    work.mkdir()
    info = _conninfo(alias)
    # One snapshot for the counts and the dump: the manifest describes exactly what db.dump holds.
    with psycopg.connect(**info) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = table_counts(cursor)
            last_ids = audit_last_ids(cursor)
        _run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(work / "db.dump"),
                info["dbname"],
            ],
            info,
        )
        conn.rollback()
    media_files = _media_archive(Path(settings.MEDIA_ROOT), work / "media.tar.gz")
    backup = Backup(
        path=str(final),
        created_at=timezone.localtime().isoformat(),
        database=info["dbname"],
        counts=counts,
        audit_last_ids=last_ids,
        media_files=media_files,
    )
    (work / "manifest.json").write_text(json.dumps(asdict(backup), ensure_ascii=False, indent=1))
    work.rename(final)
    backup.bytes = sum(p.stat().st_size for p in final.iterdir())
    backup.removed = backup_rotate(root, keep=keep if keep is not None else settings.FENGQIAO_BACKUP_KEEP)
    return backup


def _media_archive(media_root: Path, target: Path) -> int:
    n = 0
    with tarfile.open(target, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)))
                    n += 1
    return n


def backups_list(root: str | Path | None = None) -> list[Path]:
    """Complete backups, newest first."""
    root = Path(root or settings.FENGQIAO_BACKUP_DIR)
    if not root.is_dir():
        return []
    return sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and not p.name.endswith(".partial")),
        reverse=True,
    )


def backup_rotate(root: Path, *, keep: int) -> list[str]:
    removed = []
    for old in backups_list(root)[max(keep, 1) :]:
        shutil.rmtree(old)
        removed.append(old.name)
    for partial in root.glob(f"{PREFIX}*.partial"):  # left by a crash; never a backup
        if partial.stat().st_mtime < timezone.now().timestamp() - 86400:
            shutil.rmtree(partial)
    return removed


def backup_restore(
    *, backup: str | Path, into: str, alias: str = "default", media_root: str | Path | None = None
) -> None:
    """Restore ``backup`` into database ``into`` (dropped first if it exists) on the server of ``alias``; unpack the
    media into ``media_root`` when given. Never the database the app is using: name it explicitly."""
    backup = Path(backup)
    if not (backup / "db.dump").is_file():
        raise BackupError(f"{backup} 不是完整的备份（缺少 db.dump）")
    info = _conninfo(alias, dbname="postgres")
    with psycopg.connect(**info, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{into}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{into}"')
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", into, str(backup / "db.dump")], info)
    if media_root is not None:
        target = Path(media_root)
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(backup / "media.tar.gz") as tar:
            tar.extractall(target, filter="data")


def restore_drill(
    *, backup: str | Path | None = None, alias: str = "default", keep_scratch: bool = False
) -> DrillReport:
    """Restore the latest backup (or ``backup``) into a scratch database beside the source and compare every
    table's row count and the audit trails' last ids with the manifest the source wrote in the dump's snapshot;
    also count what the live source gained since. The scratch database is dropped afterwards."""
    started = timezone.now()
    if backup is None:
        found = backups_list()
        if not found:
            raise BackupError("没有找到备份")
        backup = found[0]
    backup = Path(backup)
    manifest = json.loads((backup / "manifest.json").read_text())
    source = _conninfo(alias)
    scratch = f"{source['dbname']}_drill"[:63]
    backup_restore(backup=backup, into=scratch, alias=alias)
    try:
        with psycopg.connect(**{**source, "dbname": scratch}) as conn, conn.cursor() as cursor:
            restored = table_counts(cursor)
            restored_ids = audit_last_ids(cursor)
        with psycopg.connect(**source) as conn, conn.cursor() as cursor:
            live = table_counts(cursor)
        mismatches = [
            f"{name}: 备份时 {manifest['counts'].get(name)}，恢复后 {restored.get(name)}"
            for name in sorted(set(manifest["counts"]) | set(restored))
            if manifest["counts"].get(name) != restored.get(name)
        ]
        mismatches += [
            f"{name} 最后编号: 备份时 {manifest['audit_last_ids'].get(name)}，恢复后 {restored_ids.get(name)}"
            for name in AUDIT_TABLES
            if manifest["audit_last_ids"].get(name) != restored_ids.get(name)
        ]
        with tarfile.open(backup / "media.tar.gz") as tar:
            media_files = sum(1 for m in tar.getmembers() if m.isfile())
        if media_files != manifest["media_files"]:
            mismatches.append(f"附件: 备份时 {manifest['media_files']}，归档中 {media_files}")
    finally:
        if not keep_scratch:
            with psycopg.connect(**{**source, "dbname": "postgres"}, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return DrillReport(
        backup=str(backup),
        scratch_database=scratch,
        tables=len(restored),
        rows=sum(restored.values()),
        mismatches=mismatches,
        audit_last_ids=restored_ids,
        source_rows_since=sum(live.values()) - sum(manifest["counts"].values()),
        media_files=media_files,
        seconds=round((timezone.now() - started).total_seconds(), 1),
    )
