"""WebSockets pass origin validation before anything else sees them."""

import pytest
from channels.testing import WebsocketCommunicator

from youth_civics.asgi import application


@pytest.mark.asyncio
async def test_a_websocket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/anything/", headers=[(b"origin", b"https://evil.example")]
    )
    try:
        connected, _ = await communicator.connect()
        assert connected is False
    finally:
        await communicator.disconnect()


@pytest.mark.django_db
def test_http_is_served_by_django(client):
    assert client.get("/").status_code == 200
