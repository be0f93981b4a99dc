from django.core import mail
from django.urls import reverse

from tests.factories.workforce import UserFactory
from tests.two_step import authenticator_for, code_for


def test_anonymous_visitor_is_sent_to_sign_in_for_my_home(client, db):
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_person_signs_in_with_email_and_lands_on_my_home(client, db):
    user = UserFactory(username="tom.reid@example.org", first_name="Tom")
    device = authenticator_for(user)
    response = client.post(
        reverse("login"), {"username": "tom.reid@example.org", "password": "pathways-test-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{reverse('workforce:two-step-verify')}?next=%2Fmy%2F"
    response = client.post(response.redirect_chain[-1][0], {"code": code_for(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("my-home")
    assert "Hello, Tom" in response.content.decode()


def test_wrong_password_shows_a_plain_message(client, db):
    UserFactory(username="tom.reid@example.org")
    response = client.post(reverse("login"), {"username": "tom.reid@example.org", "password": "wrong"})
    assert "Your email address or password is not right" in response.content.decode()


def test_password_reset_sends_a_link_by_email(client, db):
    UserFactory(username="tom.reid@example.org")
    client.post(reverse("password_reset"), {"email": "tom.reid@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_home_page_is_public(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "L&amp;D Pathways" in response.content.decode()
