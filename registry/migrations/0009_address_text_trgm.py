# Issue 11: the address list's text search at 2.58 M addresses. "contains" on the standard address, answered by a
# pg_trgm GIN index (as the resident's typed address, 0004), instead of reading every address in scope when a
# search matches few (a city-wide search for a missing address read the whole table: 4.3 s).

from django.db import migrations

from fengqiao.search import postgres_only


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_address_list_order"),
    ]

    operations = [
        postgres_only(
            "CREATE INDEX registry_address_full_text_trgm ON registry_address USING gin (full_text gin_trgm_ops)",
            "DROP INDEX IF EXISTS registry_address_full_text_trgm",
        ),
    ]
