"""Attending a youth-led session becomes evidence in the attendee's self-assessment."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from competencies.models import Rating
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.assessments import small_framework
from tests.factories.training import YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory, UserFactory
from workforce import roles
from workforce.models import TrainingAttendance
from workforce.training import services as training_services

PASSWORD = "pathways-test-password"


def test_attended_session_is_offered_and_kept_as_evidence_for_its_competence(page):
    framework = small_framework()
    communicating = framework.competences[0]
    tom = StaffProfileFactory(
        user=UserFactory(username="tom.reid@example.org", first_name="Tom", kinds=[roles.STAFF_MEMBER]),
        job_title="Practitioner",
    )
    session = YouthSessionFactory(
        title="Talking with young people in custody", region=tom.service.region, competences=[communicating]
    )
    training_services.training_sign_up(session=session, attendee=tom)
    # The session happens; the participation lead marks who came.
    session.starts_at = timezone.now() - datetime.timedelta(days=2)
    session.save(update_fields=["starts_at"])
    place = TrainingAttendance.objects.get(session=session, attendee=tom)
    training_services.attendance_record(session=session, attended_ids=[place.pk])

    sign_in(page, "tom.reid@example.org", PASSWORD)
    page.goto("/assessments/")
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Practitioner (level 5)").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Continue rating").click()

    first = page.locator(".app-rating").first
    assert communicating.title in first.inner_text()
    offered = first.get_by_label("Talking with young people in custody", exact=False)
    expect(offered).to_be_visible()
    assert_accessible(page)
    # The other competences on the page were not covered by the session, so nothing is offered there.
    assert "Talking with young people in custody" not in page.locator(".app-rating").nth(1).inner_text()

    offered.check()
    first.get_by_label("Competent", exact=True).check()
    first.get_by_label("Evidence").fill("Used what the young experts taught about custody conversations.")
    page.get_by_role("button", name="Save and go to the next domain").click()

    rating = Rating.objects.get(assessment__staff=tom, competence=communicating)
    assert list(rating.training.all()) == [place]
