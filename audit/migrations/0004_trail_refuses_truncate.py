"""On PostgreSQL, the audit trails also refuse TRUNCATE (规范001 第一百零九条: 留痕不可篡改).

UPDATE and DELETE are refused by migration 0002; a TRUNCATE fires no row or UPDATE/DELETE trigger, so it needs its
own. A superuser still may (a database administrator can drop the trigger anyway; Django's test runner empties the
tables between transactional tests as one): the application connects as an ordinary role (deploy/fengqiao.env.example)
and is refused.
"""

from django.db import migrations

TABLES = ("audit_accessrecord", "audit_operationlog", "audit_loginrecord")

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '审计记录只可追加，不可清空 (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # the body has a literal %
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_truncate();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_accessrecord_download")]
    operations = [migrations.RunPython(forwards, backwards)]
