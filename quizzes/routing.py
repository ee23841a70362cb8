"""WebSocket routes of live quizzes (collected by ``youth_civics.routing``).

The PIN and the session id are matched loosely and checked by the consumers, so a
malformed one gets a clear refusal instead of a failed handshake.
"""

from django.urls import re_path

from quizzes import consumers

websocket_urlpatterns = [
    re_path(r"^ws/quiz/(?P<pin>[^/]{1,20})/play/$", consumers.PlayerConsumer.as_asgi()),
    re_path(
        r"^ws/quiz/(?P<session_id>[^/]{1,20})/host/$", consumers.HostConsumer.as_asgi()
    ),
]
