"""On PostgreSQL the points ledger refuses UPDATE and DELETE from anyone, not only from the app (like the audit
trails, audit/migrations/0002). The one exception: the scope columns (``scope_path``, ``station_id``), which
``accounts.scope`` rewrites when an org subtree moves (ADR 0003) — every other column must stay as written."""

from django.db import migrations

TABLE = "leads_pointsentry"

FUNCTION = """
CREATE OR REPLACE FUNCTION leads_points_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'scope_path' - 'station_id') = (to_jsonb(OLD) - 'scope_path' - 'station_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '积分记录只可追加，不可修改或删除 (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # the body has a literal %
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION leads_points_refuse_change();"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    schema_editor.execute("DROP FUNCTION IF EXISTS leads_points_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("leads", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
