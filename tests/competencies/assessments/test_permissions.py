import pytest
import rules

from competencies.assessments.selectors import assessments_visible_to, review_queue, team_members
from tests.factories.assessments import rate_all, small_framework, start
from tests.factories.workforce import StaffProfileFactory
from tests.world import ALL_KINDS


@pytest.fixture
def assessments(world):
    framework = small_framework()
    own = rate_all(start(world.profile("staff_member"), framework), framework)
    colleague = StaffProfileFactory(service=world.service)  # same service, another line manager
    theirs = start(colleague, framework)
    elsewhere = start(StaffProfileFactory(service=world.other_service), framework)
    return own, theirs, elsewhere


def test_the_rules_and_the_selectors_agree_on_who_sees_what(world, assessments):
    for kind in ALL_KINDS:
        user = world.user(kind)
        visible = set(assessments_visible_to(user=user))
        for assessment in assessments:
            assert rules.has_perm("competencies.open_assessment", user, assessment) == (assessment in visible), (
                kind,
                assessment,
            )


def test_line_manager_sees_reports_and_service_manager_sees_the_service(world, assessments):
    own, theirs, elsewhere = assessments
    assert set(assessments_visible_to(user=world.user("line_manager"))) == {own}
    assert set(assessments_visible_to(user=world.user("service_manager"))) == {own, theirs}
    assert set(assessments_visible_to(user=world.user("staff_member"))) == {own}
    assert not assessments_visible_to(user=world.user("administrator")).exists()
    assert not assessments_visible_to(user=world.user("commissioner")).exists()


def test_nobody_reviews_their_own_assessment(world, assessments):
    own, _, _ = assessments
    assert not rules.has_perm("competencies.review_assessment", world.user("staff_member"), own)
    assert rules.has_perm("competencies.review_assessment", world.user("line_manager"), own)
    assert list(review_queue(user=world.user("line_manager"))) == [own]
    assert world.profile("line_manager") not in team_members(user=world.user("line_manager"))


def test_peer_volunteer_with_a_staff_record_can_assess_themselves(world):
    from competencies import permissions  # noqa: F401

    volunteer = world.user("peer_worker")
    assert volunteer.has_perm("competencies.start_assessment")
