"""Content-Security-Policy with a looser policy for the admin screens only.

The public pages run no inline script or style; the Wagtail and Django admins do, so
their paths get ``CONTENT_SECURITY_POLICY_ADMIN`` instead of the strict policy.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(
            settings.CSP_ADMIN_PATH_PREFIXES
        ):
            parts.replace = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts
