"""A server process freezes what it loaded at startup and collects less often (``cms/startup.py``)."""

import gc
import importlib

import pytest


@pytest.fixture
def collector():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.parametrize("module", ["cms.wsgi", "cms.asgi"])
def test_the_server_entry_points_freeze_what_they_loaded(module, collector):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    importlib.reload(importlib.import_module(module))
    # Django, Wagtail and the product's modules: far more than a handful of objects.
    assert gc.get_freeze_count() > 50_000
    assert gc.get_threshold() == (50_000, 20, 10)
