from django.urls import reverse
from django.utils.html import escape

from competencies.assessments import demo as assessments_demo
from competencies.models import PlanAction
from competencies.plans import demo
from tests.factories.assessments import small_framework
from workforce.models import StaffProfile
from workforce.people import demo as workforce_demo
from workforce.training import demo as training_demo


def test_demo_staff_member_home_shows_a_draft_and_an_action_tied_to_a_session(client, db):
    small_framework()
    workforce_demo.load()
    training_demo.load()
    assessments_demo.load()
    demo.load()
    demo.load()
    tied = PlanAction.objects.filter(assessment__staff__user__email=demo.STAFF_EMAIL, session__isnull=False)
    assert tied.count() == 1
    tom = StaffProfile.objects.get(user__email=demo.STAFF_EMAIL)
    client.force_login(tom.user)
    page = client.get(reverse("my-home")).content.decode()
    assert "Continue your assessment" in page
    plan = client.get(reverse("competencies:assessment-plan", args=[tied.get().assessment_id])).content.decode()
    assert escape(tied.get().session.title) in plan and "Sign up<span" in plan
