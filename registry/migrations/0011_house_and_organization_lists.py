# Issue 11: the house and organization lists at city scale.
# The house list sorted on the joined address text (every house in scope joined to its address, then sorted, for any
# page) and searched with "icontains" over the join. A house now carries its standard address's text; the list reads
# one scope index in its own order (scope_path, address_text, id) and searches through fengqiao.search's shapes, the
# address text and the owner's name by pg_trgm GIN indexes (as the resident's and address's).
# The organization list already read its scope index in its own order; its search now takes the same shapes, with
# pg_trgm GIN indexes on the name and address text (a city-wide search that found few of 100 000 organizations read
# them all with "icontains": 185–275 ms).

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from fengqiao.search import postgres_only


def fill_address_text(apps, schema_editor):
    House = apps.get_model("registry", "House")
    Address = apps.get_model("registry", "Address")
    House.objects.update(address_text=Subquery(Address.objects.filter(pk=OuterRef("address_id")).values("full_text")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_scope_columns"),
        ("registry", "0010_resident_unused_indexes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="house",
            options={
                "ordering": ["scope_path", "address_text", "id"],
                "verbose_name": "实有房屋",
                "verbose_name_plural": "实有房屋",
            },
        ),
        migrations.RemoveIndex(
            model_name="house",
            name="registry_house_scope",
        ),
        migrations.AddField(
            model_name="house",
            name="address_text",
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name="房屋地址"),
        ),
        migrations.RunPython(fill_address_text, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="house",
            index=models.Index(fields=["scope_path", "address_text", "id"], name="registry_house_scope"),
        ),
        postgres_only(
            "CREATE INDEX registry_house_address_text_trgm ON registry_house USING gin (address_text gin_trgm_ops)",
            "DROP INDEX IF EXISTS registry_house_address_text_trgm",
        ),
        # Three characters or more also ask the owner's name; its own trigram index lets both sides of the OR be
        # answered by an index (a search that finds few houses read every house in scope).
        postgres_only(
            "CREATE INDEX registry_house_owner_name_trgm ON registry_house USING gin (owner_name gin_trgm_ops)",
            "DROP INDEX IF EXISTS registry_house_owner_name_trgm",
        ),
        postgres_only(
            "CREATE INDEX registry_organization_name_trgm ON registry_organization USING gin (name gin_trgm_ops)",
            "DROP INDEX IF EXISTS registry_organization_name_trgm",
        ),
        postgres_only(
            "CREATE INDEX registry_organization_address_text_trgm ON registry_organization "
            "USING gin (address_text gin_trgm_ops)",
            "DROP INDEX IF EXISTS registry_organization_address_text_trgm",
        ),
    ]
