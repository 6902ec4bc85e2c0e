"""Backups that restore (issue 12): backup → drop → restore → the demo district's counts and trails identical."""

import json

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from ops.backup import AUDIT_TABLES, _conninfo, audit_last_ids, backup_create, backup_restore, table_counts

pytestmark = pytest.mark.django_db


def _state(dbname=None) -> tuple[dict, dict]:
    """Row counts and audit last ids as another session sees them (what is committed)."""
    with psycopg.connect(**_conninfo("default", dbname=dbname)) as conn, conn.cursor() as cursor:
        return table_counts(cursor), audit_last_ids(cursor)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "2026" / "visit.jpg").write_bytes(b"\xff\xd8photo\xff\xd9")
    return settings.MEDIA_ROOT


def test_backup_drop_restore_gives_back_the_demo_district_and_its_trails(media, tmp_path):
    # given the demo district (committed by the session) and an evidence file
    source_counts, source_ids = _state()
    assert source_counts["registry_resident"] > 0 and source_ids["audit_operationlog"] is not None
    # when it is backed up, the database is lost (dropped) and the backup restored in its place
    backup = backup_create(dest=tmp_path / "backups")
    lost = connections["default"].settings_dict["NAME"] + "_lost"
    backup_restore(backup=backup.path, into=lost)  # a copy standing in for the server we lose
    with psycopg.connect(**_conninfo("default", dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{lost}" WITH (FORCE)')
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [lost]).fetchone()[0] == 0
    backup_restore(backup=backup.path, into=lost, media_root=tmp_path / "restored-media")
    try:
        restored_counts, restored_ids = _state(lost)
    finally:
        with psycopg.connect(**_conninfo("default", dbname="postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{lost}" WITH (FORCE)')
    # then every table has the same rows and the trails end at the same ids
    assert restored_counts == source_counts
    assert restored_ids == source_ids and set(restored_ids) == set(AUDIT_TABLES)
    assert (tmp_path / "restored-media" / "evidence" / "2026" / "visit.jpg").read_bytes() == b"\xff\xd8photo\xff\xd9"
    manifest = json.loads((tmp_path / "backups" / backup.path.rsplit("/", 1)[1] / "manifest.json").read_text())
    assert manifest["counts"] == source_counts and manifest["media_files"] == 1


def test_restore_drill_passes_on_a_good_backup_and_fails_on_a_damaged_one(media, tmp_path, settings, capsys):
    settings.FENGQIAO_BACKUP_DIR = str(tmp_path / "backups")
    call_command("backup_database")
    call_command("restore_drill")
    assert "恢复演练通过" in capsys.readouterr().out
    # a manifest that does not match the dump (a truncated or swapped file) fails the drill
    latest = sorted((tmp_path / "backups").iterdir())[-1]
    manifest = json.loads((latest / "manifest.json").read_text())
    manifest["counts"]["registry_resident"] += 1
    manifest["audit_last_ids"]["audit_operationlog"] = 1
    (latest / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="恢复演练未通过：2处不一致"):
        call_command("restore_drill")


def test_rotation_keeps_the_newest_backups(media, tmp_path):
    for _ in range(3):
        last = backup_create(dest=tmp_path / "b", keep=2)
    kept = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(kept) == 2 and last.path.endswith(kept[-1]) and len(last.removed) == 1
