"""The reader's "Refresh from source" button."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotations.refreshing import refresh_article
from claims.errors import NotAllowed
from claims.http import HtmxHttpRequest
from claims.views.reader import get_article_for_user


@login_required
@require_POST
def refresh(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Fetch the article's page again, as a job: its page shows the outcome."""
    article = get_article_for_user(request, pk)
    try:
        job = refresh_article(article=article, user=request.user)
    except NotAllowed as exc:
        return _refused(request, str(exc), 403)
    except ValidationError as exc:
        return _refused(request, " ".join(exc.messages), 422)
    url = job.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _refused(request: HtmxHttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "annotations/partials/refresh_result.html",
        {"message": message},
        status=status,
    )
