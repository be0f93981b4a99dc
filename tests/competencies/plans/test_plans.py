"""Development plans tied to training: sessions, links, sign-up, attendance, evidence, changing and removing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from competencies.models import PlanAction, Rating
from competencies.plans import services
from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.training import YouthSessionFactory
from workforce.models import TrainingAttendance
from workforce.training import services as training_services

PLAN_QUERIES = 30


@pytest.fixture
def framework(db):
    return small_framework()


@pytest.fixture
def plan(world, framework):
    return rate_all(start(world.profile("staff_member"), framework), framework, value=3, C01=1)


def session_for(world, framework, **extra):
    return YouthSessionFactory(region=world.region, competences=[framework.competences[0]], **extra)


def add(world, plan, framework, **extra):
    fields = {
        "competence": framework.competences[0],
        "action": "Go to the session",
        "due_date": timezone.localdate() + datetime.timedelta(days=60),
    }
    return services.plan_action_create(assessment=plan, by=world.user("staff_member"), **{**fields, **extra})


def test_action_needs_something_to_do(world, plan, framework):
    with pytest.raises(ValidationError, match="Say what you will do"):
        add(world, plan, framework, action=" ")


@pytest.mark.parametrize(
    ("due", "words"),
    [(datetime.date(1900, 1, 1), "the day this plan was made"), (datetime.date(2100, 1, 1), "within 3 years")],
)
def test_due_date_is_bounded_and_the_message_names_the_field(world, plan, framework, due, words):
    with pytest.raises(ValidationError) as caught:
        add(world, plan, framework, due_date=due)
    message = caught.value.message_dict["due_date"][0]
    assert "'By when'" in message and words in message


def test_due_date_cannot_be_before_its_session(world, plan, framework):
    session = session_for(world, framework, starts_at=timezone.now() + datetime.timedelta(days=40))
    with pytest.raises(ValidationError, match="on or after the session"):
        add(world, plan, framework, session=session, due_date=timezone.localdate() + datetime.timedelta(days=10))


def test_link_must_be_https(world, plan, framework):
    with pytest.raises(ValidationError, match="https://"):
        add(world, plan, framework, link="http://example.org/course")


def test_session_must_be_open_to_the_person(world, plan, framework):
    elsewhere = YouthSessionFactory(region=world.other_region)
    with pytest.raises(ValidationError, match="open to this service"):
        add(world, plan, framework, session=elsewhere)


def test_sign_up_from_the_plan_books_through_training(world, plan, framework):
    action = add(world, plan, framework, session=session_for(world, framework))
    attendance = services.plan_action_sign_up(action=action, by=world.user("staff_member"))
    assert attendance.status == TrainingAttendance.Status.SIGNED_UP
    action.refresh_from_db()
    assert action.status == PlanAction.Status.IN_PROGRESS


def test_manager_cannot_sign_the_person_up(world, plan, framework):
    action = add(world, plan, framework, session=session_for(world, framework))
    with pytest.raises(ValidationError, match="your own plan"):
        services.plan_action_sign_up(action=action, by=world.user("line_manager"))


def test_attending_marks_the_action_done_and_it_can_be_evidence(world, framework):
    staff = world.profile("staff_member")
    signed_off = sign_off(rate_all(start(staff, framework), framework, C01=1), framework, world.user("line_manager"))
    session = session_for(world, framework)
    action = add(world, signed_off, framework, session=session)
    place = services.plan_action_sign_up(action=action, by=staff.user)
    session.starts_at = timezone.now() - datetime.timedelta(hours=3)
    session.save(update_fields=["starts_at"])
    training_services.attendance_record(session=session, attended_ids=[place.pk])

    action = PlanAction.objects.with_attendance().get(pk=action.pk)
    assert action.is_done
    assert not PlanAction.objects.filter(pk=action.pk).not_done().exists()
    with pytest.raises(ValidationError, match="Start your next self-assessment"):
        services.plan_action_use_as_evidence(action=action, by=staff.user)

    following = start(staff, framework)
    services.plan_action_use_as_evidence(action=action, by=staff.user)
    rating = Rating.objects.get(assessment=following, competence=framework.competences[0])
    assert list(rating.training.all()) == [place]
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE


def test_plan_page_adds_once_then_redirects(client, world, plan, framework):
    session = session_for(world, framework)
    client.force_login(world.user("staff_member"))
    url = reverse("competencies:assessment-plan", args=[plan.pk])
    assert session.title in client.get(url).content.decode()
    data = {
        "competence": framework.competences[0].pk,
        "action": "Go to the youth-led session",
        "due_date": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
        "session": session.pk,
        "link": "https://learning.example.org/course",
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == url
    action = plan.plan_actions.get()
    assert action.session == session and action.link == "https://learning.example.org/course"
    page = client.get(url).content.decode()
    assert "Sign up<span" in page and "Open the learning" in page


def test_plan_page_shows_the_date_error_on_its_field(client, world, plan, framework):
    client.force_login(world.user("staff_member"))
    url = reverse("competencies:assessment-plan", args=[plan.pk])
    response = client.post(url, {"action": "Read", "due_date": "2100-01-01"})
    assert response.status_code == 200
    assert "&#x27;By when&#x27; must be within 3 years" in response.content.decode()
    assert not plan.plan_actions.exists()


def test_action_is_changed_and_removed(client, world, plan, framework):
    action = add(world, plan, framework)
    client.force_login(world.user("staff_member"))
    edit = reverse("competencies:plan-action-edit", args=[plan.pk, action.pk])
    assert "Go to the session" in client.get(edit).content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    response = client.post(edit, {"action": "Read the guide instead", "due_date": due, "competence": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.action == "Read the guide instead" and action.competence is None
    remove = reverse("competencies:plan-action-remove", args=[plan.pk, action.pk])
    assert "Remove this action" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not PlanAction.objects.filter(pk=action.pk).exists()


def test_other_services_actions_answer_404(client, world, plan, framework):
    action = add(world, plan, framework)
    client.force_login(world.user("participation_lead"))
    assert client.get(reverse("competencies:plan-action-edit", args=[plan.pk, action.pk])).status_code == 404


@pytest.mark.parametrize("actions", [1, 6])
def test_plan_page_queries_do_not_grow_with_actions(
    client, world, plan, framework, actions, django_assert_max_num_queries
):
    for _ in range(actions):
        add(world, plan, framework, session=session_for(world, framework))
    client.force_login(world.user("staff_member"))
    with django_assert_max_num_queries(PLAN_QUERIES):
        client.get(reverse("competencies:assessment-plan", args=[plan.pk]))
