"""Quiz reports pages."""

urlpatterns: list = []
