"""Who is signing in from where: the client address behind our trusted
proxies, and the answer to an address locked out by django-axes (README,
"Security"). The API's throttles and the sign-in lockout both use
`client_ip`, so one header cannot buy fresh budgets from either."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or with CLAIMDESK_TRUSTED_PROXIES = N the N-th address
    from the right of X-Forwarded-For: the one our outermost proxy saw
    (addresses further left are whatever the client sent). DRF's NUM_PROXIES
    follows the same rule."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CLAIMDESK_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded.strip():
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    try:
        return str(ipaddress.ip_address(addresses[-min(proxies, len(addresses))]))
    except ValueError:
        return remote  # not an address: our proxy did not write it


def locked_out(
    request: HttpRequest,
    response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """django-axes' lockout answer: 429 with Retry-After, JSON under /api/
    and the sign-in page's own message elsewhere."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = (
        "Too many failed sign-ins from your address. "
        f"Try again in {max(1, seconds // 60)} minutes."
    )
    if request.path.startswith("/api/"):
        answer: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        answer = render(
            request, "registration/locked_out.html", {"message": message}, status=429
        )
    answer["Retry-After"] = str(seconds)
    return answer
