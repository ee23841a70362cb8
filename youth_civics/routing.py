"""WebSocket routes of the whole site, collected from each app's ``routing.py``."""

from importlib import import_module

from django.apps import apps

WEBSOCKET_APPS = ("school_councils", "lessons", "quizzes", "simulations")


def collect_websocket_urlpatterns():
    """Returns the ``websocket_urlpatterns`` of every installed app that has them."""
    patterns = []
    for label in WEBSOCKET_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.routing")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.routing":
                raise
            continue
        patterns.extend(module.websocket_urlpatterns)
    return patterns


websocket_urlpatterns = collect_websocket_urlpatterns()
