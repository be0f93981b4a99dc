"""Writing frameworks: validation, import in place, copying a version and publishing it."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from competencies.framework import services
from competencies.framework.exchange import native
from competencies.framework.exchange.structure import FileProblems
from competencies.framework.selectors import framework_data
from competencies.framework.services import SHIPPED_FILE
from competencies.models import Competence, Expectation, Framework, FrameworkVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return json.loads(SHIPPED_FILE.read_bytes())


def _bytes(document):
    return json.dumps(document).encode()


def _problems(document):
    with pytest.raises(FileProblems) as caught:
        services.framework_import(data=native.parse(_bytes(document)))
    assert not Framework.objects.exists()
    return [str(problem) for problem in caught.value.problems]


def test_duplicate_competence_code_is_named_and_nothing_is_saved(document):
    first = document["domains"][0]["competences"][0]
    document["domains"][1]["competences"].append(copy.deepcopy(first))
    assert any("competence code LD-ENG-01 appears more than once" in p for p in _problems(document))


def test_unknown_parent_is_named(document):
    document["domains"][0]["competences"][0]["parent"] = "LD-NOPE-99"
    assert "competence LD-ENG-01: the parent LD-NOPE-99 is not in the file" in _problems(document)


def test_loop_in_the_hierarchy_is_named(document):
    items = document["domains"][0]["competences"]
    items[0]["parent"], items[1]["parent"] = items[1]["code"], items[0]["code"]
    problems = _problems(document)
    assert any("LD-ENG-01 sits inside itself" in p for p in problems)
    assert any("LD-ENG-02 sits inside itself" in p for p in problems)


def test_unknown_scale_value_is_named(document):
    document["domains"][0]["competences"][0]["expectations"]["practitioner"]["proficiency"] = "Wizard"
    assert any("'Wizard' is not a value on the framework's scale" in p for p in _problems(document))


def test_unknown_role_profile_level_and_domain_are_named(document):
    document["role_profiles"][0]["level"] = 12
    document["roles"].pop(0)
    problems = _problems(document)
    assert any("career level 12 is not in the framework" in p for p in problems)
    assert any("the role volunteer is not in the framework" in p for p in problems)


def test_reimport_into_a_draft_updates_in_place_matched_on_code(document):
    version = services.framework_import(data=native.parse(_bytes(document)))
    pk = Competence.objects.get(version=version, code="LD-ENG-01").pk
    document["domains"][0]["competences"][0]["title"] = "Build trust with someone in crisis"
    services.framework_version_write(version=version, data=native.parse(_bytes(document)))
    competence = Competence.objects.get(version=version, code="LD-ENG-01")
    assert (competence.pk, competence.title) == (pk, "Build trust with someone in crisis")
    assert Competence.objects.filter(version=version).count() == 53


def test_a_published_version_cannot_be_written(document):
    version, _ = services.framework_load_shipped()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.framework_version_write(version=version, data=native.parse(_bytes(document)))


def test_copy_makes_an_identical_draft_and_publish_retires_the_old_version():
    published, _ = services.framework_load_shipped()
    draft = services.framework_version_copy(version=published)
    assert (draft.status, draft.number, draft.based_on) == ("draft", 2, published)
    before, after = framework_data(published), framework_data(draft)
    after.version_number = before.version_number
    after.version_notes = before.version_notes
    after.status, after.changed_at = before.status, before.changed_at  # the version's own, not its content
    assert after == before
    assert Expectation.objects.filter(role_profile__version=draft).count() == (
        Expectation.objects.filter(role_profile__version=published).count()
    )

    services.framework_version_publish(version=draft)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.status == FrameworkVersion.Status.RETIRED
    assert draft.status == FrameworkVersion.Status.PUBLISHED
    with pytest.raises(ValidationError, match="already published"):
        services.framework_version_publish(version=draft)
