"""polling pages."""

urlpatterns: list = []
