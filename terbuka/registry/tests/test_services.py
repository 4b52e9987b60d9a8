"""DIP services: entries and their validation, numbering, every status pair, documents behind
the safety gate, the search index, periodic updates and consequence tests."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from PIL import Image

from terbuka.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from terbuka.registry import services
from terbuka.registry.models import (
    ConsequenceTest,
    Document,
    DocumentVersion,
    InfoClass,
    InformationEntry,
    LegalCategory,
    RegistryEvent,
)
from terbuka.registry.states import (
    CONSEQUENCE_TRANSITIONS,
    ENTRY_TRANSITIONS,
    ConsequenceStatus,
    EntryStatus,
)
from terbuka.registry.tests.factories import (
    CLEAN_CSV,
    entry_values,
    in_days,
    make_entry,
    test_values,
    xlsx_bytes,
)
from terbuka.safety.models import Finding
from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db

ES = EntryStatus
CS = ConsequenceStatus
Kind = RegistryEvent.Kind


@pytest.fixture
def entry(body: Any, unit: Any, unit_officer: Any) -> InformationEntry:
    return make_entry(actor=unit_officer, body=body, unit=unit)


def _fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.details["fields"])


def _decided_test(body: Any, unit: Any, ppid_utama: Any, **overrides: Any) -> ConsequenceTest:
    test = services.consequence_test_create(
        actor=ppid_utama, body=body, unit=unit, **test_values(**overrides)
    )
    return services.consequence_test_decide(
        test=test, actor=ppid_utama, decision_number="188/01/PPID/2026", decision_date=in_days(0)
    )


# --- Entries ---------------------------------------------------------------------------------


def test_create_numbers_per_body_and_logs(
    body: Any, unit: Any, unit_officer: Any, ppid_utama: Any
) -> None:
    first = make_entry(actor=unit_officer, body=body, unit=unit)
    second = make_entry(actor=ppid_utama, body=body, unit=unit, title="Renstra 2025-2029")
    assert (first.number, second.number) == (1, 2)
    assert first.status == ES.DRAFT
    assert first.tags == ["keuangan", "apbd"]
    [event] = first.events.all()
    assert (event.kind, event.to_status, event.actor) == (Kind.CREATED, ES.DRAFT, unit_officer)
    # UU 14/2008 Pasal 9(4): the next update is due within the months set.
    assert first.next_update_due_on is not None


def test_idempotency_key_returns_the_first_entry(body: Any, unit: Any, unit_officer: Any) -> None:
    one = services.entry_create(
        actor=unit_officer, body=body, unit=unit, idempotency_key="k1", **entry_values()
    )
    two = services.entry_create(
        actor=unit_officer, body=body, unit=unit, idempotency_key="k1", **entry_values()
    )
    assert one.pk == two.pk
    assert InformationEntry.objects.count() == 1
    with pytest.raises(ValidationError) as excinfo:
        services.entry_create(
            actor=unit_officer,
            body=body,
            unit=unit,
            idempotency_key="k1",
            **entry_values(title="Lain"),
        )
    assert excinfo.value.code == "idempotency_key_reused"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"summary": ""}, "summary"),
        ({"info_class": "rahasia"}, "info_class"),
        ({"legal_category": LegalCategory.P10}, "legal_category"),
        ({"holder_official": ""}, "holder_official"),
        ({"available_forms": []}, "available_forms"),
        ({"available_forms": ["faks"]}, "available_forms"),
        ({"update_every_months": None}, "update_every_months"),
        ({"update_every_months": 7}, "update_every_months"),
        ({"update_every_months": 0}, "update_every_months"),
        ({"year": 1900}, "year"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"last_updated_on": in_days(1)}, "last_updated_on"),
        (
            {"info_class": InfoClass.DIKECUALIKAN, "legal_category": LegalCategory.P17},
            "consequence_test",
        ),
    ],
)
def test_create_validation(
    body: Any, unit: Any, unit_officer: Any, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_entry(actor=unit_officer, body=body, unit=unit, **overrides)
    assert field in _fields(excinfo)
    assert InformationEntry.objects.count() == 0


def test_non_periodic_classes_drop_the_update_schedule(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    entry = make_entry(
        actor=unit_officer,
        body=body,
        unit=unit,
        info_class=InfoClass.SETIAP_SAAT,
        legal_category=LegalCategory.P11_G,
        update_every_months=3,
    )
    assert entry.update_every_months is None
    assert entry.next_update_due_on is None


def test_who_may_create(
    body: Any,
    unit: Any,
    unit_officer: Any,
    other_officer: Any,
    ppid_utama: Any,
    atasan: Any,
    applicant: Any,
) -> None:
    make_entry(actor=ppid_utama, body=body, unit=unit)
    make_entry(actor=unit_officer, body=body, unit=unit)
    for outsider in (other_officer, atasan, applicant):
        with pytest.raises(PermissionDenied):
            make_entry(actor=outsider, body=body, unit=unit)


def test_update_keeps_each_change(entry: InformationEntry, unit_officer: Any) -> None:
    services.entry_update(entry=entry, actor=unit_officer, title="LKPD 2025", tags=["lkpd"])
    entry.refresh_from_db()
    assert entry.title == "LKPD 2025"
    event = entry.events.latest("pk")
    assert event.kind == Kind.UPDATED
    assert event.data["changes"]["title"] == ["Laporan Keuangan Dinas Kesehatan 2025", "LKPD 2025"]
    assert event.data["changes"]["tags"] == [["keuangan", "apbd"], ["lkpd"]]
    # No change, no event.
    services.entry_update(entry=entry, actor=unit_officer, title="LKPD 2025")
    assert entry.events.count() == 2


def test_other_units_cannot_edit(entry: InformationEntry, other_officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.entry_update(entry=entry, actor=other_officer, title="x")
    with pytest.raises(PermissionDenied):
        services.entry_publish(entry=entry, actor=other_officer)


# --- Status transitions: every pair ----------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), list(itertools.product(ES, ES)))
def test_every_entry_status_pair(
    entry: InformationEntry, unit_officer: Any, old: EntryStatus, new: EntryStatus
) -> None:
    InformationEntry.objects.filter(pk=entry.pk).update(status=old)
    entry.refresh_from_db()
    allowed = new in ENTRY_TRANSITIONS[old]
    actions = {
        ES.PUBLISHED: lambda: services.entry_publish(entry=entry, actor=unit_officer),
        ES.WITHDRAWN: lambda: services.entry_withdraw(
            entry=entry, actor=unit_officer, reason="Data diperbaiki."
        ),
    }
    if new not in actions:
        assert not allowed or new == ES.DRAFT
        assert ES.DRAFT not in {s for targets in ENTRY_TRANSITIONS.values() for s in targets}
        return
    if allowed:
        actions[new]()
        entry.refresh_from_db()
        assert entry.status == new
        assert entry.events.latest("pk").to_status == new
    else:
        with pytest.raises(InvalidTransition):
            actions[new]()
        entry.refresh_from_db()
        assert entry.status == old


def test_publish_and_withdraw_keep_the_index_in_step(
    entry: InformationEntry, unit_officer: Any
) -> None:
    services.document_add(
        entry=entry, actor=unit_officer, title="Ringkasan APBD", data=CLEAN_CSV, filename="a.csv"
    )
    services.entry_publish(entry=entry, actor=unit_officer)
    entry.refresh_from_db()
    assert entry.published_at is not None
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds == {"entry", "document"}
    services.entry_withdraw(entry=entry, actor=unit_officer, reason="Ada kesalahan angka.")
    entry.refresh_from_db()
    assert entry.withdrawal_reason == "Ada kesalahan angka."
    assert not SearchEntry.objects.exists()
    # Published again through the same gate.
    services.entry_publish(entry=entry, actor=unit_officer)
    entry.refresh_from_db()
    assert entry.withdrawal_reason == ""
    assert SearchEntry.objects.count() == 2


def test_withdraw_needs_a_reason(entry: InformationEntry, unit_officer: Any) -> None:
    services.entry_publish(entry=entry, actor=unit_officer)
    with pytest.raises(ValidationError) as excinfo:
        services.entry_withdraw(entry=entry, actor=unit_officer, reason=" ")
    assert _fields(excinfo) == {"reason"}


def test_class_cannot_change_while_published(entry: InformationEntry, unit_officer: Any) -> None:
    services.entry_publish(entry=entry, actor=unit_officer)
    with pytest.raises(InvalidTransition) as excinfo:
        services.entry_update(
            entry=entry,
            actor=unit_officer,
            info_class=InfoClass.SETIAP_SAAT,
            legal_category=LegalCategory.P11_C,
        )
    assert excinfo.value.code == "class_change_published"


def test_serta_merta_publication_clears_the_banner_cache(
    body: Any, unit: Any, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    entry = make_entry(
        actor=unit_officer,
        body=body,
        unit=unit,
        title="Peringatan banjir Kecamatan Kasemen",
        info_class=InfoClass.SERTA_MERTA,
        legal_category=LegalCategory.P10,
    )
    cache.set(services.ANNOUNCEMENTS_CACHE_KEY, ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_publish(entry=entry, actor=unit_officer)
    assert cache.get(services.ANNOUNCEMENTS_CACHE_KEY) is None
    cache.set(services.ANNOUNCEMENTS_CACHE_KEY, ["stale"])
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_withdraw(entry=entry, actor=unit_officer, reason="Air sudah surut.")
    assert cache.get(services.ANNOUNCEMENTS_CACHE_KEY) is None


# --- Documents and the safety gate -----------------------------------------------------------


def test_clean_document_is_versioned_and_released(
    entry: InformationEntry, unit_officer: Any
) -> None:
    document = services.document_add(
        entry=entry, actor=unit_officer, title="Ringkasan", data=CLEAN_CSV, filename="r.csv"
    )
    version = document.current
    assert version is not None
    assert (version.version, version.file_type, version.size) == (1, "csv", len(CLEAN_CSV))
    assert "Pelayanan kesehatan" in version.text
    with version.file.open("rb") as handle:
        assert handle.read() == CLEAN_CSV
    second = services.document_add_version(
        document=document, actor=unit_officer, data=CLEAN_CSV + b"2026,X,1\n", filename="r2.csv"
    )
    document.refresh_from_db()
    assert (second.version, document.current_id) == (2, second.pk)
    assert [e.kind for e in entry.events.all()][-2:] == [Kind.DOCUMENT_ADDED, Kind.VERSION_ADDED]


def test_refused_file_writes_nothing(entry: InformationEntry, unit_officer: Any) -> None:
    with pytest.raises(ValidationError):
        services.document_add(
            entry=entry,
            actor=unit_officer,
            title="Palsu",
            data=b"MZ\x90\x00 not a pdf",
            filename="laporan.pdf",
        )
    assert not Document.objects.exists()


def test_hidden_sheet_blocks_publication_until_cleaned(
    entry: InformationEntry, unit_officer: Any
) -> None:
    document = services.document_add(
        entry=entry,
        actor=unit_officer,
        title="Realisasi",
        data=xlsx_bytes(hidden_sheet=True),
        filename="realisasi.xlsx",
    )
    with pytest.raises(Conflict) as excinfo:
        services.entry_publish(entry=entry, actor=unit_officer)
    assert excinfo.value.code == "safety_findings"
    findings = excinfo.value.details["findings"]
    assert findings
    assert {f["document"] for f in findings} == {document.pk}
    assert all({"kind", "detail", "location"} <= set(f) for f in findings)
    entry.refresh_from_db()
    assert entry.status == ES.DRAFT
    # The unit uploads a cleaned workbook: the old findings are superseded, publication passes.
    services.document_add_version(
        document=document, actor=unit_officer, data=xlsx_bytes(), filename="realisasi.xlsx"
    )
    services.entry_publish(entry=entry, actor=unit_officer)
    entry.refresh_from_db()
    assert entry.status == ES.PUBLISHED
    assert (
        not Finding.objects.filter(status="open", severity="blocking")
        .exclude(
            scan__in=[document.current.scan_id]  # type: ignore[union-attr]
        )
        .exists()
    )


def test_only_the_ppid_utama_overrides_a_finding(
    entry: InformationEntry, unit_officer: Any, ppid_utama: Any
) -> None:
    document = services.document_add(
        entry=entry,
        actor=unit_officer,
        title="Realisasi",
        data=xlsx_bytes(hidden_sheet=True),
        filename="realisasi.xlsx",
    )
    assert document.current is not None
    blocking = list(
        Finding.objects.filter(scan=document.current.scan, severity="blocking", status="open")
    )
    assert blocking
    with pytest.raises(PermissionDenied):
        services.finding_override(
            document=document,
            finding=blocking[0],
            actor=unit_officer,
            reason="Lembar tersembunyi hanya rumus pembantu.",
        )
    for finding in blocking:
        services.finding_override(
            document=document,
            finding=finding,
            actor=ppid_utama,
            reason="Sudah diperiksa: lembar tersembunyi tidak memuat data pribadi.",
        )
    assert entry.events.filter(kind=Kind.FINDING_OVERRIDDEN).count() == len(blocking)
    services.entry_publish(entry=entry, actor=unit_officer)


def test_exempt_entries_take_no_documents_and_need_a_decided_test(
    body: Any, unit: Any, unit_officer: Any, ppid_utama: Any
) -> None:
    draft = services.consequence_test_create(
        actor=unit_officer, body=body, unit=unit, **test_values()
    )
    entry = make_entry(
        actor=unit_officer,
        body=body,
        unit=unit,
        title="Rekam medis pasien",
        info_class=InfoClass.DIKECUALIKAN,
        legal_category=LegalCategory.P17,
        consequence_test=draft,
    )
    with pytest.raises(InvalidTransition) as excinfo:
        services.document_add(
            entry=entry, actor=unit_officer, title="x", data=CLEAN_CSV, filename="x.csv"
        )
    assert excinfo.value.code == "exempt_no_documents"
    with pytest.raises(InvalidTransition) as excinfo:
        services.entry_publish(entry=entry, actor=unit_officer)
    assert excinfo.value.code == "consequence_test_not_decided"
    services.consequence_test_decide(
        test=draft, actor=ppid_utama, decision_number="188/2/PPID/2026", decision_date=in_days(0)
    )
    services.entry_publish(entry=entry, actor=unit_officer)
    entry.refresh_from_db()
    assert entry.status == ES.PUBLISHED
    assert entry.is_public is False


def test_deactivated_document_leaves_the_index(entry: InformationEntry, unit_officer: Any) -> None:
    document = services.document_add(
        entry=entry, actor=unit_officer, title="Ringkasan", data=CLEAN_CSV, filename="r.csv"
    )
    services.entry_publish(entry=entry, actor=unit_officer)
    assert SearchEntry.objects.filter(kind="document", object_id=document.pk).exists()
    services.document_deactivate(document=document, actor=unit_officer, reason="Salah unggah.")
    assert not SearchEntry.objects.filter(kind="document").exists()
    with pytest.raises(InvalidTransition):
        services.document_deactivate(document=document, actor=unit_officer, reason="Lagi.")


# --- Periodic updates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 3, date(2027, 3, 15)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert services.add_months(day, months) == expected


def test_record_update_moves_the_next_due_date(entry: InformationEntry, unit_officer: Any) -> None:
    services.entry_publish(entry=entry, actor=unit_officer)
    today = timezone.localdate()
    services.entry_record_update(entry=entry, actor=unit_officer, updated_on=today)
    entry.refresh_from_db()
    assert entry.last_updated_on == today
    assert entry.next_update_due_on == services.add_months(today, 6)
    with pytest.raises(ValidationError):
        services.entry_record_update(entry=entry, actor=unit_officer, updated_on=in_days(1))


def test_only_periodic_entries_record_updates(body: Any, unit: Any, unit_officer: Any) -> None:
    entry = make_entry(
        actor=unit_officer,
        body=body,
        unit=unit,
        info_class=InfoClass.SETIAP_SAAT,
        legal_category=LegalCategory.P11_G,
    )
    with pytest.raises(InvalidTransition):
        services.entry_record_update(entry=entry, actor=unit_officer)


# --- Consequence tests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"information": ""}, "information"),
        ({"pasal17_letters": ["k"]}, "pasal17_letters"),
        ({"pasal17_letters": []}, "pasal17_letters"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"consequence": ""}, "consequence"),
        ({"public_interest": ""}, "public_interest"),
        ({"participants": ""}, "participants"),
        ({"result": "maybe"}, "result"),
        ({"trigger": "whim"}, "trigger"),
        ({"pasal17_letters": ["a"], "exempt_until": None}, "exempt_until"),
        ({"exempt_until": in_days(0)}, "exempt_until"),
        ({"trigger": ConsequenceTest.Trigger.ON_REQUEST}, "request"),
        ({"trigger": ConsequenceTest.Trigger.KOMISI_ORDER}, "komisi_case_number"),
    ],
)
def test_consequence_test_validation(
    body: Any, unit: Any, unit_officer: Any, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.consequence_test_create(
            actor=unit_officer, body=body, unit=unit, **test_values(**overrides)
        )
    assert field in _fields(excinfo)


def test_letter_h_may_be_permanent_and_open_drops_the_period(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    closed = services.consequence_test_create(
        actor=unit_officer, body=body, unit=unit, **test_values()
    )
    assert closed.exempt_until is None
    opened = services.consequence_test_create(
        actor=unit_officer,
        body=body,
        unit=unit,
        **test_values(result=ConsequenceTest.Result.OPEN, exempt_until=in_days(90)),
    )
    assert opened.exempt_until is None


@pytest.mark.parametrize(("old", "new"), list(itertools.product(CS, CS)))
def test_every_consequence_status_pair(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    old: ConsequenceStatus,
    new: ConsequenceStatus,
) -> None:
    test = services.consequence_test_create(
        actor=unit_officer,
        body=body,
        unit=unit,
        **test_values(pasal17_letters=["a"], exempt_until=in_days(60)),
    )
    ConsequenceTest.objects.filter(pk=test.pk).update(status=old)
    test.refresh_from_db()
    allowed = new in CONSEQUENCE_TRANSITIONS[old]
    actions = {
        CS.DECIDED: lambda: services.consequence_test_decide(
            test=test, actor=ppid_utama, decision_number="188/3", decision_date=in_days(0)
        ),
        CS.CANCELLED: lambda: services.consequence_test_cancel(
            test=test, actor=ppid_utama, reason="Tidak jadi."
        ),
        CS.REVIEWED: lambda: services.consequence_test_review(
            test=test,
            actor=ppid_utama,
            outcome=ConsequenceTest.ReviewOutcome.OPENED,
            note="Penyidikan selesai; informasi dibuka.",
        ),
    }
    if new == CS.REVIEW_DUE:
        # Only the daily job moves a test there, once its period has ended.
        ConsequenceTest.objects.filter(pk=test.pk).update(exempt_until=in_days(-1))
        moved = services.consequence_tests_mark_review_due(timezone.localdate())
        assert bool(moved) == allowed
        return
    if new not in actions:
        assert not allowed
        return
    if allowed:
        actions[new]()
        test.refresh_from_db()
        assert test.status == new
        assert test.events.latest("pk").to_status == new
    else:
        with pytest.raises(InvalidTransition):
            actions[new]()


def test_only_the_ppid_decides_and_reviews(
    body: Any, unit: Any, unit_officer: Any, other_officer: Any, ppid_utama: Any
) -> None:
    test = services.consequence_test_create(
        actor=unit_officer, body=body, unit=unit, **test_values()
    )
    for actor in (unit_officer, other_officer):
        with pytest.raises(PermissionDenied):
            services.consequence_test_decide(
                test=test, actor=actor, decision_number="1", decision_date=in_days(0)
            )
    with pytest.raises(PermissionDenied):
        services.consequence_test_update(test=test, actor=other_officer, information="x")
    services.consequence_test_update(
        test=test, actor=unit_officer, information="Rekam medis seluruh puskesmas."
    )
    decided = services.consequence_test_decide(
        test=test, actor=ppid_utama, decision_number="188/4", decision_date=in_days(0)
    )
    assert decided.decided_by == ppid_utama
    with pytest.raises(InvalidTransition) as excinfo:
        services.consequence_test_update(test=test, actor=ppid_utama, information="y")
    assert excinfo.value.code == "test_decided"


def test_review_due_after_the_period_and_renewal(body: Any, unit: Any, ppid_utama: Any) -> None:
    old = _decided_test(body, unit, ppid_utama, pasal17_letters=["a"], exempt_until=in_days(30))
    assert services.consequence_tests_mark_review_due(in_days(30)) == []
    [moved] = services.consequence_tests_mark_review_due(in_days(31))
    assert moved.pk == old.pk
    assert services.consequence_tests_mark_review_due(in_days(31)) == []
    old.refresh_from_db()
    assert old.status == CS.REVIEW_DUE
    assert old.events.latest("pk").kind == Kind.TEST_REVIEW_DUE
    with pytest.raises(ValidationError) as excinfo:
        services.consequence_test_review(
            test=old,
            actor=ppid_utama,
            outcome=ConsequenceTest.ReviewOutcome.RENEWED,
            note="Penyidikan masih berjalan.",
        )
    assert _fields(excinfo) == {"renewed_by"}
    new = _decided_test(body, unit, ppid_utama, pasal17_letters=["a"], exempt_until=in_days(400))
    services.consequence_test_review(
        test=old,
        actor=ppid_utama,
        outcome=ConsequenceTest.ReviewOutcome.RENEWED,
        note="Penyidikan masih berjalan.",
        renewed_by=new,
    )
    old.refresh_from_db()
    assert (old.status, old.renewed_by_id) == (CS.REVIEWED, new.pk)


def test_index_text_is_indonesian_whatever_the_officer_language(
    entry: InformationEntry, unit_officer: Any
) -> None:
    from django.utils import translation

    with translation.override("en"):
        services.entry_publish(entry=entry, actor=unit_officer)
    row = SearchEntry.objects.get(kind="entry", object_id=entry.pk)
    assert "laporan keuangan" in row.text


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Budi Santoso"  # Artist: a person's name hidden in the file
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 7.0, 8.0)})  # GPS
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_release_replaces_the_upload_with_its_stripped_copy_and_deletes_the_upload(
    entry: InformationEntry, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = services.document_add(
        entry=entry,
        actor=unit_officer,
        title="Foto kegiatan",
        data=_jpeg_with_exif(),
        filename="foto.jpg",
    )
    assert document.current is not None
    upload = document.current.file.name
    storage = document.current.file.storage
    assert storage.exists(upload)
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_publish(entry=entry, actor=unit_officer)
    version = DocumentVersion.objects.get(pk=document.current.pk)
    assert version.metadata_stripped
    assert version.file.name != upload
    assert storage.exists(version.file.name)
    # The upload with the photographer's name and GPS is gone at once, not after a day's sweep.
    assert not storage.exists(upload)
    with version.file.open("rb") as handle:
        assert b"Budi Santoso" not in handle.read()


def test_a_release_that_rolls_back_keeps_the_upload(
    entry: InformationEntry, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = services.document_add(
        entry=entry,
        actor=unit_officer,
        title="Foto kegiatan",
        data=_jpeg_with_exif(),
        filename="foto.jpg",
    )
    assert document.current is not None
    upload = document.current.file.name
    storage = document.current.file.storage

    class Boom(Exception):
        pass

    def publish_then_fail() -> None:
        with transaction.atomic():
            services.entry_publish(entry=entry, actor=unit_officer)
            raise Boom

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        publish_then_fail()
    assert not callbacks
    assert storage.exists(upload)
    assert DocumentVersion.objects.get(pk=document.current.pk).file.name == upload
