"""The workforce figures count "meets" by the rule of the assessment results page, in the database: for a
handful of people assessed in different ways, the counts behind the dashboard equal what each person's
results page says."""

import datetime
from collections import defaultdict

import pytest
from django.utils import timezone

from cms.figures.areas import ENGLAND, Area
from cms.figures.periods import Period
from cms.figures.workforce_figures import CompetenceCount, DomainCount, competence_counts, domain_counts, latest_in
from competencies.assessments.selectors import assessment_results
from competencies.models import Assessment, Expectation, Rating
from tests.factories.assessments import small_framework
from tests.factories.workforce import StaffProfileFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_YEAR = Period(TODAY - datetime.timedelta(days=364), TODAY)


def _assessment(staff, framework, *, profile=None, days_ago=10, status=Assessment.Status.SIGNED_OFF, **ratings):
    """An assessment with ratings given as ``C01=(self, manager)``; a competence not named is left out."""
    assessment = Assessment.objects.create(
        staff=staff,
        version=framework.version,
        role_profile=profile or framework.profile,
        status=status,
        signed_off_at=timezone.now() - datetime.timedelta(days=days_ago) if status == "signed_off" else None,
    )
    by_code = {competence.code: competence for competence in framework.competences}
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            competence=by_code[code],
            self_value=framework.scale.get(own),
            manager_value=framework.scale.get(manager),
        )
        for code, (own, manager) in ratings.items()
    )
    return assessment


def _as_results_pages_say(assessments) -> tuple[list[DomainCount], list[CompetenceCount]]:
    domains = defaultdict(lambda: [None, 0, 0])
    competences = defaultdict(lambda: [None, 0, 0])
    for assessment in assessments:
        for domain in assessment_results(assessment).domains:
            expected = [row for row in domain.rows if row.expected is not None]
            if not expected:
                continue
            entry = domains[domain.domain.code]
            entry[0] = domain.domain.name
            entry[1] += 1
            entry[2] += all(row.meets for row in expected)
            for row in expected:
                entry = competences[row.rating.competence.code]
                entry[0] = row.rating.competence.title
                entry[1] += 1
                entry[2] += not row.meets
    return (
        [DomainCount(code, *domains[code]) for code in sorted(domains)],
        [CompetenceCount(code, *competences[code]) for code in sorted(competences)],
    )


@pytest.fixture
def people(world):
    """Six people in the world's service and one elsewhere, assessed in the ways that test the rule."""
    framework = small_framework()
    # The specialist profile does not expect C06, so a rating of it counts nowhere.
    Expectation.objects.filter(role_profile=framework.target, competence__code="C06").delete()
    staff = [StaffProfileFactory(service=world.service) for _ in range(6)]
    elsewhere = StaffProfileFactory(service=world.other_service)
    all_met = {f"C0{n}": (3, 3) for n in range(1, 7)}
    latest = [
        # Met everywhere by the manager's ratings.
        _assessment(staff[0], framework, **all_met),
        # The manager's 2 wins over the person's own 4: C02 is below, so domain 1 is not met.
        _assessment(staff[1], framework, **{**all_met, "C02": (4, 2)}),
        # No manager rating: the person's own counts, 3 meets and 2 does not.
        _assessment(staff[2], framework, C01=(3, None), C04=(2, None), C05=(3, 4)),
        # C03 left unrated does not meet; the manager's 4 lifts the person's own 1 on C05.
        _assessment(staff[3], framework, **{**all_met, "C03": (None, None), "C05": (1, 4)}),
        # Against the specialist profile (expects 4): 3 is below, and C06 is not expected at all.
        _assessment(staff[4], framework, profile=framework.target, C01=(4, 4), C02=(3, 3), C04=(5, 5), C06=(1, 1)),
    ]
    # Earlier in the period, now replaced by a later one that meets everything.
    _assessment(staff[5], framework, days_ago=200, **{**all_met, "C01": (1, 1)})
    latest.append(_assessment(staff[5], framework, days_ago=20, **all_met))
    # Not counted: signed off before the period, or not signed off yet.
    _assessment(staff[0], framework, days_ago=400, C01=(1, 1))
    _assessment(staff[1], framework, status=Assessment.Status.SUBMITTED, C01=(1, 1))
    other = _assessment(elsewhere, framework, **{**all_met, "C04": (2, 2)})
    return latest, other


def test_the_dashboard_counts_meets_as_the_results_pages_do(world, people):
    latest, other = people
    region = Area("region", world.region.pk, world.region.name)
    assert set(latest_in(region, LAST_YEAR)) == set(latest)
    domains, competences = _as_results_pages_say(latest)
    assert domain_counts(area=region, period=LAST_YEAR) == domains
    assert competence_counts(area=region, period=LAST_YEAR) == competences
    # Spelled out for domain 1 (C01 to C03): five people were assessed in it; staff 1 (C02) and 3 (C03) fell
    # short, and so did the specialist (C02 at 3).
    assert domains[0] == DomainCount("D1", "Domain 1", 6, 3)
    domains, competences = _as_results_pages_say([*latest, other])
    assert domain_counts(area=ENGLAND, period=LAST_YEAR) == domains
    assert competence_counts(area=ENGLAND, period=LAST_YEAR) == competences


def test_a_shorter_period_counts_the_assessment_that_was_latest_within_it(world, people):
    latest, _other = people
    region = Area("region", world.region.pk, world.region.name)
    earlier = Period(TODAY - datetime.timedelta(days=250), TODAY - datetime.timedelta(days=150))
    (only,) = latest_in(region, earlier)
    domains, competences = _as_results_pages_say([only])
    assert domain_counts(area=region, period=earlier) == domains
    assert competence_counts(area=region, period=earlier) == competences
    assert domains[0].meeting == 0  # C01 at 1, before the later assessment that met it
