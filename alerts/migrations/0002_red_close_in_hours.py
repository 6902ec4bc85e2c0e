"""规范003 “5日闭环” read as 120 hours from the raising (a due time, calendar days, never rolled): an installation
that loaded the earlier row (5 days from the raising day) gets the new unit with the number converted, so the
control centre's adjustable ``first_due`` is not read as 5 hours."""

from django.db import migrations


def forwards(apps, schema_editor):
    Obligation = apps.get_model("rules", "Obligation")
    for ob in Obligation.objects.filter(code="alert_red_close", first_due_unit="days"):
        ob.first_due, ob.first_due_unit, ob.trigger = ob.first_due * 24, "hours", "started_at"
        ob.save(update_fields=["first_due", "first_due_unit", "trigger"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("rules", "0006_retire_alert_stand_in"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
