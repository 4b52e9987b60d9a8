from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.db import IntegrityError
from django.utils import timezone

from terbuka.accessible.models import AccessibleVersion
from terbuka.charter import services
from terbuka.charter.models import (
    Charter,
    CharterEvent,
    FeeItem,
    Procedure,
    ServiceChannel,
    ServiceDay,
)
from terbuka.charter.services import DayHours
from terbuka.charter.tests.conftest import (
    ALLOWED,
    CHANNELS,
    CHARTER_PARTS,
    FORBIDDEN,
    TARIFFS,
    WEEK,
)
from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError
from terbuka.inforequests.models import RequestSettings

pytestmark = pytest.mark.django_db


def _write(name: str, body: Any, actor: Any) -> None:
    if name == "charter":
        services.charter_establish(body=body, actor=actor, based_on=None, **CHARTER_PARTS)
    elif name == "procedure":
        services.procedure_update(body=body, kind="permohonan", actor=actor, steps="Datang.")
    elif name == "hours":
        services.service_hours_set(body=body, actor=actor, days=WEEK, note="", channels=CHANNELS)
    else:
        services.fees_set(body=body, actor=actor, tariffs=TARIFFS, items=[])


WRITES = ("charter", "procedure", "hours", "fees")


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_roles_write(roles: dict[str, Any], body: Any, role: str, write: str) -> None:
    _write(write, body, roles[role])
    event = CharterEvent.objects.get(body=body)
    assert event.actor == roles[role]


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("role", FORBIDDEN)
def test_forbidden_roles_write_nothing(
    roles: dict[str, Any], body: Any, role: str, write: str
) -> None:
    with pytest.raises(PermissionDenied) as exc:
        _write(write, body, roles[role])
    assert "Hanya PPID Utama atau admin" in exc.value.message
    assert not CharterEvent.objects.exists()
    assert not Charter.objects.exists()
    assert not Procedure.objects.exists()
    assert not ServiceDay.objects.exists()
    assert not RequestSettings.objects.exists()


# --- Charter versions ------------------------------------------------------------------------


def test_charter_first_version(roles: dict[str, Any], body: Any) -> None:
    charter = services.charter_establish(
        body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS
    )
    assert charter.version == 1
    assert charter.legal_basis == CHARTER_PARTS["legal_basis"]
    assert charter.created_by == roles["utama"]
    event = CharterEvent.objects.get()
    assert event.kind == CharterEvent.Kind.CHARTER_ESTABLISHED
    assert event.data == {"version": 1, "established_on": "2025-01-06"}


def test_charter_change_is_a_new_version_and_keeps_the_old(
    roles: dict[str, Any], body: Any
) -> None:
    first = services.charter_establish(
        body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS
    )
    second = services.charter_establish(
        body=body,
        actor=roles["admin"],
        based_on=1,
        **{**CHARTER_PARTS, "guarantee": "Jaminan baru."},
    )
    assert second.version == 2
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.guarantee == "Informasi diberikan tepat waktu."
    assert CharterEvent.objects.count() == 2


def test_charter_double_submit_keeps_one_version(roles: dict[str, Any], body: Any) -> None:
    services.charter_establish(body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS)
    changed = {**CHARTER_PARTS, "fees": "Gratis."}
    one = services.charter_establish(body=body, actor=roles["utama"], based_on=1, **changed)
    again = services.charter_establish(body=body, actor=roles["utama"], based_on=1, **changed)
    assert one.pk == again.pk
    assert Charter.objects.count() == 2
    assert CharterEvent.objects.count() == 2


def test_charter_stale_form_is_refused(roles: dict[str, Any], body: Any) -> None:
    services.charter_establish(body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS)
    services.charter_establish(
        body=body, actor=roles["admin"], based_on=1, **{**CHARTER_PARTS, "fees": "Gratis."}
    )
    with pytest.raises(Conflict) as exc:
        services.charter_establish(
            body=body, actor=roles["utama"], based_on=1, **{**CHARTER_PARTS, "fees": "Lain."}
        )
    assert "kini versi 2" in exc.value.message
    assert Charter.objects.count() == 2


