# Written by hand (issue 11: the resident import beside COPY). No model state changes: these are indexes
# PostgreSQL's schema editor adds on its own beside a CharField's plain one, and nothing asks them anything.

from django.db import migrations

from fengqiao.search import postgres_only

# Every index on registry_resident is kept up by each insert; an import of a million people pays for each of them.
# Dropped here, each with why nothing needs it (checked with EXPLAIN on the queries in the code):
#
# * registry_resident_id_number_2f0e3a96_like, registry_resident_id_prefix_2e4c0cab_like: the varchar_pattern_ops
#   twins of id_number's unique index and id_prefix's index. Both columns are only ever compared for equality
#   (id_number = / = ANY, id_prefix = in compare-on-entry and matching.candidates_for), which the plain indexes
#   answer; an ID-number search by its tail uses registry_resident_id_tail (reverse(id_number) text_pattern_ops).
# * registry_resident_name_initials_94e47269: the plain index of name_initials. The initials are only searched by
#   prefix (fengqiao.search: name_initials LIKE 'wj%'; subjects.selectors the same), which its
#   varchar_pattern_ops twin answers whatever the database's collation; nothing compares or orders by them.
#
# Kept, though they look alike: name's plain and pattern indexes (equality in compare-on-entry; a one-character
# name search by prefix), birth_date (matching.candidates_for), the two GIN and the id_tail search indexes, the
# list's scope index and the foreign keys' indexes.
DROPPED = {
    "registry_resident_id_number_2f0e3a96_like": "(id_number varchar_pattern_ops)",
    "registry_resident_id_prefix_2e4c0cab_like": "(id_prefix varchar_pattern_ops)",
    "registry_resident_name_initials_94e47269": "(name_initials)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_address_text_trgm"),
    ]

    operations = [
        postgres_only(
            f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON registry_resident {columns}"
        )
        for name, columns in DROPPED.items()
    ]
