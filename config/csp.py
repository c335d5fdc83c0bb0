"""A Content-Security-Policy on every answer (README, "Security").

Scripts and styles come only from our own static files — no inline
`<script>`, `on…=` handler, `<style>` or `style=` attribute runs or applies —
so markup that slips through escaping cannot run. htmx is served from our
static files, with its injected indicator style turned off (base.html).

The API's HTML pages are not ours: Swagger UI (/api/docs/, from
drf-spectacular's sidecar) and DRF's browsable API set inline styles. They get
a policy of their own that allows those; their scripts are still our files.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        api_page = request.path.startswith("/api/") and response.get(
            "Content-Type", ""
        ).startswith("text/html")
        response.headers.setdefault(
            "Content-Security-Policy",
            settings.CLAIMDESK_API_PAGES_CONTENT_SECURITY_POLICY
            if api_page
            else settings.CLAIMDESK_CONTENT_SECURITY_POLICY,
        )
        return response
