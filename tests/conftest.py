import pytest
from django.test import Client

from tests.two_step import force_login_with_second_step
from tests.world import build_world


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_step():
    patch = pytest.MonkeyPatch()
    patch.setattr(Client, "force_login", force_login_with_second_step)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _no_actor_left_from_another_test():
    """Who is acting (auditlog's context) starts empty in every test and is emptied after it."""
    from auditlog.context import auditlog_value

    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)


@pytest.fixture
def world(db):
    return build_world()
