from django.db import migrations

# NHS England's seven regions as they stand in 2026. Regions are data: an administrator can rename,
# add or retire them in the admin when the map changes.
REGIONS = [
    ("Y61", "East of England"),
    ("Y56", "London"),
    ("Y60", "Midlands"),
    ("Y63", "North East and Yorkshire"),
    ("Y62", "North West"),
    ("Y59", "South East"),
    ("Y58", "South West"),
]


def create_regions(apps, schema_editor):
    Region = apps.get_model("workforce", "Region")
    for code, name in REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_groups")]
    operations = [migrations.RunPython(create_regions, migrations.RunPython.noop)]
