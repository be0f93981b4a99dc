import pytest
from django.core.exceptions import ValidationError

from competencies.assessments import services
from competencies.models import Assessment, AssessmentStatusChange
from tests.factories.assessments import rate_all, sign_off, small_framework, start
from tests.factories.competencies import CompetenceFactory, ExpectationFactory, FrameworkVersionFactory
from tests.factories.workforce import StaffProfileFactory, TrainingSessionFactory
from workforce.models import TrainingAttendance


@pytest.fixture
def framework(db):
    return small_framework()


def test_starting_records_the_version_and_one_rating_per_expected_competence(world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    assert assessment.version == framework.version
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.ratings.count() == 6
    assert list(assessment.history.values_list("to_status", flat=True)) == ["draft"]


def test_target_role_competences_are_rated_too(world, framework):
    extra = CompetenceFactory(version=framework.version, domain=framework.domains[0], code="T01")
    ExpectationFactory(role_profile=framework.target, competence=extra, proficiency=framework.scale[3])
    assessment = start(world.profile("staff_member"), framework, target=True)
    assert assessment.ratings.filter(competence=extra).exists()
    assert assessment.ratings.count() == 7


def test_cannot_start_a_second_while_one_is_open(world, framework):
    staff = world.profile("staff_member")
    start(staff, framework)
    with pytest.raises(ValidationError, match="already have an assessment in progress"):
        start(staff, framework)


def test_target_from_another_version_is_refused(world, framework):
    other = small_framework(version=FrameworkVersionFactory())
    with pytest.raises(ValidationError, match="same version"):
        services.assessment_start(
            staff=world.profile("staff_member"),
            role_profile=framework.profile,
            target_profile=other.target,
            by=world.user("staff_member"),
        )


def test_submit_needs_every_competence_rated(world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    first = assessment.ratings.first()
    services.ratings_save_self(
        assessment=assessment, by=staff.user, entries=[services.SelfRatingEntry(rating=first, value=framework.scale[3])]
    )
    with pytest.raises(ValidationError, match="5 competences are not rated yet"):
        services.assessment_submit(assessment=assessment, by=staff.user)


def test_submitted_assessment_cannot_be_edited_until_returned(world, framework):
    staff = world.profile("staff_member")
    assessment = rate_all(start(staff, framework), framework)
    rating = assessment.ratings.first()
    entry = services.SelfRatingEntry(rating=rating, value=framework.scale[5])
    with pytest.raises(ValidationError, match="cannot be changed unless it is returned"):
        services.ratings_save_self(assessment=assessment, by=staff.user, entries=[entry])
    services.assessment_return(assessment=assessment, by=world.user("line_manager"), message="Add evidence for C01")
    services.ratings_save_self(assessment=assessment, by=staff.user, entries=[entry])
    rating.refresh_from_db()
    assert rating.self_value == framework.scale[5]


def test_return_needs_a_message_and_history_keeps_who_and_why(world, framework):
    staff = world.profile("staff_member")
    manager = world.user("line_manager")
    assessment = rate_all(start(staff, framework), framework)
    with pytest.raises(ValidationError, match="Say what the person should look at again"):
        services.assessment_return(assessment=assessment, by=manager, message="  ")
    services.assessment_return(assessment=assessment, by=manager, message="More evidence please")
    change = AssessmentStatusChange.objects.filter(assessment=assessment).last()
    assert (change.from_status, change.to_status, change.by, change.message) == (
        "submitted",
        "returned",
        manager,
        "More evidence please",
    )


def test_manager_rating_sits_beside_the_self_rating(world, framework):
    staff = world.profile("staff_member")
    assessment = rate_all(start(staff, framework), framework, value=4)
    sign_off(assessment, framework, world.user("line_manager"), value=2)
    for rating in assessment.ratings.all():
        assert (rating.self_value.value, rating.manager_value.value) == (4, 2)
        assert rating.disagrees
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED_OFF
    assert assessment.signed_off_by == world.user("line_manager")


def test_sign_off_needs_a_manager_rating_for_every_competence(world, framework):
    assessment = rate_all(start(world.profile("staff_member"), framework), framework)
    with pytest.raises(ValidationError, match="6 competences have no manager rating yet"):
        services.assessment_sign_off(assessment=assessment, by=world.user("line_manager"))


def test_second_manager_saving_a_stale_review_is_told_and_nothing_is_lost(world, framework):
    assessment = rate_all(start(world.profile("staff_member"), framework), framework)
    rating = assessment.ratings.first()
    opened_at = assessment.review_revision
    services.review_save(
        assessment=assessment,
        by=world.user("line_manager"),
        revision=opened_at,
        entries=[services.ManagerRatingEntry(rating=rating, value=framework.scale[2], comment="Line manager")],
    )
    with pytest.raises(services.ReviewChangedError, match="Someone else saved a review"):
        services.review_save(
            assessment=assessment,
            by=world.user("service_manager"),
            revision=opened_at,
            entries=[services.ManagerRatingEntry(rating=rating, value=framework.scale[5], comment="Service manager")],
        )
    rating.refresh_from_db()
    assert (rating.manager_value.value, rating.manager_comment) == (2, "Line manager")


def test_people_outside_the_team_cannot_review(world, framework):
    assessment = rate_all(start(world.profile("staff_member"), framework), framework)
    outsider = StaffProfileFactory(service=world.other_service, user__kinds=[])
    with pytest.raises(ValidationError, match="not waiting for your review"):
        services.assessment_return(assessment=assessment, by=outsider.user, message="No")
    with pytest.raises(ValidationError, match="not waiting for your review"):
        services.assessment_return(assessment=assessment, by=world.user("staff_member"), message="Mine")


def test_next_assessment_carries_forward_by_competence_code_across_versions(world, framework):
    staff = world.profile("staff_member")
    first = rate_all(start(staff, framework), framework, value=2, C01=4)
    sign_off(first, framework, world.user("line_manager"), value=2, C02=5)
    framework.version.status = "retired"
    framework.version.save()
    newer = small_framework(version=FrameworkVersionFactory(framework=framework.version.framework))
    second = start(staff, newer)
    values = {
        r.competence.code: (r.self_value.value, r.carried_forward, r.evidence, r.previous.manager_value.value)
        for r in second.ratings.select_related("competence", "self_value", "previous__manager_value")
    }
    # The person's own rating comes forward, on the new version's scale; the manager's stays beside it.
    assert values["C02"] == (2, True, "Evidence for C02", 5)
    assert values["C01"] == (4, True, "Evidence for C01", 2)
    assert all(r.self_value.version_id == newer.version.pk for r in second.ratings.select_related("self_value"))


def test_linked_training_must_be_the_persons_own(world, framework):
    staff = world.profile("staff_member")
    other = world.profile("line_manager")
    session = TrainingSessionFactory(region=world.region)
    theirs = TrainingAttendance.objects.create(session=session, attendee=other, status="attended")
    assessment = start(staff, framework)
    entry = services.SelfRatingEntry(rating=assessment.ratings.first(), value=None, training=[theirs])
    with pytest.raises(ValidationError, match="only link training you attended"):
        services.ratings_save_self(assessment=assessment, by=staff.user, entries=[entry])


def test_carried_forward_ratings_count_once_the_person_has_checked_them(world, framework):
    staff = world.profile("staff_member")
    sign_off(rate_all(start(staff, framework), framework), framework, world.user("line_manager"))
    second = start(staff, framework)
    with pytest.raises(ValidationError, match="6 competences are not rated yet"):
        services.assessment_submit(assessment=second, by=staff.user)
    services.ratings_save_self(
        assessment=second,
        by=staff.user,
        entries=[
            services.SelfRatingEntry(rating=r, value=r.self_value) for r in second.ratings.select_related("self_value")
        ],
    )
    assert services.assessment_submit(assessment=second, by=staff.user).status == Assessment.Status.SUBMITTED
