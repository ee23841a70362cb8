"""WebSocket routes of simulations (collected by ``youth_civics.routing``).

The election id is matched loosely and checked by the consumer, so a malformed
one gets a clear refusal instead of a failed handshake.
"""

from django.urls import re_path

from simulations import consumers, consumers_sittings

websocket_urlpatterns = [
    re_path(
        r"^ws/elections/(?P<election_id>[^/]{1,20})/turnout/$",
        consumers.TurnoutConsumer.as_asgi(),
    ),
    re_path(
        r"^ws/sittings/(?P<sitting_id>[^/]{1,20})/$",
        consumers_sittings.SittingConsumer.as_asgi(),
    ),
]
