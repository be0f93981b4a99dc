import logging

import pytest

from workforce.common.request_id import RequestIdLogFilter, request_id_current

pytestmark = pytest.mark.django_db


def test_each_response_carries_a_fresh_request_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_browser_cannot_choose_its_request_id(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID="chosen-by-me-123")["X-Request-ID"] != "chosen-by-me-123"


def test_a_trusted_proxys_request_id_is_kept_unless_it_could_forge_a_log_line(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a9c2e")["X-Request-ID"] == "lb-7f3a9c2e"
    forged = "x\nERROR fake line"
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"] != forged


def test_log_records_outside_a_request_say_so():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)
    assert RequestIdLogFilter().filter(record) and record.request_id == "-"
    assert request_id_current() is None
