"""What young experts see of the sessions they deliver: those to come, and what professionals said after.

Nothing on these pages may name or point to an attendee: counts follow the disclosure rule, written answers
show only once enough people have written, and the names of people on the session are taken out.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.competencies import CompetenceFactory
from tests.factories.training import AttendanceFactory, InvolvementFactory, YoungExpertFactory, YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce.models import FollowUp
from workforce.training import services

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def jay():
    return YoungExpertFactory(display_name="Jay", user=UserFactory())


def _held(jay, **options):
    return YouthSessionFactory(
        title="Talking in custody",
        starts_at=NOW - datetime.timedelta(days=100),
        young_experts=[jay, YoungExpertFactory(display_name="Mo")],
        **options,
    )


def _feedback(session, people, *, learned="I learned to listen", competences=(), rating=(2, 4), follow_up=None):
    """``people`` attendees who came and wrote back. Returns their staff profiles."""
    profiles = []
    for index in range(people):
        profile = StaffProfileFactory(user__first_name=f"Ann{index}", user__last_name="Wade")
        attendance = AttendanceFactory(session=session, attendee=profile, status="attended")
        services.attendee_feedback_give(
            attendance=attendance,
            learned=f"{learned} {index}",
            will_do_differently=f"Slow down {index}",
            confidence=dict.fromkeys(competences, rating),
        )
        if follow_up:
            attendance.follow_up_sent_at = NOW
            attendance.save()
            services.follow_up_answer(attendance=attendance, what_changed=f"{follow_up} {index}")
        profiles.append(profile)
    return profiles


def test_young_expert_sees_the_sessions_they_are_booked_to_deliver(client, jay):
    soon = YouthSessionFactory(title="Soon", young_experts=[jay, YoungExpertFactory()])
    YouthSessionFactory(title="Someone else's", young_experts=YoungExpertFactory.create_batch(2))
    client.force_login(jay.user)
    page = client.get(reverse("workforce:training-my-involvement")).content.decode()
    assert "Your next sessions" in page and "Soon" in page and "Someone else&#x27;s" not in page
    assert reverse("workforce:training-my-session", args=[soon.pk]) in page
    page = client.get(reverse("workforce:training-my-session", args=[soon.pk])).content.decode()
    assert "This session has not happened yet." in page and "What people said" not in page


def test_young_expert_reads_what_people_learned_without_names(client, jay):
    session = _held(jay)
    profiles = _feedback(session, 3, learned="Ann0 Wade said I learned to listen", follow_up="I sit down with them")
    client.force_login(jay.user)
    listing = client.get(reverse("workforce:training-my-involvement")).content.decode()
    assert "Feedback to read" in listing
    page = client.get(reverse("workforce:training-my-session", args=[session.pk])).content.decode()
    assert "[name] [name] said I learned to listen 0" in page
    assert "Slow down 2" in page and "I sit down with them 1" in page
    assert "Fewer than 8 people came." in page
    for profile in profiles:
        assert profile.user.first_name not in page and profile.user.email not in page
    assert "Wade" not in page


def test_answers_stay_hidden_until_enough_people_have_written(client, jay):
    session = _held(jay)
    _feedback(session, 2, learned="Something personal", follow_up="Changed")
    client.force_login(jay.user)
    assert "Feedback to read" not in client.get(reverse("workforce:training-my-involvement")).content.decode()
    page = client.get(reverse("workforce:training-my-session", args=[session.pk])).content.decode()
    assert "Something personal" not in page and "Changed 0" not in page
    assert "You will see what they wrote once 3 or more people have told us." in page


def test_confidence_shows_only_when_eight_or_more_rated(client, jay):
    competence = CompetenceFactory(title="Listening to young people")
    small = _held(jay, competences=[competence])
    _feedback(small, 7, competences=[competence])
    big = _held(jay, competences=[competence])
    _feedback(big, 9, competences=[competence], rating=(2, 5))
    client.force_login(jay.user)
    page = client.get(reverse("workforce:training-my-session", args=[small.pk])).content.decode()
    assert "Listening to young people" not in page and "once 8 or more have told us" in page
    page = client.get(reverse("workforce:training-my-session", args=[big.pk])).content.decode()
    assert "Listening to young people" in page and "100%" in page and "About 10 people came." in page


def test_another_young_experts_session_answers_404(client, jay):
    theirs = _held(YoungExpertFactory())
    client.force_login(jay.user)
    assert client.get(reverse("workforce:training-my-session", args=[theirs.pk])).status_code == 404


def test_session_page_query_count_does_not_grow_with_feedback(client, jay, django_assert_max_num_queries):
    competence = CompetenceFactory()
    session = _held(jay, competences=[competence])
    _feedback(session, 12, competences=[competence], follow_up="Changed")
    client.force_login(jay.user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workforce:training-my-session", args=[session.pk]))
    assert "Changed 11" in response.content.decode()


def test_my_involvement_query_count_is_pinned(client, jay, django_assert_max_num_queries):
    for _ in range(4):
        session = _held(jay)
        InvolvementFactory(young_expert=jay, session=session, hours=1.5)
        _feedback(session, 1)
        YouthSessionFactory(young_experts=[jay, YoungExpertFactory()])
    client.force_login(jay.user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workforce:training-my-involvement"))
    assert "You have given 6 hours" in response.content.decode()


def test_own_feedback_page_speaks_to_the_young_expert(client, jay):
    session = _held(jay)
    client.force_login(jay.user)
    url = reverse("workforce:training-my-feedback", args=[session.pk])
    page = client.get(url).content.decode()
    assert "How did Talking in custody go for you?" in page and "for Jay" not in page
    response = client.post(url, {"voice": "yes", "audience": "yes", "influence": "partly"}, follow=True)
    assert "Thank you. Your feedback is saved." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("workforce:training-my-session", args=[session.pk])


def test_lead_filling_in_feedback_reads_the_young_experts_name(world, client, jay):
    session = _held(jay)
    client.force_login(world.user("participation_lead"))
    url = reverse("workforce:training-young-expert-feedback", args=[session.pk, jay.pk])
    page = client.get(url).content.decode()
    assert "How did Talking in custody go for Jay?" in page and "go for you?" not in page


def test_hours_read_the_same_way_on_every_page(world, client, jay):
    session = _held(jay)
    InvolvementFactory(young_expert=jay, session=session, hours=2)
    InvolvementFactory(young_expert=jay, kind="preparation", session=session, hours=1.5)
    client.force_login(jay.user)
    page = client.get(reverse("workforce:training-my-involvement")).content.decode()
    assert "You have given 3.5 hours." in page and "You gave 3.5 hours." in page
    assert ">2 hours<" in page and ">1.5 hours<" in page
    assert "1.50" not in page and "2.00" not in page
    client.force_login(world.user("participation_lead"))
    page = client.get(reverse("workforce:training-young-expert", args=[jay.pk])).content.decode()
    assert ">1.5 hours<" in page and "1.50" not in page
    page = client.get(reverse("workforce:training-report")).content.decode()
    assert ">3.5 hours<" in page


def test_young_experts_see_the_share_who_said_it_changed_how_they_work_once_enough_answered(client, jay):
    session = _held(jay)
    _feedback(session, 3, follow_up="I ask first")
    FollowUp.objects.filter(attendance__session=session).update(changed_practice=True)
    client.force_login(jay.user)
    url = reverse("workforce:training-my-session", args=[session.pk])
    assert "changed how they work" not in client.get(url).content.decode()

    _feedback(session, 7, follow_up="I ask first")
    answers = FollowUp.objects.filter(attendance__session=session)
    answers.exclude(pk__in=answers.order_by("pk")[:3]).update(changed_practice=False)
    FollowUp.objects.filter(pk__in=answers.order_by("pk")[3:8]).update(changed_practice=True)
    page = client.get(url).content.decode()
    # 8 of 10 said yes.
    assert "About 10 people told us. About 80% of them said the session changed how they work." in page
