"""Quiz live pages."""

urlpatterns: list = []
