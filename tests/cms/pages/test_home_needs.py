"""My home shows what needs the person who signed in, each with one link to act, in constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.assessments import services as assessment_services
from competencies.plans import services as plan_services
from tests.factories.assessments import rate_all, small_framework, start
from tests.factories.training import YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory
from workforce.training import services as training_services

# Each kind's home, pinned: every part that can need a person asks once, whatever the data.
HOME_QUERIES = {"staff_member": 9, "line_manager": 12, "peer_coordinator": 8}


@pytest.fixture
def framework(db):
    return small_framework()


def home(client, user):
    client.force_login(user)
    return client.get(reverse("my-home")).content.decode()


def test_staff_member_sees_draft_plan_action_and_session(client, world, framework):
    staff = world.profile("staff_member")
    draft = start(staff, framework)
    session = YouthSessionFactory(region=world.region, title="Custody conversations")
    plan_services.plan_action_create(
        assessment=draft,
        by=staff.user,
        competence=None,
        action="Read the custody guide.",
        due_date=timezone.localdate() + datetime.timedelta(days=20),
        session=session,
    )
    training_services.training_sign_up(session=session, attendee=staff)
    page = home(client, staff.user)
    assert "What needs you" in page
    assert reverse("competencies:assessment-detail", args=[draft.pk]) in page and "Continue your assessment" in page
    assert "Read the custody guide." in page and "Open your development plan" in page
    assert "Custody conversations" in page and "You have a place." in page
    assert "Reviews waiting for you" not in page
    assert "Import and export the framework" not in page


def test_returned_assessment_says_what_the_manager_said(client, world, framework):
    staff = world.profile("staff_member")
    submitted = rate_all(start(staff, framework), framework)
    assessment_services.assessment_return(
        assessment=submitted, by=world.user("line_manager"), message="Add court work."
    )
    page = home(client, staff.user)
    assert "was returned to you" in page and "Add court work." in page
    assert "Look at your returned assessment" in page


def test_line_manager_sees_reviews_waiting_with_a_count(client, world, framework):
    for _ in range(2):
        report = StaffProfileFactory(service=world.service, line_manager=world.profile("line_manager"))
        rate_all(start(report, framework), framework)
    page = home(client, world.user("line_manager"))
    assert "Reviews waiting for you" in page
    assert '<span class="nhsuk-tag nhsuk-tag--blue app-count">2</span>' in page
    assert "2 assessments are waiting for your review." in page


def test_feedback_to_give_after_a_session(client, world, framework):
    staff = world.profile("staff_member")
    session = YouthSessionFactory(region=world.region, title="Bias and young people")
    place = training_services.training_sign_up(session=session, attendee=staff)
    session.starts_at = timezone.now() - datetime.timedelta(days=1)
    session.save(update_fields=["starts_at"])
    training_services.attendance_record(session=session, attended_ids=[place.pk])
    page = home(client, staff.user)
    assert reverse("workforce:training-feedback", args=[place.pk]) in page


def test_kinds_without_assessments_see_no_assessment_needs(client, world, framework):
    page = home(client, world.user("commissioner"))
    assert "Your self-assessment" not in page and "Plan actions due" not in page


def test_administrator_still_gets_the_framework_exchange_card(client, world):
    assert "Import and export the framework" in home(client, world.user("administrator"))


def _fill(world, framework, draft, size):
    staff, manager = world.profile("staff_member"), world.profile("line_manager")
    for n in range(size):
        session = YouthSessionFactory(region=world.region)
        training_services.training_sign_up(session=session, attendee=staff)
        plan_services.plan_action_create(
            assessment=draft,
            by=staff.user,
            competence=None,
            action=f"Step {n}",
            due_date=timezone.localdate() + datetime.timedelta(days=20),
            session=session,
        )
        report = StaffProfileFactory(service=world.service, line_manager=manager)
        rate_all(start(report, framework), framework)


@pytest.mark.parametrize("kind", ["staff_member", "line_manager", "peer_coordinator"])
def test_home_queries_do_not_grow_with_the_data(client, world, framework, kind, django_assert_max_num_queries):
    draft = start(world.profile("staff_member"), framework)
    client.force_login(world.user(kind))
    counts = []
    for size in (1, 6):
        _fill(world, framework, draft, size)
        with django_assert_max_num_queries(HOME_QUERIES[kind]) as queries:
            assert client.get(reverse("my-home")).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
