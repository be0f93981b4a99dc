"""Every field that points at a person is either in the subject access export or excluded with a reason."""

import pytest
from django.apps import apps

from cms.records.registry import EXCLUDED, HELD, person_models

APPS = ("cms", "workforce", "competencies", "peernet")


def _pointing_at_people():
    people = person_models()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if field.is_relation and not field.auto_created and field.related_model in people:
                    yield model._meta.label, field.name


def test_every_field_pointing_at_a_person_is_exported_or_excluded_with_a_reason():
    exported = {(held.model, path.split("__")[0]) for held in HELD for path in held.paths}
    missing = [pair for pair in _pointing_at_people() if pair not in exported and pair not in EXCLUDED]
    assert not missing, "Add these to cms/records/registry.py (HELD or EXCLUDED, with a reason):\n" + "\n".join(
        f"{model}.{name}" for model, name in missing
    )


def test_the_walk_finds_the_fields_it_must():
    found = set(_pointing_at_people())
    assert ("peernet.Supervision", "peer") in found
    assert ("workforce.TrainingSession", "young_experts") in found


def test_every_exclusion_gives_a_reason_and_names_a_real_field():
    for (label, name), reason in EXCLUDED.items():
        assert len(reason) > 20
        apps.get_model(label)._meta.get_field(name)


@pytest.mark.django_db
def test_every_export_path_is_a_real_lookup():
    for held in HELD:
        model = held.model_class
        for path in held.paths:
            model._default_manager.filter(**{path: 0}).exists()
