from django.db import migrations

KIND_NAMES = [
    "Staff member",
    "Line manager",
    "Service manager",
    "Peer coordinator",
    "Peer worker",
    "Participation lead",
    "Network coordinator",
    "Network member",
    "Commissioner",
    "Content editor",
    "Administrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in KIND_NAMES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=KIND_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
