"""The REST API root: shared permission, error format and the router."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def only_public_api(endpoints):
    """Keeps the endpoints under /api/ in the OpenAPI schema: not the CMS's own, nor
    Wagtail's content API at /api/v2/, which documents itself and has no schema."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/") and not endpoint[0].startswith("/api/v2/")
    ]


def exception_handler(exc, context):
    """Turns Django validation errors from services into 400 answers, never a 500."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
