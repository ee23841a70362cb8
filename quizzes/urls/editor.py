"""Quiz editor pages."""

urlpatterns: list = []
