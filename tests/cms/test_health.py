"""/health/: 200 when the database and cache answer, 503 when either does not; no sign-in, no personal data."""

import json

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.urls import reverse

from cms import health

pytestmark = pytest.mark.django_db


def test_a_healthy_instance_answers_200_without_sign_in(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("health"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "example.org" not in response.content.decode()


def test_a_signed_in_person_gets_the_same_answer(client, world):
    client.force_login(world.user("staff_member"))

    assert json.loads(client.get(reverse("health")).content)["status"] == "ok"


def test_an_unreachable_database_answers_503(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "failing", "database": "failing", "cache": "ok"}
    assert "could not connect" not in response.content.decode()


def test_a_cache_that_does_not_keep_values_answers_503(client, monkeypatch):
    monkeypatch.setattr(health, "cache", DummyCache("dummy", {}))

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "failing", "database": "ok", "cache": "failing"}


def test_only_get_is_answered(client):
    assert client.post(reverse("health")).status_code == 405
