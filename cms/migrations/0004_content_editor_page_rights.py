from django.db import migrations

PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant(apps, schema_editor):
    """Content editors edit the public pages from the home page down. Network hubs ignore these rights
    (see cms/pages/permissions.py), so they stay with each network's coordinators."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    HomePage = apps.get_model("cms", "HomePage")
    editors = Group.objects.filter(name="Content editor").first()
    home = HomePage.objects.first()
    if editors is None or home is None:
        return
    for codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=editors, page_id=home.pk, permission=permission)


def revoke(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(group__name="Content editor", permission__codename__in=PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_network_pages"),
        ("workforce", "0002_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
