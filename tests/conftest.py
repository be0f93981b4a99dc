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


@pytest.fixture
def world(db):
    return build_world()
