# Issue 11: the inspections indicators at city scale. "Inspected in the period" is asked once per organization
# (~97 500 for the city): a beat probes one organization at a time, a station or the city hashes the period's
# inspected organizations once. The organization-only index made each probe read the table for the date, and the
# hash read the whole table; with the date in the index both read the index alone (a station: 80 → 30 ms).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_inspection_date_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(fields=["organization", "inspected_on"], name="inspections_inspection_org_day"),
        ),
    ]
