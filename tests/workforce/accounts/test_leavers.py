import datetime

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.workforce import StaffProfileFactory, UserFactory
from tests.two_step import sign_in
from workforce.accounts.sessions import user_sessions_end
from workforce.models import StaffProfile, UserSession

PASSWORD = "pathways-test-password"


def signed_in_client(user):
    client = Client()
    assert sign_in(client, user.username, PASSWORD)
    return client


def is_signed_in(client):
    return client.get(reverse("my-home")).status_code == 200


def test_leaver_cannot_sign_in(db, client):
    StaffProfileFactory(user__username="ana.leaver@example.org", active=False)
    response = client.post(reverse("login"), {"username": "ana.leaver@example.org", "password": PASSWORD})
    assert "Your email address or password is not right" in response.content.decode()
    assert not is_signed_in(client)


def test_leaver_cannot_sign_in_to_the_admin(db, client):
    StaffProfileFactory(user__username="ana.leaver@example.org", user__is_superuser=True, active=False)
    client.post(reverse("wagtailadmin_login"), {"username": "ana.leaver@example.org", "password": PASSWORD})
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_person_without_a_staff_profile_signs_in(db, client):
    commissioner = UserFactory()
    response = client.post(reverse("login"), {"username": commissioner.username, "password": PASSWORD})
    assert response.status_code == 302
    assert UserSession.objects.filter(user=commissioner).count() == 1


def test_leaver_is_signed_out_at_once(db):
    profile = StaffProfileFactory()
    client = signed_in_client(profile.user)
    assert is_signed_in(client)
    profile.active = False
    profile.save()
    response = client.get(reverse("my-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_leaver_marked_without_saving_the_profile_is_still_refused(db):
    # A bulk update sends no post_save; the backend refuses on the next request all the same.
    profile = StaffProfileFactory()
    client = signed_in_client(profile.user)
    StaffProfile.objects.filter(pk=profile.pk).update(active=False)
    assert not is_signed_in(client)


def test_leaver_marked_active_again_does_not_get_old_session_back(db):
    profile = StaffProfileFactory()
    client = signed_in_client(profile.user)
    profile.active = False
    profile.save()
    profile.active = True
    profile.save()
    assert not is_signed_in(client)


def test_reactivated_user_does_not_get_old_session_back(db):
    user = UserFactory()
    client = signed_in_client(user)
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert not is_signed_in(client)


def test_all_of_a_users_sessions_end_when_they_are_deactivated(db):
    user = UserFactory()
    laptop, phone = signed_in_client(user), signed_in_client(user)
    assert UserSession.objects.filter(user=user).count() == 2
    user.is_active = False
    user.save()
    assert not UserSession.objects.filter(user=user).exists()
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_administrator_marking_a_leaver_in_the_admin_ends_their_sessions(world, client):
    profile = StaffProfileFactory(service=world.service)
    leaver = signed_in_client(profile.user)
    client.force_login(world.user("administrator"))
    response = client.post(
        reverse("workforce_staff:edit", args=[profile.pk]),
        {"user": profile.user.pk, "service": world.service.pk, "job_title": profile.job_title},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.active
    assert not UserSession.objects.filter(user=profile.user).exists()
    assert not is_signed_in(leaver)


def test_ending_sessions_can_keep_the_one_in_use(db):
    user = UserFactory()
    current, other = signed_in_client(user), signed_in_client(user)
    ended = user_sessions_end(user=user, keep_session_key=current.session.session_key)
    assert ended == 1
    assert is_signed_in(current)
    assert not is_signed_in(other)


def test_ending_sessions_leaves_other_people_signed_in(db):
    leaver, colleague = UserFactory(), UserFactory()
    leavers_client, colleagues_client = signed_in_client(leaver), signed_in_client(colleague)
    user_sessions_end(user=leaver)
    assert not is_signed_in(leavers_client)
    assert is_signed_in(colleagues_client)


def test_ending_sessions_is_one_query(db, django_assert_num_queries):
    user = UserFactory()
    for _ in range(3):
        signed_in_client(user)
    with django_assert_num_queries(1):
        ended = user_sessions_end(user=user)
    assert ended == 3


def test_clearsessions_removes_expired_sessions(db):
    user = UserFactory()
    signed_in_client(user)
    UserSession.objects.create(
        session_key="expired", session_data="", expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    call_command("clearsessions")
    assert list(UserSession.objects.values_list("user", flat=True)) == [user.pk]


def test_bulk_deactivation_in_the_admin_ends_the_sessions(client, django_user_model):
    from django.test import Client

    from tests.factories.workforce import UserFactory
    from workforce.models import UserSession

    person = UserFactory()
    other_browser = Client()
    other_browser.force_login(person)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.post(f"/admin/bulk/auth/user/set_active_state/?id={person.pk}", {"mark_as_active": "False"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert not UserSession.objects.filter(user=person).exists()
