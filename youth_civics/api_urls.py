"""The REST API under /api/: each app registers its viewsets on one router."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from lessons import api as lessons_api
from quizzes import api as quizzes_api
from school_councils import api as school_api
from simulations import api as simulations_api
from simulations import api_budget as budget_api

router = DefaultRouter()
school_api.register(router)
lessons_api.register(router)
simulations_api.register(router)
budget_api.register(router)
quizzes_api.register(router)

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
