"""The demo district is reproducible (issue 22): built twice with the same ``--seed`` on the same day, into two
fresh databases, every table holds the same rows — ids, names, dates, tasks, trails, record for record.

Cost: one ``migrate`` into an empty database, a copy of it (``CREATE DATABASE … TEMPLATE``), and two builds of the
smallest district the command allows (2 stations × 2 beats; every module's demo builder runs on it). PostgreSQL
only (not ``fast``): the copy is PostgreSQL's.

Each build runs in a process of its own with the clock stopped at the suite's anchor (conftest ``TEST_NOW``), so
the rows' own timestamps (``auto_now``) are equal too; what legitimately differs between two builds is listed in
``RANDOM`` with its reason and left out of the comparison."""

import hashlib
import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from conftest import TEST_NOW  # the suite's anchor (the repository root's conftest)

SEED = 11
BUILD = """
import sys
from datetime import datetime

import django

django.setup()
import time_machine

from web.demo import build_demo

now = datetime.fromisoformat(sys.argv[1])
with time_machine.travel(now, tick=False):
    build_demo(stations=2, beats_per_station=2, seed=int(sys.argv[2]), today=now.date())
"""

# (table, column): values that must differ between two builds, never compared.
RANDOM = {
    ("accounts_user", "password"): "a password hash has a random salt",
    ("registry_address", "code"): "an address node's code is minted at random once, then fixed (registry.resolver)",
    ("outreach_servicerequest", "rating_key"): "the resident's rating code must not be guessable",
    ("leads_pointsentry", "source_id"): "an award's or a redemption's reference is a fresh uuid (leads.services)",
    ("rules_rulerun", "duration_ms"): "how long a rules run took: measured, not built",
}
# Columns holding a stored upload's name: fengqiao.uploads stores each file under a random name (uuid4), never the
# user's; its SHA-256, size and cleaned name are compared.
UPLOAD_COLUMN = "file"


def _server() -> dict:
    s = connection.settings_dict
    return {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432, "user": s["USER"], "password": s["PASSWORD"]}


def _admin(sql: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as c:
        c.execute(sql)


def _run(db: str, args: list[str], env_extra: dict) -> None:
    s = _server()
    env = {
        **os.environ,
        **env_extra,
        "DJANGO_SETTINGS_MODULE": "fengqiao.settings",
        "DATABASE_URL": f"postgres://{s['user']}:{s['password'] or ''}@{s['host']}:{s['port']}/{db}",
    }
    env.pop("FENGQIAO_TEST_NOW", None)
    proc = subprocess.run(args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]


def _digest(db: str) -> dict[str, dict[str, str]]:
    """Per table and column: a SHA-256 over the column's values, rows in primary-key order (``id``; else all)."""
    found = {}
    with psycopg.connect(dbname=db, **_server()) as c:
        tables = [
            r[0]
            for r in c.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations'"
                " ORDER BY tablename"
            )
        ]
        for table in tables:
            columns = [
                r[0]
                for r in c.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                    " AND table_name = %s ORDER BY ordinal_position",
                    [table],
                )
            ]
            kept = [col for col in columns if (table, col) not in RANDOM and col != UPLOAD_COLUMN]
            select = ", ".join(f'"{col}"' for col in kept)
            rows = c.execute(f'SELECT {select} FROM "{table}"').fetchall()
            at = kept.index("id") if "id" in kept else None
            rows.sort(key=repr if at is None else (lambda row, at=at: row[at]))
            found[table] = {"rows": str(len(rows))} | {
                col: hashlib.sha256(repr([row[i] for row in rows]).encode()).hexdigest() for i, col in enumerate(kept)
            }
    return found


@pytest.fixture
def two_databases(django_db_blocker):
    base = connection.settings_dict["NAME"]
    names = [f"{base}_demo_a", f"{base}_demo_b"]
    with django_db_blocker.unblock():
        for name in names:
            _admin(f'DROP DATABASE IF EXISTS "{name}"')
        try:
            _admin(f'CREATE DATABASE "{names[0]}"')
            _run(names[0], [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], {})
            _admin(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"')  # the same empty, migrated database
            yield names
        finally:
            for name in names:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_same_seed_builds_the_same_district_twice(two_databases, tmp_path):
    names = two_databases
    for name in names:  # each with its own files (a PDF notice's stored name is its number, not random)
        media = {"FENGQIAO_MEDIA_ROOT": str(tmp_path / name)}
        _run(name, [sys.executable, "-c", BUILD, TEST_NOW.isoformat(), str(SEED)], media)
    first, second = (_digest(name) for name in names)
    assert first.keys() == second.keys()
    assert int(first["org_orgunit"]["rows"]) >= 2 + 4  # the stations and beats were built (not an empty comparison)
    differ = {
        table: sorted(col for col in first[table] if first[table][col] != second[table].get(col))
        for table in first
        if first[table] != second[table]
    }
    assert not differ, f"the same seed built different values in (table: columns) {differ}"
