"""Two saves of the same rating sheet from pages built at the same revision: the second is refused, shows
what the first saved beside what the second person entered, and overwrites nothing."""

import pytest
from django.urls import reverse

from competencies.assessments import services
from competencies.models import Rating
from tests.factories.assessments import small_framework, start


@pytest.fixture
def framework(db):
    return small_framework()


def _entry(rating, framework, value, evidence, revision):
    return services.SelfRatingEntry(rating=rating, value=framework.scale[value], evidence=evidence, revision=revision)


def test_second_save_from_the_same_revision_is_refused_and_overwrites_nothing(world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    rating = assessment.ratings.select_related("competence").first()
    opened_at = rating.self_revision

    services.ratings_save_self(
        assessment=assessment, by=staff.user, entries=[_entry(rating, framework, 4, "Led a court case", opened_at)]
    )
    with pytest.raises(services.RatingsChangedError) as refused:
        services.ratings_save_self(
            assessment=assessment,
            by=staff.user,
            entries=[_entry(rating, framework, 2, "Shadowed a colleague", opened_at)],
        )

    saved = Rating.objects.get(pk=rating.pk)
    assert (saved.self_value.value, saved.evidence, saved.self_revision) == (4, "Led a court case", opened_at + 1)
    differences = {item.label: (item.theirs, item.yours) for item in refused.value.differences}
    assert differences["Rating"] == (framework.scale[4].label, framework.scale[2].label)
    assert differences["Evidence"] == ("Led a court case", "Shadowed a colleague")
    assert refused.value.revisions[rating.pk] == opened_at + 1


def test_one_stale_rating_refuses_the_whole_page(world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    first, second = assessment.ratings.all()[:2]
    services.ratings_save_self(
        assessment=assessment, by=staff.user, entries=[_entry(first, framework, 4, "Mine", first.self_revision)]
    )
    with pytest.raises(services.RatingsChangedError):
        services.ratings_save_self(
            assessment=assessment,
            by=staff.user,
            entries=[_entry(first, framework, 1, "Other", 0), _entry(second, framework, 5, "Other", 0)],
        )
    assert Rating.objects.get(pk=second.pk).self_value is None


def _page_data(assessment, domain, value, evidence):
    data = {}
    for rating in assessment.ratings.filter(competence__domain=domain):
        data[f"r{rating.pk}-value"] = value
        data[f"r{rating.pk}-evidence"] = evidence
        data[f"r{rating.pk}-revision"] = rating.self_revision
    return data


def test_rating_page_shows_theirs_beside_yours_and_keeps_what_was_typed(client, world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    domain = framework.domains[0]
    url = reverse("competencies:assessment-rate", args=[assessment.pk, domain.pk])
    client.force_login(staff.user)
    # Two tabs open the same page at the same revision; the first tab saves.
    first_tab = _page_data(assessment, domain, 4, "Saved in the first tab")
    second_tab = _page_data(assessment, domain, 2, "Typed in the second tab")
    assert client.post(url, first_tab).status_code == 302

    response = client.post(url, second_tab)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your ratings are not saved yet" in page
    assert "Saved in the first tab" in page  # theirs, in the table
    assert page.count("Typed in the second tab") >= 2  # yours, in the table and still in the form
    ratings = assessment.ratings.filter(competence__domain=domain)
    assert {r.evidence for r in ratings} == {"Saved in the first tab"}
    # The page now carries the new revision: saving again is a deliberate choice, and it is saved.
    rating = ratings.first()
    assert f'name="r{rating.pk}-revision" value="{rating.self_revision}"' in page
    again = {**second_tab, **{k: 1 for k in second_tab if k.endswith("-revision")}}
    assert client.post(url, again).status_code == 302
    assert {r.evidence for r in assessment.ratings.filter(competence__domain=domain)} == {"Typed in the second tab"}


def test_a_rating_page_without_its_revision_is_refused_with_what_to_do(client, world, framework):
    staff = world.profile("staff_member")
    assessment = start(staff, framework)
    domain = framework.domains[0]
    data = {k: v for k, v in _page_data(assessment, domain, 4, "No revision").items() if not k.endswith("-revision")}
    client.force_login(staff.user)
    page = client.post(reverse("competencies:assessment-rate", args=[assessment.pk, domain.pk]), data).content.decode()
    assert "This page is out of date" in page
    assert not assessment.ratings.filter(evidence="No revision").exists()
