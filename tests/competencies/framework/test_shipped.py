"""The shipped L&D framework: what it holds, and that loading it is safe to repeat."""

from collections import defaultdict

import pytest
from django.core.management import call_command

from competencies.framework.exchange import native
from competencies.framework.exchange.structure import validate
from competencies.framework.services import SHIPPED_FILE
from competencies.models import Competence, CompetenceDomain, Expectation, FrameworkVersion, Role, RoleProfile

pytestmark = pytest.mark.django_db
NAME = "L&D Workforce Career and Competency Framework"


@pytest.fixture
def shipped():
    call_command("load_framework", verbosity=0)
    return FrameworkVersion.objects.get(framework__name=NAME, number=1)


def test_shipped_file_is_valid():
    assert validate(native.parse(SHIPPED_FILE.read_bytes())) == []


def test_load_framework_publishes_version_one(shipped):
    assert shipped.status == FrameworkVersion.Status.PUBLISHED
    assert shipped.published_at is not None


def test_loading_again_changes_nothing(shipped):
    counts = (Competence.objects.count(), Expectation.objects.count(), FrameworkVersion.objects.count())
    snapshot = list(Expectation.objects.values_list("pk", "proficiency_id", "core"))
    call_command("load_framework", verbosity=0)
    assert (Competence.objects.count(), Expectation.objects.count(), FrameworkVersion.objects.count()) == counts
    assert list(Expectation.objects.values_list("pk", "proficiency_id", "core")) == snapshot


def test_shipped_framework_has_the_seven_roles_and_nine_profiles_from_level_2_to_8(shipped):
    roles = set(Role.objects.in_version(shipped).values_list("name", flat=True))
    assert roles == {
        "Volunteer",
        "Peer supporter",
        "Support time recovery worker",
        "Practitioner",
        "Specialist practitioner",
        "Service manager",
        "Strategic manager",
    }
    specialist = Role.objects.get(version=shipped, code="specialist-practitioner")
    assert specialist.specialisms == ["Children and young people", "Learning disabilities", "Women", "Crown Courts"]
    levels = sorted(RoleProfile.objects.in_version(shipped).values_list("level__number", flat=True))
    assert len(levels) == 9
    assert levels[0] == 2 and levels[-1] == 8
    assert shipped.career_levels.count() == 9
    assert list(shipped.scale_values.values_list("label", flat=True)) == [
        "Not yet",
        "Developing",
        "Competent",
        "Proficient",
        "Expert",
    ]


def test_shipped_framework_has_enough_domains_and_competences_with_both_parts(shipped):
    assert CompetenceDomain.objects.in_version(shipped).count() >= 6
    competences = Competence.objects.in_version(shipped)
    assert competences.count() >= 40
    assert not competences.filter(performance="").exists()
    assert not competences.filter(knowledge="").exists()
    assert competences.exclude(nos_code="").exists()
    assert competences.filter(parent__isnull=False).exists()


def test_expected_proficiency_rises_with_career_level(shipped):
    by_level = defaultdict(list)
    for level, value in Expectation.objects.filter(role_profile__version=shipped).values_list(
        "role_profile__level__number", "proficiency__value"
    ):
        by_level[level].append(value)
    means = [sum(values) / len(values) for _, values in sorted(by_level.items())]
    assert means == sorted(means) and len(set(means)) == len(means)


@pytest.mark.parametrize(
    "track",
    [
        ["peer-support-volunteer", "peer-support-worker", "lead-peer-support-worker"],
        ["str-worker", "practitioner", "senior-practitioner", "service-manager", "strategic-manager"],
        ["practitioner", "specialist-practitioner"],
    ],
)
def test_no_expectation_falls_along_a_career_track(shipped, track):
    expected = defaultdict(dict)
    for profile, code, value in Expectation.objects.filter(role_profile__version=shipped).values_list(
        "role_profile__code", "competence__code", "proficiency__value"
    ):
        expected[code][profile] = value
    for code, by_profile in expected.items():
        values = [by_profile[p] for p in track if p in by_profile]
        assert values == sorted(values), code


def test_command_reports_a_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ld-pathways-framework", "framework": {"name": "X", "slug": "x"}, "domains": []}')
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no competences"):
        call_command("load_framework", file=bad, verbosity=0)
    assert not FrameworkVersion.objects.exists()