def test_charter_first_form_opened_twice(roles: dict[str, Any], body: Any) -> None:
    services.charter_establish(body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS)
    with pytest.raises(Conflict):
        services.charter_establish(
            body=body, actor=roles["admin"], based_on=None, **{**CHARTER_PARTS, "fees": "X."}
        )


@pytest.mark.parametrize(
    "part",
    [
        "legal_basis",
        "procedure",
        "completion_time",
        "fees",
        "guarantee",
        "evaluation",
        "signatory_name",
        "signatory_position",
    ],
)
def test_charter_requires_every_statutory_part(roles: dict[str, Any], body: Any, part: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.charter_establish(
            body=body, actor=roles["utama"], based_on=None, **{**CHARTER_PARTS, part: "   "}
        )
    assert part in exc.value.details["fields"]
    assert exc.value.message == "Periksa kembali isian maklumat pelayanan."
    assert not Charter.objects.exists()


def test_charter_date_required(roles: dict[str, Any], body: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.charter_establish(
            body=body,
            actor=roles["utama"],
            based_on=None,
            **{**CHARTER_PARTS, "established_on": None},
        )
    assert exc.value.message == "Isi tanggal ditetapkan."


def test_charter_date_not_in_the_future(roles: dict[str, Any], body: Any) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.charter_establish(
            body=body,
            actor=roles["utama"],
            based_on=None,
            **{**CHARTER_PARTS, "established_on": tomorrow},
        )
    assert exc.value.message == "Tanggal ditetapkan tidak boleh setelah hari ini."


def test_charter_date_not_before_previous_version(roles: dict[str, Any], body: Any) -> None:
    services.charter_establish(body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS)
    with pytest.raises(ValidationError) as exc:
        services.charter_establish(
            body=body,
            actor=roles["utama"],
            based_on=1,
            **{**CHARTER_PARTS, "fees": "Gratis.", "established_on": date(2024, 1, 1)},
        )
    assert exc.value.message == (
        "Tanggal ditetapkan tidak boleh sebelum tanggal versi sebelumnya (06-01-2025)."
    )


def test_charter_unknown_field(roles: dict[str, Any], body: Any) -> None:
    with pytest.raises(TypeError):
        services.charter_establish(
            body=body, actor=roles["utama"], based_on=None, version=5, **CHARTER_PARTS
        )


def test_charter_version_unique_per_body(roles: dict[str, Any], body: Any) -> None:
    charter = services.charter_establish(
        body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS
    )
    charter.pk = None
    with pytest.raises(IntegrityError):
        charter.save()


def test_charter_schedules_accessible_formats(roles: dict[str, Any], body: Any) -> None:
    charter = services.charter_establish(
        body=body, actor=roles["utama"], based_on=None, **CHARTER_PARTS
    )
    version = AccessibleVersion.objects.get(kind="charter", object_id=charter.pk)
    assert "Dasar hukum.\nUU 14/2008; Perki 1/2021." in version.text
    assert version.title == "Maklumat Pelayanan Informasi Publik Pemerintah Kota Uji (versi 1)"


# --- Procedures ------------------------------------------------------------------------------


def test_procedure_created_then_updated(roles: dict[str, Any], body: Any) -> None:
    first = services.procedure_update(
        body=body, kind="keberatan", actor=roles["utama"], steps=" Isi formulir.\nTunggu. "
    )
    assert first.steps == "Isi formulir.\nTunggu."
    second = services.procedure_update(
        body=body, kind="keberatan", actor=roles["utama"], steps="Isi formulir.", notes="Catatan"
    )
    assert second.pk == first.pk
    events = list(CharterEvent.objects.order_by("id").values_list("data", flat=True))
    assert events == [
        {"kind": "keberatan", "created": True, "fields": ["steps"]},
        {"kind": "keberatan", "created": False, "fields": ["steps", "notes"]},
    ]
    assert AccessibleVersion.objects.filter(kind="procedure", object_id=first.pk).exists()


def test_procedure_same_text_twice_is_one_event(roles: dict[str, Any], body: Any) -> None:
    for _ in range(2):
        services.procedure_update(body=body, kind="sengketa", actor=roles["utama"], steps="A.")
    assert Procedure.objects.count() == 1
    assert CharterEvent.objects.count() == 1


def test_procedure_needs_steps(roles: dict[str, Any], body: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.procedure_update(body=body, kind="permohonan", actor=roles["utama"], steps=" ")
    assert exc.value.message == "Tuliskan paling sedikit satu langkah."
    assert not Procedure.objects.exists()


def test_procedure_unknown_kind(roles: dict[str, Any], body: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.procedure_update(body=body, kind="banding", actor=roles["utama"], steps="A.")
    assert exc.value.message == "Jenis prosedur tidak dikenal."


# --- Hours and channels ----------------------------------------------------------------------


def test_hours_set_and_unit_text(roles: dict[str, Any], body: Any, ppid_utama_unit: Any) -> None:
    summary = services.service_hours_set(
        body=body, actor=roles["utama"], days=WEEK, note="Tutup hari libur.", channels=CHANNELS
    )
    expected = (
        "Senin-Kamis 08.00-16.00 (istirahat 12.00-13.00)\n"
        "Jumat 08.00-16.30 (istirahat 11.30-13.00)\n"
        "Tutup hari libur."
    )
    assert summary == expected
    assert ServiceDay.objects.filter(body=body).count() == 5
    assert list(ServiceChannel.objects.values_list("kind", "address", "position")) == [
        ("email", "ppid@kota-uji.test", 1)
    ]
    ppid_utama_unit.refresh_from_db()
    assert ppid_utama_unit.service_hours == expected
    assert CharterEvent.objects.get().data == {"hours": expected, "channels": 1}


def test_hours_all_closed_clears_the_unit_text(
    roles: dict[str, Any], body: Any, ppid_utama_unit: Any
) -> None:
    services.service_hours_set(
        body=body, actor=roles["utama"], days=WEEK, note="", channels=CHANNELS
    )
    closed = [DayHours(d) for d in range(7)]
    summary = services.service_hours_set(
        body=body, actor=roles["utama"], days=closed, note="", channels=CHANNELS
    )
    assert summary == ""
    assert not ServiceDay.objects.exists()
    ppid_utama_unit.refresh_from_db()
    assert ppid_utama_unit.service_hours == ""  # not the week the table replaced


def test_hours_first_save_overwrites_old_unit_text(
    roles: dict[str, Any], body: Any, ppid_utama_unit: Any
) -> None:
    ppid_utama_unit.service_hours = "Senin-Jumat 08.00-15.00"
    ppid_utama_unit.save()
    services.service_hours_set(body=body, actor=roles["utama"], days=[], note="", channels=[])
    ppid_utama_unit.refresh_from_db()
    assert ppid_utama_unit.service_hours == ""


def test_hours_same_twice_is_one_event(roles: dict[str, Any], body: Any) -> None:
    for _ in range(2):
        services.service_hours_set(
            body=body, actor=roles["utama"], days=WEEK, note="", channels=CHANNELS
        )
    assert CharterEvent.objects.count() == 1
    assert ServiceDay.objects.count() == 5


def test_hours_replace_drops_closed_days(roles: dict[str, Any], body: Any) -> None:
    services.service_hours_set(body=body, actor=roles["utama"], days=WEEK, note="", channels=[])
    services.service_hours_set(
        body=body, actor=roles["utama"], days=[DayHours(0, time(9), time(12))], note="", channels=[]
    )
    assert list(ServiceDay.objects.values_list("weekday", flat=True)) == [0]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            DayHours(0, time(8), None),
            "Senin: isi jam buka dan jam tutup, atau kosongkan keduanya bila tutup.",
        ),
        (DayHours(1, time(16), time(8)), "Selasa: jam buka harus sebelum jam tutup."),
        (
            DayHours(2, time(8), time(16), time(12)),
            "Rabu: isi awal dan akhir istirahat, atau kosongkan keduanya.",
        ),
        (
            DayHours(3, time(8), time(16), time(7), time(9)),
            "Kamis: istirahat harus di antara jam buka dan jam tutup.",
        ),
        (
            DayHours(4, time(8), time(16), time(13), time(12)),
            "Jumat: istirahat harus di antara jam buka dan jam tutup.",
        ),
        (
            DayHours(5, None, None, time(12), time(13)),
            "Sabtu: hari tutup tidak memiliki jam istirahat.",
        ),
    ],
)
def test_hours_validation(roles: dict[str, Any], body: Any, day: DayHours, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.service_hours_set(
            body=body, actor=roles["utama"], days=[day], note="", channels=[]
        )
    assert exc.value.message == message
    assert exc.value.details["fields"] == {f"day_{day.weekday}": [message]}
    assert not ServiceDay.objects.exists()


def test_hours_one_row_per_day(roles: dict[str, Any], body: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.service_hours_set(
            body=body, actor=roles["utama"], days=[WEEK[0], WEEK[0]], note="", channels=[]
        )
    assert exc.value.message == "Setiap hari hanya boleh diisi satu kali."


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"kind": "", "address": "x"}, "Saluran 1: pilih jenis saluran."),
        ({"kind": "merpati", "address": "x"}, "Saluran 1: pilih jenis saluran."),
        ({"kind": "email", "address": " "}, "Saluran 1: isi alamat atau nomornya."),
    ],
)
def test_channel_validation(
    roles: dict[str, Any], body: Any, row: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.service_hours_set(
            body=body, actor=roles["utama"], days=[], note="", channels=[row]
        )
    assert exc.value.message == message


def test_channel_limit(roles: dict[str, Any], body: Any) -> None:
    rows = [{"kind": "email", "address": f"{n}@x.test"} for n in range(21)]
    with pytest.raises(ValidationError) as exc:
        services.service_hours_set(body=body, actor=roles["utama"], days=[], note="", channels=rows)
    assert exc.value.message == "Paling banyak 20 saluran."


# --- Fees ------------------------------------------------------------------------------------


def test_fees_set_writes_tariffs_and_rows(roles: dict[str, Any], body: Any) -> None:
    items = [{"name": " CD ", "amount": 5000, "unit": "per keping", "note": ""}]
    services.fees_set(body=body, actor=roles["utama"], tariffs=TARIFFS, items=items)
    config = RequestSettings.objects.get(body=body)
    assert config.copy_fee_per_sheet == 500
    assert config.payment_instructions == "Tunai dengan kuitansi."
    assert list(FeeItem.objects.values_list("position", "name", "amount", "unit")) == [
        (1, "CD", 5000, "per keping")
    ]
    event = CharterEvent.objects.get()
    assert event.data == {
        "tariffs": {"copy_fee_per_sheet": 500, "payment_instructions": "Tunai dengan kuitansi."},
        "items": 1,
    }


def test_fees_free_by_default(body: Any) -> None:
    from terbuka.charter import selectors

    tariffs = selectors.fee_tariffs(body)
    assert (tariffs.copy_fee_per_sheet, tariffs.courier_fee, tariffs.post_fee) == (0, 0, 0)


def test_fees_same_twice_is_one_event(roles: dict[str, Any], body: Any) -> None:
    for _ in range(2):
        services.fees_set(
            body=body, actor=roles["utama"], tariffs=TARIFFS, items=[{"name": "CD", "amount": 0}]
        )
    assert CharterEvent.objects.count() == 1
    assert FeeItem.objects.count() == 1


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"name": "", "amount": 1}], "Baris biaya 1: isi nama layanannya."),
        (
            [{"name": "CD", "amount": -1}],
            "Baris biaya 1: biaya harus bilangan bulat 0 atau lebih (0 = gratis).",
        ),
        (
            [{"name": "CD", "amount": None}],
            "Baris biaya 1: biaya harus bilangan bulat 0 atau lebih (0 = gratis).",
        ),
        ([{"name": f"{n}", "amount": 0} for n in range(21)], "Paling banyak 20 baris biaya."),
    ],
)
def test_fee_row_validation(
    roles: dict[str, Any], body: Any, items: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.fees_set(body=body, actor=roles["utama"], tariffs=TARIFFS, items=items)
    assert exc.value.message == message
    assert not RequestSettings.objects.exists()


def test_fee_tariff_must_not_be_negative(roles: dict[str, Any], body: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.fees_set(
            body=body, actor=roles["utama"], tariffs={**TARIFFS, "post_fee": -5}, items=[]
        )
    assert list(exc.value.details["fields"]) == ["post_fee"]
