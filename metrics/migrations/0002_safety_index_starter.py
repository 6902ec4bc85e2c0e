from django.db import migrations


def seed(apps, schema_editor):
    from metrics.safety_index import SOURCE, STARTER

    Category = apps.get_model("metrics", "SafetyIndexCategory")
    Item = apps.get_model("metrics", "SafetyIndexItem")
    for order, (code, name, weight, items) in enumerate(STARTER):
        category, created = Category.objects.get_or_create(
            code=code, defaults={"name": name, "weight": weight, "source": SOURCE, "order": order}
        )
        if created:
            for item_code, item_weight, normalisation in items:
                Item.objects.create(
                    category=category, code=item_code, weight=item_weight, normalisation=normalisation
                )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
