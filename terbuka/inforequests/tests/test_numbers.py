"""Registration numbers: gap-free and unique per body per year, also under concurrency."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.core.exceptions import ValidationError
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest, RegistrationCounter, RequestSettings
from terbuka.inforequests.tests.factories import RequestSettingsFactory, identity_data

WIB = ZoneInfo("Asia/Jakarta")
THREADS = 12
PER_THREAD = 4


def _file(actor: Any, body: Any, **overrides: Any) -> InformationRequest:
    kwargs: dict[str, Any] = {
        "actor": actor,
        "body": body,
        "details": "Data.",
        "purpose": "Riset.",
        "obtain_method": "membaca",
        "delivery_method": "email",
        "identity_data": identity_data(),
    }
    kwargs.update(overrides)
    return services.request_submit(**kwargs)


@pytest.mark.django_db
def test_numbers_are_sequential_per_body_and_year(
    applicant: Any, body: Any, desk_officer: Any
) -> None:
    year = timezone.localdate().year
    numbers = [_file(applicant, body).registration_number for _ in range(5)]
    assert numbers == [f"{n:04d}/PPID-KOTA-UJI/{year}" for n in range(1, 6)]
    other = PublicBodyFactory.create(slug="kota-lain")
    assert _file(applicant, other).registration_number == f"0001/PPID-KOTA-LAIN/{year}"
    last_year = services.request_record(
        actor=desk_officer,
        body=body,
        channel="letter",
        received_at=dt.datetime(year - 1, 12, 31, 23, 0, tzinfo=WIB),
        details="Surat akhir tahun.",
        purpose="Riset.",
        obtain_method="membaca",
        delivery_method="pos",
        identity_data=identity_data(),
    )
    assert (last_year.registration_year, last_year.registration_seq) == (year - 1, 1)
    assert RegistrationCounter.objects.get(body=body, year=year).last_seq == 5


@pytest.mark.django_db
def test_failed_submission_leaves_no_gap(applicant: Any, body: Any) -> None:
    assert _file(applicant, body).registration_seq == 1
    with pytest.raises(ValidationError):
        _file(applicant, body, delivery_method="merpati")
    assert _file(applicant, body).registration_seq == 2


@pytest.mark.django_db
def test_number_format_per_body(applicant: Any, body: Any, ppid_utama_unit: Any) -> None:
    unit = UnitFactory.create(body=body, parent=ppid_utama_unit, code="36.73.01", slug="kec-serang")
    RequestSettingsFactory.create(
        body=body, body_code="SRG", number_format="{unit_code}/{seq:03d}/{month:02d}/{year}"
    )
    now = timezone.localdate()
    request = _file(applicant, body, unit=unit)
    assert request.registration_number == f"36.73.01/001/{now.month:02d}/{now.year}"
    RequestSettings.objects.filter(body=body).update(number_format="{seq}/PPID-{body_code}/{year}")
    assert _file(applicant, body).registration_number == f"2/PPID-SRG/{now.year}"


@pytest.mark.threads
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_are_gap_free(applicant: Any, body: Any) -> None:
    """Submissions from many threads at once get 1..N with no gap and no duplicate."""
    from django.db import connections

    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(PER_THREAD):
                _file(applicant, body)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    total = THREADS * PER_THREAD
    seqs = sorted(
        InformationRequest.objects.filter(body=body).values_list("registration_seq", flat=True)
    )
    assert seqs == list(range(1, total + 1))
    numbers = set(InformationRequest.objects.values_list("registration_number", flat=True))
    assert len(numbers) == total
    assert RegistrationCounter.objects.get(body=body).last_seq == total
