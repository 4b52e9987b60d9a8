"""The body's request settings: numbering, completion window, fee table, signatory."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbuka.bodies.models import PublicBody
from terbuka.core.exceptions import ValidationError
from terbuka.core.web import apply_errors as _apply_errors
from terbuka.core.web import see_other as _see_other
from terbuka.inforequests import office_forms, permissions, services
from terbuka.inforequests.models import RequestSettings
from terbuka.inforequests.views import AuthedRequest


@login_required
@require_http_methods(["GET", "POST"])
def request_settings(request: AuthedRequest, body_slug: str) -> HttpResponse:
    body = get_object_or_404(PublicBody, slug=body_slug)
    if not permissions.can_configure_requests(request.user, body):
        raise DjangoPermissionDenied(
            _("Hanya PPID Utama dan admin badan publik yang dapat mengubah pengaturan ini.")
        )
    instance = RequestSettings.objects.filter(body=body).first() or RequestSettings(body=body)
    form = office_forms.RequestSettingsForm(
        request.POST if request.method == "POST" else None, instance=instance
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
            try:
                services.request_settings_update(body=body, actor=request.user, **values)
            except ValidationError as exc:
                _apply_errors([form], exc, form)
            else:
                messages.success(request, _("Pengaturan permohonan disimpan."))
                return _see_other(reverse("office:settings", kwargs={"body_slug": body.slug}))
        status = 422
    context = {"body": body, "form": form}
    return render(request, "inforequests/office/settings.html", context, status=status)
