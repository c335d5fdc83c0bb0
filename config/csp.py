"""A Content-Security-Policy on every answer (README, "Security").

Scripts and styles come only from our own static files — no inline
`<script>`, `on…=` handler, `<style>` or `style=` attribute runs or applies —
so markup that slips through escaping cannot run. htmx is served from our
static files, with its injected indicator style turned off (base.html); the
API docs load Swagger UI from drf-spectacular's sidecar, also ours, and have a
policy of their own that lets Swagger UI style itself inline.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CLAIMDESK_CONTENT_SECURITY_POLICY
        )
        return response


def api_docs_policy(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API docs' own policy: Swagger UI styles itself inline."""

    def with_policy(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = (
            settings.CLAIMDESK_API_DOCS_CONTENT_SECURITY_POLICY
        )
        return response

    return with_policy
