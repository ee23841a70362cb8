"""``/healthz`` answers 200 when the database and the channel layer work, else 503."""

import pytest
from django.db import OperationalError

from youth_civics import health


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_channel_layer_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
    }


@pytest.mark.django_db
def test_healthz_is_503_with_the_reason_when_the_channel_layer_is_down(
    client, settings
):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["channel_layer"] != "ok"


@pytest.mark.django_db
def test_healthz_is_503_with_the_reason_when_the_database_is_down(client, monkeypatch):
    def broken():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "_check_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "could not connect" in response.json()["checks"]["database"]
