from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Young expert")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Young expert").delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0004_training_youth_led")]
    operations = [migrations.RunPython(create_group, remove_group)]
