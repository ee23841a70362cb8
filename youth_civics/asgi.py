"""ASGI entry point: Django for HTTP, Channels for WebSockets.

The Django application is built first so that apps are loaded before any consumer is
imported. WebSocket routes are gathered from the ``routing.py`` module of every app
named in ``WEBSOCKET_APPS``; each route is behind origin validation and the session
authentication middleware.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youth_civics.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from youth_civics.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
