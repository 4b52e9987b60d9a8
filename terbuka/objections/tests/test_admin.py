from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import services
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    DisputeSession,
    Objection,
    ObjectionEvent,
)

pytestmark = pytest.mark.django_db

IDENTITY_VALUES = ("3673011708900001", "081234567890", "Sudirman")


@pytest.fixture
def disputed(file_objection: Callable[..., Objection], atasan: Any, ppid_utama: Any) -> Objection:
    """An objection upheld by the Atasan PPID and taken to the Komisi Informasi."""
    objection = file_objection()
    services.objection_answer(
        objection=objection,
        actor=atasan,
        decision=AtasanResponse.Decision.UPHELD,
        reasons="Informasi termasuk yang dikecualikan Pasal 17 huruf b.",
        atasan_name="Atasan Uji",
        atasan_position="Sekretaris Daerah",
    )
    dispute = services.dispute_file(
        objection=objection,
        actor=ppid_utama,
        filed_on=timezone.localdate(),
        commission_name="Komisi Informasi Provinsi Banten",
        case_number="001/REG-PSI/2026",
    )
    services.dispute_start_mediation(dispute=dispute, actor=ppid_utama)
    services.dispute_record_session(
        dispute=dispute, actor=ppid_utama, held_on=timezone.localdate(), agenda="Mediasi pertama"
    )
    return objection


@pytest.fixture
def deliberated(
    file_objection: Callable[..., Objection], body: Any, applicant: Any, ppid_utama: Any
) -> Objection:
    """A ground-b objection without a request, in deliberation after one meeting."""
    objection = file_objection(
        body=body,
        grounds=["b"],
        information_description="Laporan keuangan tahunan 2025.",
        identity_data=identity_data(),
    )
    services.objection_start_deliberation(objection=objection, actor=ppid_utama)
    services.objection_record_deliberation(
        objection=objection,
        actor=ppid_utama,
        held_at=timezone.now(),
        place="Ruang rapat PPID",
        participants="PPID Utama, pemohon",
        outcome=Deliberation.Outcome.ADJOURNED,
        result="Dilanjutkan pekan depan.",
    )
    return objection


def _get(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    page: str = response.content.decode()
    for value in IDENTITY_VALUES:
        assert value not in page
    return page


@pytest.mark.parametrize("model", ["objection", "objectionevent", "dispute"])
def test_changelists_render_without_identity(
    admin_client: Any, disputed: Objection, deliberated: Objection, model: str
) -> None:
    page = _get(admin_client, reverse(f"admin:objections_{model}_changelist"))
    if model != "dispute":
        assert deliberated.registration_number in page
    assert disputed.registration_number in page


def test_changelist_filters_and_search(admin_client: Any, disputed: Objection) -> None:
    url = reverse("admin:objections_objection_changelist")
    year = disputed.registration_year
    for query in (
        f"status={disputed.status}",
        f"body__id__exact={disputed.body_id}",
        f"registration_year={year}",
        f"q={disputed.registration_number}",
    ):
        assert disputed.registration_number in _get(admin_client, f"{url}?{query}")
    assert disputed.registration_number not in _get(admin_client, f"{url}?status=withdrawn")


def test_objection_page_is_read_only_and_masks_identity(
    admin_client: Any, disputed: Objection
) -> None:
    url = reverse("admin:objections_objection_change", args=[disputed.pk])
    page = _get(admin_client, url)
    assert disputed.registration_number in page
    assert "Siti Pemohon (Perorangan)" in page
    assert 'name="status"' not in page
    assert 'name="response_due_on"' not in page
    assert "Informasi termasuk yang dikecualikan" in page  # the answer inline and the timeline
    response = admin_client.post(url, {"status": "withdrawn"})
    assert response.status_code == 403
    disputed.refresh_from_db()
    assert disputed.status == "answered_upheld"


def test_deliberation_and_dispute_pages_render(
    admin_client: Any, disputed: Objection, deliberated: Objection
) -> None:
    page = _get(admin_client, reverse("admin:objections_objection_change", args=[deliberated.pk]))
    assert "Ruang rapat PPID" in page
    page = _get(
        admin_client, reverse("admin:objections_dispute_change", args=[disputed.dispute.pk])
    )
    assert "001/REG-PSI/2026" in page
    assert "Mediasi pertama" in page
    assert 'name="status"' not in page
    event = disputed.events.get(kind=ObjectionEvent.Kind.DISPUTE_FILED)
    _get(admin_client, reverse("admin:objections_objectionevent_change", args=[event.pk]))


def test_nothing_is_added_or_deleted_in_admin(admin_client: Any, disputed: Objection) -> None:
    for model in ("objection", "objectionevent", "dispute"):
        assert admin_client.get(reverse(f"admin:objections_{model}_add")).status_code == 403
    deletes = (
        ("objection", disputed.pk),
        ("dispute", disputed.dispute.pk),
        ("objectionevent", disputed.events.order_by("pk")[0].pk),
    )
    for model, pk in deletes:
        url = reverse(f"admin:objections_{model}_delete", args=[pk])
        assert admin_client.get(url).status_code == 403
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Objection.objects.filter(pk=disputed.pk).exists()
    assert Dispute.objects.filter(pk=disputed.dispute.pk).exists()


def test_every_admin_and_inline_refuses_writes(admin_user: Any) -> None:
    request = RequestFactory().get("/")
    request.user = admin_user
    objection_admin = admin.site._registry[Objection]
    models = [Objection, ObjectionEvent, Dispute]
    for model in models:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    dispute_admin = admin.site._registry[Dispute]
    inlines = [
        *objection_admin.get_inline_instances(request),
        *dispute_admin.get_inline_instances(request),
    ]
    assert {inline.model for inline in inlines} >= {
        Deliberation,
        AtasanResponse,
        ObjectionEvent,
        DisputeSession,
    }
    for inline in inlines:
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request, None)
        assert not inline.has_delete_permission(request, None)
    assert "status" in objection_admin.get_readonly_fields(request)
    assert "response_due_on" in objection_admin.get_readonly_fields(request)


@pytest.mark.parametrize("model", ["objection", "objectionevent"])
def test_changelist_queries_do_not_grow_with_rows(
    admin_client: Any,
    file_objection: Callable[..., Objection],
    django_assert_max_num_queries: Any,
    model: str,
) -> None:
    for _ in range(6):
        file_objection()
    # Session, user, counts, rows, date hierarchy and filters: none of them per row.
    with django_assert_max_num_queries(10):
        _get(admin_client, reverse(f"admin:objections_{model}_changelist"))
