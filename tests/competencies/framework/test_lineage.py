"""A competence keeps its identity (its key) from one version of the framework to the next, and retired
versions stay readable."""

import dataclasses

import pytest
from django.urls import reverse

from competencies.framework import selectors, services
from competencies.models import Competence, FrameworkVersion
from tests.factories.assessments import revise, small_framework

pytestmark = pytest.mark.django_db


def _keys(version):
    return dict(Competence.objects.filter(version=version).values_list("code", "key"))


def test_every_competence_has_a_key_and_a_copy_keeps_them():
    first = small_framework()
    keys = _keys(first.version)
    assert all(keys.values()) and len(set(keys.values())) == len(keys)
    second = revise(first)
    assert _keys(second.version) == keys


def test_a_new_code_keeps_the_key_and_a_new_competence_gets_its_own():
    first = small_framework()
    keys = _keys(first.version)
    second = revise(first, recode={"C01": "C01a"}, drop=["C02"])
    after = _keys(second.version)
    assert after["C01a"] == keys["C01"]
    assert "C02" not in after
    added = Competence.objects.create(
        version=second.version, domain=second.domains[0], code="C99", title="Something new"
    )
    assert added.key and added.key not in keys.values()


def _with_identifiers(version):
    for competence in Competence.objects.filter(version=version):
        competence.exchange = {"case": {"item": {"identifier": f"urn-{competence.code}"}}}
        competence.save(update_fields=["exchange"])


def test_an_import_matches_on_the_case_identifier_before_the_code():
    """A CASE file that renumbers every competence (C01 becomes C04 and so on) keeps each one's line: the
    identifier says which is which, whatever the code."""
    first = small_framework()
    _with_identifiers(first.version)
    keys = _keys(first.version)
    data = selectors.framework_data(first.version)
    shift = {f"C{n:02d}": f"C{(n % 6) + 1:02d}" for n in range(1, 7)}  # C01→C02, …, C06→C01
    data.competences = [dataclasses.replace(row, code=shift[row.code]) for row in data.competences]
    data.expectations = [dataclasses.replace(row, competence=shift[row.competence]) for row in data.expectations]
    version = services.framework_import(data=data, framework=first.version.framework)
    after = _keys(version)
    for old, new in shift.items():
        assert after[new] == keys[old], f"{old} now coded {new} should keep its key"


def test_an_import_without_identifiers_matches_on_the_code():
    first = small_framework()
    keys = _keys(first.version)
    version = services.framework_import(data=selectors.framework_data(first.version), framework=first.version.framework)
    assert _keys(version) == keys


def test_importing_the_same_file_again_keeps_the_keys():
    first = small_framework()
    draft = services.framework_version_copy(version=first.version)
    keys = _keys(draft)
    services.framework_version_write(version=draft, data=selectors.framework_data(first.version))
    assert _keys(draft) == keys


def test_retired_versions_are_listed_and_readable(client, django_user_model):
    first = small_framework()
    second = revise(first, reword=["C01"], notes="C01 reworded")
    user = django_user_model.objects.create_user("reader@example.org", "reader@example.org", "a long password 1")
    client.force_login(user)
    slug = first.version.framework.slug
    page = client.get(reverse("competencies:framework-versions", kwargs={"slug": slug})).content.decode()
    assert f"Version {second.version.number}" in page and "Current" in page
    assert "Retired" in page and "C01 reworded" in page
    old_url = reverse("competencies:framework-version", kwargs={"slug": slug, "number": first.version.number})
    assert old_url in page

    ladder = client.get(old_url).content.decode()
    assert "A newer version has replaced it" in ladder
    old_profile = reverse(
        "competencies:framework-version-profile",
        kwargs={"slug": slug, "number": first.version.number, "code": "practitioner"},
    )
    assert old_profile in ladder
    profile = client.get(old_profile).content.decode()
    assert "Competence 1<" in profile or "Competence 1 <" in profile or "Competence 1</" in profile
    assert "reworded" not in profile
    assert "Compare with another role profile" not in profile

    current = client.get(
        reverse("competencies:framework-version", kwargs={"slug": slug, "number": second.version.number})
    )
    assert current.status_code == 302
    assert current["Location"] == reverse("competencies:framework-ladder", kwargs={"slug": slug})


def test_drafts_are_not_shown_outside_the_admin(client, django_user_model):
    first = small_framework()
    draft = services.framework_version_copy(version=first.version)
    assert draft.status == FrameworkVersion.Status.DRAFT
    user = django_user_model.objects.create_user("reader@example.org", "reader@example.org", "a long password 1")
    client.force_login(user)
    slug = first.version.framework.slug
    response = client.get(reverse("competencies:framework-version", kwargs={"slug": slug, "number": draft.number}))
    assert response.status_code == 404
    assert (
        f"Version {draft.number}"
        not in client.get(reverse("competencies:framework-versions", kwargs={"slug": slug})).content.decode()
    )
