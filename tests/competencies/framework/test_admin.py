"""Editors make a new draft from the published framework in the Wagtail admin, change it and publish it."""

import pytest
from django.urls import reverse

from competencies.framework.services import framework_load_shipped
from competencies.models import Competence, FrameworkVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return framework_load_shipped()[0]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.user("administrator"))
    return client


def _competence_form(competence, **changes):
    data = {
        "version": competence.version_id,
        "domain": competence.domain_id,
        "parent": competence.parent_id or "",
        "code": competence.code,
        "title": competence.title,
        "performance": competence.performance,
        "knowledge": competence.knowledge,
        "nos_code": competence.nos_code,
        "order": competence.order,
    }
    return {**data, **changes}


def test_admin_copies_edits_and_publishes_a_new_version(admin_client, published):
    index = admin_client.get(reverse("framework_version:index"))
    assert "Make a new draft from this version" in index.content.decode()

    confirm = admin_client.get(reverse("framework_version:copy", args=[published.pk]))
    assert "stays as it is" in confirm.content.decode()
    response = admin_client.post(reverse("framework_version:copy", args=[published.pk]), follow=True)
    assert "Made draft version 2" in response.content.decode()
    draft = FrameworkVersion.objects.get(framework=published.framework, number=2)
    assert draft.status == FrameworkVersion.Status.DRAFT

    competence = Competence.objects.get(version=draft, code="LD-ENG-01")
    response = admin_client.post(
        reverse("framework_competence:edit", args=[competence.pk]),
        _competence_form(competence, title="Build trust with someone in crisis"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Competence.objects.get(pk=competence.pk).title == "Build trust with someone in crisis"
    assert Competence.objects.get(version=published, code="LD-ENG-01").title != "Build trust with someone in crisis"

    response = admin_client.post(reverse("framework_version:publish", args=[draft.pk]), follow=True)
    assert "Published version 2" in response.content.decode()
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, draft.status) == ("retired", "published")

    page = admin_client.get(
        reverse("competencies:framework-search", kwargs={"slug": draft.framework.slug}), {"q": "LD-ENG-01"}
    )
    assert "Build trust with someone in crisis" in page.content.decode()


def test_published_content_is_read_only_in_the_admin(admin_client, published):
    competence = Competence.objects.get(version=published, code="LD-ENG-01")
    response = admin_client.get(reverse("framework_competence:edit", args=[competence.pk]), follow=True)
    assert "belongs to a published version, which cannot be changed" in response.content.decode()
    response = admin_client.post(
        reverse("framework_competence:edit", args=[competence.pk]), _competence_form(competence, title="Changed")
    )
    assert Competence.objects.get(pk=competence.pk).title != "Changed"
    response = admin_client.post(reverse("framework_competence:delete", args=[competence.pk]))
    assert Competence.objects.filter(pk=competence.pk).exists()
    listing = admin_client.get(reverse("framework_competence:index")).content.decode()
    assert reverse("framework_competence:edit", args=[competence.pk]) not in listing


def test_new_content_can_only_go_into_a_draft(admin_client, published):
    form = admin_client.get(reverse("framework_competence:add")).context["form"]
    assert list(form.fields["version"].queryset) == []
    assert list(form.fields["domain"].queryset) == []


def test_publishing_twice_is_refused_plainly(admin_client, published):
    response = admin_client.post(reverse("framework_version:publish", args=[published.pk]), follow=True)
    assert "is already published" in response.content.decode()


def test_a_content_editor_cannot_copy_or_publish(client, world, published):
    client.force_login(world.user("content_editor"))
    client.post(reverse("framework_version:copy", args=[published.pk]))
    assert FrameworkVersion.objects.count() == 1


def test_admin_deletes_a_draft_version_and_the_published_one_is_untouched(admin_client, published):
    from competencies.framework.services import framework_version_copy

    draft = framework_version_copy(version=published)
    response = admin_client.post(reverse("framework_version:delete", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()
    assert Competence.objects.filter(version=published).count() == 53


def test_deleting_a_domain_that_still_has_competences_is_explained(admin_client, published):
    from competencies.framework.services import framework_version_copy
    from competencies.models import CompetenceDomain

    draft = framework_version_copy(version=published)
    domain = CompetenceDomain.objects.get(version=draft, code="ENG")
    response = admin_client.post(reverse("framework_competencedomain:delete", args=[domain.pk]), follow=True)
    assert "cannot be deleted while competences use it" in response.content.decode()
    assert CompetenceDomain.objects.filter(pk=domain.pk).exists()


def test_a_framework_with_a_published_version_cannot_be_deleted(admin_client, published):
    response = admin_client.post(reverse("framework_framework:delete", args=[published.framework.pk]), follow=True)
    assert "has a published or retired version" in response.content.decode()
    assert FrameworkVersion.objects.filter(pk=published.pk).exists()
