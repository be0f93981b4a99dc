from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page with our home page and point the default site at it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="L&D Pathways",
        draft_title="L&D Pathways",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        introduction=(
            "Tools for NHS Liaison and Diversion services: the workforce career and competency framework, "
            "staff self-assessment, youth-led training, peer volunteers' journeys and regional peer networks."
        ),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "L&D Pathways"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("cms", "HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(create_home_page, remove_home_page)]
