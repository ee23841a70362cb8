"""councils pages."""

urlpatterns: list = []
