# Issue 11: the inspection list at city scale. The list shows the newest inspections first; its only index started
# with scope_path, so a station's or the whole city's list sorted every inspection in scope by date for each page.
# This index is the list's own order (date, id, newest first) with the scope path in it: a station or the city reads
# it in order and stops at the page, and a keyset cursor continues it; a beat still reads the scope index.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0002_inspectionevidence_upload_facts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(fields=["-inspected_on", "-id", "scope_path"], name="inspections_inspection_date"),
        ),
    ]
