"""The floor view: hidden unless LOAD_HARNESS is on, then a signed-in page with the base template alone."""

import pytest
from django.urls import reverse

from tests.two_step import password_only_login

pytestmark = pytest.mark.django_db
FLOOR = "/floor/"


@pytest.fixture
def harness_on(monkeypatch):
    monkeypatch.setenv("LOAD_HARNESS", "true")


@pytest.fixture
def harness_off(monkeypatch):
    monkeypatch.delenv("LOAD_HARNESS", raising=False)


def test_the_floor_is_at_its_address():
    assert reverse("floor") == FLOOR


@pytest.mark.usefixtures("harness_off")
def test_the_floor_is_not_found_when_the_harness_is_off(client, world):
    client.force_login(world.user("staff_member"))

    assert client.get(FLOOR).status_code == 404


@pytest.mark.usefixtures("harness_on")
@pytest.mark.parametrize("value", ["false", "0", "off", ""])
def test_the_floor_is_not_found_when_the_harness_setting_says_no(client, world, monkeypatch, value):
    monkeypatch.setenv("LOAD_HARNESS", value)
    client.force_login(world.user("staff_member"))

    assert client.get(FLOOR).status_code == 404


@pytest.mark.usefixtures("harness_on")
@pytest.mark.parametrize("kind", ["staff_member", "commissioner", "young_expert", "administrator"])
def test_the_floor_renders_the_base_template_alone_when_the_harness_is_on(client, world, kind):
    client.force_login(world.user(kind))

    response = client.get(FLOOR)

    assert response.status_code == 200
    assert [
        template.name
        for template in response.templates
        if not template.name.startswith(("includes/", "wagtailnhsukfrontend/"))
    ] == [
        "cms/floor.html",
        "base.html",
    ]
    assert "Sign out" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.usefixtures("harness_on")
def test_anyone_signed_out_is_sent_to_sign_in(client):
    response = client.get(FLOOR)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.usefixtures("harness_on")
def test_a_password_without_the_second_step_does_not_reach_the_floor(client, world):
    password_only_login(client, world.user("staff_member"))

    response = client.get(FLOOR)

    assert response.status_code == 302
    assert response.url.startswith((reverse("workforce:two-step-verify"), reverse("workforce:two-step-set-up")))


@pytest.mark.usefixtures("harness_on")
def test_the_floor_only_answers_get(client, world):
    client.force_login(world.user("staff_member"))

    assert client.post(FLOOR).status_code == 405


@pytest.mark.usefixtures("harness_on")
def test_the_view_itself_refuses_a_session_without_the_second_step(rf, world):
    from django.http import Http404

    from cms.floor import floor

    request = rf.get(FLOOR)
    request.user = world.user("staff_member")
    request.user.is_verified = lambda: False

    with pytest.raises(Http404):
        floor(request)
