from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from lessons.api_v2 import api_router as wagtail_api_router
from youth_civics.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v2/", wagtail_api_router.urls),
    path("api/", include("youth_civics.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
    path("", include("school_councils.urls")),
    path("", include("simulations.urls")),
    path("", include("quizzes.urls")),
    path("", include("lessons.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves its pages for every path no other route claimed, one page tree per
# language: pl at "/", uk at "/uk/", en at "/en/". "home" names the home page of the
# active language, for {% url 'home' %}.
urlpatterns += i18n_patterns(
    path("", wagtail_serve, {"path": ""}, name="home"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
