"""Demo self-assessments on whichever framework version is published, so every stage can be seen.

Runs after ``workforce.demo``. People are matched to role profiles by their job title, so this works with
the shipped framework or any other. Safe to run again: anyone who already has an assessment is left alone.
"""

import datetime
import zlib

from django.utils import timezone

from competencies.assessments import services
from competencies.assessments.selectors import suggested_role_profile
from competencies.models import Assessment, FrameworkVersion, RoleProfile
from competencies.plans import services as plan_services
from workforce.models import StaffProfile

FRAMEWORK_NAME = "L&D Workforce Career and Competency Framework"
DOMAIN = "example.org"

# (person, line manager, what the demo shows)
STORIES = [
    ("tom.reid", "priya.shah", "in_progress"),
    ("aisha.khan", "priya.shah", "submitted"),
    ("dan.evans", "priya.shah", "signed_off"),
    ("leah.moss", "priya.shah", "overdue"),
    ("ellis.ward", "priya.shah", "returned"),
    ("nia.jones", "ben.carter", "submitted"),
    ("omar.farouk", "ben.carter", "signed_off"),
]


def _published_version() -> FrameworkVersion | None:
    versions = FrameworkVersion.objects.published().select_related("framework")
    return versions.filter(framework__name=FRAMEWORK_NAME).first() or versions.first()


def _target_for(profile: RoleProfile, profiles: list[RoleProfile]) -> RoleProfile | None:
    """The next step up: the lowest profile above this one's level, preferring the same role."""
    higher = sorted((p for p in profiles if p.level.number > profile.level.number), key=lambda p: p.level.number)
    same_role = [p for p in higher if p.role_id == profile.role_id]
    return (same_role or higher or [None])[0]


def _value(person: str, code: str, expected: int, steps: list[int], shift: int = 0) -> int:
    """A steady spread around the expectation, the same on every run, on whatever values the scale uses."""
    wobble = zlib.crc32(f"{person}:{code}".encode()) % 4 - 2  # -2 .. 1
    position = steps.index(expected) if expected in steps else len(steps) // 2
    return steps[max(0, min(len(steps) - 1, position + wobble + shift))]


def _rate(assessment: Assessment, person: str, scale: dict, expected: dict, *, shift=0, only=None):
    steps = sorted(scale)
    ratings = list(assessment.ratings.select_related("competence"))
    if only is not None:
        ratings = ratings[:only]
    entries = [
        services.SelfRatingEntry(
            rating=rating,
            value=scale[_value(person, rating.competence.code, expected.get(rating.competence_id), steps, shift)],
            evidence="Used this with people seen in custody and at court this year; discussed in supervision.",
        )
        for rating in ratings
    ]
    services.ratings_save_self(assessment=assessment, by=assessment.staff.user, entries=entries)


def _review(assessment: Assessment, manager, scale: dict, expected: dict, person: str, shift: int = 0):
    steps = sorted(scale)
    entries = [
        services.ManagerRatingEntry(
            rating=rating,
            value=scale[
                _value(person + "-manager", rating.competence.code, expected.get(rating.competence_id), steps, shift)
            ],
            comment="",
        )
        for rating in assessment.ratings.select_related("competence")
    ]
    return services.review_save(assessment=assessment, by=manager, entries=entries, revision=assessment.review_revision)


def _backdate(assessment: Assessment, days: int) -> None:
    when = timezone.now() - datetime.timedelta(days=days)
    fields = {"created_at": when}
    if assessment.submitted_at:
        fields["submitted_at"] = when + datetime.timedelta(days=10)
    if assessment.signed_off_at:
        fields["signed_off_at"] = when + datetime.timedelta(days=20)
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    assessment.history.update(at=when)


def load() -> None:
    version = _published_version()
    if version is None:
        print("No published framework version yet, so no demo assessments were made.")
        return
    profiles = list(RoleProfile.objects.filter(version=version).select_related("level", "role"))
    scale = {value.value: value for value in version.scale_values.all()}
    if not profiles or not scale:
        print(f"{version} has no role profiles or scale, so no demo assessments were made.")
        return
    people = {
        p.user.email.split("@")[0]: p
        for p in StaffProfile.objects.select_related("user").filter(user__email__endswith=f"@{DOMAIN}")
    }
    for person, manager_name, story in STORIES:
        staff, manager = people.get(person), people.get(manager_name)
        if staff is None or manager is None or Assessment.objects.filter(staff=staff).exists():
            continue
        profile = suggested_role_profile(staff=staff, profiles=profiles)
        if profile is None:
            continue
        target = _target_for(profile, profiles)
        expected = {e.competence_id: e.proficiency.value for e in profile.expectations.select_related("proficiency")}
        _story(story, staff, manager.user, profile, target, scale, expected, person)


def _story(story, staff, manager, profile, target, scale, expected, person):
    start = services.assessment_start
    if story in ("signed_off", "overdue", "in_progress"):
        if story == "in_progress":  # an appraisal the year before too, so My progress has lines to draw
            earlier = start(staff=staff, role_profile=profile, target_profile=target, by=staff.user)
            _rate(earlier, person, scale, expected, shift=-2)
            services.assessment_submit(assessment=earlier, by=staff.user)
            _review(earlier, manager, scale, expected, person, shift=-1)
            services.assessment_sign_off(assessment=earlier, by=manager, message="Agreed at appraisal.")
            _backdate(earlier, 760)
        first = start(staff=staff, role_profile=profile, target_profile=target, by=staff.user)
        _rate(first, person, scale, expected, shift=-1 if story == "in_progress" else 0)
        services.assessment_submit(assessment=first, by=staff.user)
        _review(first, manager, scale, expected, person)
        services.assessment_sign_off(assessment=first, by=manager, message="Agreed at appraisal.")
        first.refresh_from_db()
        _backdate(first, {"signed_off": 60, "overdue": 420, "in_progress": 400}[story])
        gaps = [
            r
            for r in first.ratings.select_related("competence", "manager_value")
            if r.manager_value and r.manager_value.value < expected.get(r.competence_id, 0)
        ]
        for rating in gaps[:3]:
            plan_services.plan_action_create(
                assessment=first,
                by=staff.user,
                competence=rating.competence,
                action=f"Shadow a senior colleague and read up on {rating.competence.title.lower()}.",
                due_date=timezone.localdate() + datetime.timedelta(days=90),
            )
        if story == "in_progress":
            second = start(staff=staff, role_profile=profile, target_profile=target, by=staff.user)
            _rate(second, person, scale, expected, only=max(1, second.ratings.count() // 3))
        return
    assessment = start(staff=staff, role_profile=profile, target_profile=target, by=staff.user)
    _rate(assessment, person, scale, expected)
    services.assessment_submit(assessment=assessment, by=staff.user)
    if story == "returned":
        services.assessment_return(
            assessment=assessment, by=manager, message="Please add evidence from your court work before we meet."
        )
