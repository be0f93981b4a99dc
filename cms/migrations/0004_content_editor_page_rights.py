from django.db import migrations

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Content editors upload images and documents for the public pages into this collection only; each
# network's documents stay in the network's own collection.
PUBLIC_COLLECTION = "Public pages"
MEDIA_PERMISSIONS = {
    ("wagtaildocs", "document"): ("add", "change", "choose"),
    ("wagtailimages", "image"): ("add", "change", "choose"),
}


def grant(apps, schema_editor):
    """Content editors edit the public pages from the home page down. Network hubs ignore these rights
    (see cms/permissions.py), so they stay with each network's coordinators."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    HomePage = apps.get_model("cms", "HomePage")
    editors = Group.objects.filter(name="Content editor").first()
    home = HomePage.objects.first()
    if editors is None:
        return

    def permission(app_label, model, codename):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        found, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
        )
        return found

    if home is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page_id=home.pk, permission=permission("wagtailcore", "page", codename)
            )
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    public = Collection.objects.filter(depth=2, name=PUBLIC_COLLECTION).first()
    if public is None:
        # Treebeard's API is not available on historical models, so the child is placed by hand.
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = int(last.path[-4:], 36) + 1 if last else 1
        path = root.path + _base36(step).rjust(4, "0")
        public = Collection.objects.create(name=PUBLIC_COLLECTION, depth=2, path=path, numchild=0)
        root.numchild += 1
        root.save()
    for (app_label, model), actions in MEDIA_PERMISSIONS.items():
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=public, permission=permission(app_label, model, f"{action}_{model}")
            )


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text or "0"


def revoke(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission.objects.filter(group__name="Content editor", permission__codename__in=PAGE_PERMISSIONS).delete()
    GroupCollectionPermission.objects.filter(group__name="Content editor", collection__name=PUBLIC_COLLECTION).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_network_pages"),
        ("workforce", "0002_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
