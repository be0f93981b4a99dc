from wagtail.models import Page

from cms.models import HomePage


def test_content_editor_can_edit_and_publish_the_home_page(world, client):
    home = HomePage.objects.get()
    client.force_login(world.user("content_editor"))
    edit = client.get(f"/admin/pages/{home.pk}/edit/")
    assert edit.status_code == 200
    perms = home.permissions_for_user(world.user("content_editor"))
    assert perms.can_edit() and perms.can_publish()


def test_content_editor_can_add_a_content_page_under_home(world, client):
    home = HomePage.objects.get()
    client.force_login(world.user("content_editor"))
    response = client.get(f"/admin/pages/add/cms/contentpage/{home.pk}/")
    assert response.status_code == 200


def test_staff_member_cannot_edit_pages(world):
    home = Page.objects.get(slug="home")
    assert not home.permissions_for_user(world.user("staff_member")).can_edit()
