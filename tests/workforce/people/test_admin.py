import pytest

from tests.factories.workforce import StaffProfileFactory


@pytest.mark.parametrize("path", ["/admin/workforce/regions/", "/admin/workforce/services/", "/admin/workforce/staff/"])
def test_administrator_manages_workforce_in_the_admin(world, client, path):
    StaffProfileFactory(user__first_name="Findable", service=world.service)
    client.force_login(world.user("administrator"))
    response = client.get(path)
    assert response.status_code == 200


def test_staff_list_in_admin_shows_people(world, client):
    StaffProfileFactory(user__first_name="Findable", user__last_name="Person", service=world.service)
    client.force_login(world.user("administrator"))
    assert "Findable Person" in client.get("/admin/workforce/staff/").content.decode()


def test_staff_member_cannot_reach_the_admin(world, client):
    client.force_login(world.user("staff_member"))
    response = client.get("/admin/workforce/staff/")
    assert response.status_code == 302


def test_administrator_group_can_edit_services_without_being_superuser(world, client, django_user_model):
    from tests.factories.workforce import UserFactory
    from workforce import roles

    admin = UserFactory(kinds=[roles.ADMINISTRATOR])
    client.force_login(admin)
    assert client.get("/admin/workforce/services/").status_code == 200
    assert client.get(f"/admin/workforce/services/edit/{world.service.pk}/").status_code == 200
