"""What hangs on a competence follows it to the next version of the framework: the person's own rating
(labelled as theirs, with the manager's beside it), evidence, plan actions, training and interview
questions, and the pages say where the wording changed."""

import datetime

import pytest
from django.urls import reverse

from competencies.models import PlanAction
from competencies.plans import selectors as plan_selectors
from tests.factories.assessments import PlanActionFactory, rate_all, revise, sign_off, small_framework, start
from tests.factories.workforce import TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(db):
    return small_framework()


@pytest.fixture
def signed_off(world, first):
    staff = world.profile("staff_member")
    return sign_off(rate_all(start(staff, first), first, value=2, C01=4), first, world.user("line_manager"), value=3)


def test_own_rating_comes_forward_through_a_new_code(world, first, signed_off):
    second = revise(first, recode={"C01": "N01"}, reword=["C02"])
    assessment = start(world.profile("staff_member"), second)
    ratings = {r.competence.code: r for r in assessment.ratings.select_related("competence", "self_value")}
    assert ratings["N01"].self_value.value == 4  # theirs, not the manager's 3
    assert ratings["N01"].carried_forward
    assert ratings["N01"].previous.manager_value.value == 3
    assert ratings["N01"].evidence == "Evidence for C01"
    assert not ratings["N01"].wording_changed
    assert ratings["C02"].wording_changed


def test_the_rating_page_says_whose_rating_came_forward_and_what_changed(client, world, first, signed_off):
    second = revise(first, reword=["C02"])
    staff = world.profile("staff_member")
    assessment = start(staff, second)
    client.force_login(staff.user)
    page = client.get(
        reverse("competencies:assessment-rate", kwargs={"pk": assessment.pk, "domain_pk": second.domains[0].pk})
    ).content.decode()
    assert "Your own rating from last time is filled in below" in page
    assert "Your manager&#x27;s rating" in page or "Your manager's rating" in page
    assert page.count("the wording of this competence has changed") == 1
    assert "What it said last time" in page and "Competence 2<" in page.replace("</strong>", "<")


def test_unfinished_plan_actions_come_forward_tied_to_the_same_competence(world, first, signed_off):
    c01, c02 = first.competences[0], first.competences[1]
    due = datetime.date.today() + datetime.timedelta(days=30)
    PlanActionFactory(assessment=signed_off, competence=c01, action="Shadow a court liaison shift", due_date=due)
    PlanActionFactory(assessment=signed_off, competence=c02, action="Already done", status=PlanAction.Status.DONE)
    PlanActionFactory(assessment=signed_off, competence=None, action="Read the new guidance", due_date=due)
    second = revise(first, recode={"C01": "N01"})
    assessment = start(world.profile("staff_member"), second)
    carried = {a.action: a for a in assessment.plan_actions.select_related("competence")}
    assert set(carried) == {"Shadow a court liaison shift", "Read the new guidance"}
    assert carried["Shadow a court liaison shift"].competence.code == "N01"
    assert carried["Shadow a court liaison shift"].competence.version == second.version
    assert carried["Shadow a court liaison shift"].due_date == due
    assert carried["Read the new guidance"].competence is None
    assert signed_off.plan_actions.count() == 3  # the old plan is kept as it was


def test_training_linked_to_the_old_version_is_suggested_for_the_new_one(world, first, signed_off):
    session = TrainingSessionFactory(
        service=world.service, starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7)
    )
    session.competences.add(first.competences[0])
    second = revise(first, recode={"C01": "N01"})
    assessment = start(world.profile("staff_member"), second)
    key = second.competences[0].key
    assert second.competences[0].code == "N01"
    assert plan_selectors.suggested_training(assessment=assessment, keys=[key]) == {key: [session]}
