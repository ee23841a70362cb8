"""budget pages."""

urlpatterns: list = []
