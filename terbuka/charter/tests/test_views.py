from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.charter import services
from terbuka.charter.models import Charter, CharterEvent, FeeItem, Procedure, ServiceDay
from terbuka.charter.tests.conftest import CHANNELS, CHARTER_PARTS, TARIFFS, WEEK
from terbuka.inforequests.models import RequestSettings

pytestmark = pytest.mark.django_db


def _client(user: Any | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _fill(body: Any, actor: Any) -> None:
    services.charter_establish(body=body, actor=actor, based_on=None, **CHARTER_PARTS)
    services.charter_establish(
        body=body, actor=actor, based_on=1, **{**CHARTER_PARTS, "guarantee": "Jaminan kedua."}
    )
    services.procedure_update(
        body=body, kind="permohonan", actor=actor, steps="Datang ke meja.", requirements="KTP"
    )
    services.service_hours_set(
        body=body, actor=actor, days=WEEK, note="Tutup libur.", channels=CHANNELS
    )
    services.fees_set(
        body=body,
        actor=actor,
        tariffs=TARIFFS,
        items=[{"name": "Salinan CD", "amount": 5000, "unit": "per keping"}],
    )


# --- Public pages ----------------------------------------------------------------------------


def test_public_page_shows_everything(roles: dict[str, Any], body: Any) -> None:
    _fill(body, roles["utama"])
    response = _client().get(reverse("charter:detail", args=[body.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Layanan informasi Pemerintah Kota Uji" in html
    assert "Jaminan kedua." in html
    assert "Versi 2" in html
    assert reverse("charter:version", args=[body.slug, 1]) in html
    assert "Senin" in html
    assert "08.00\u201316.00" in html
    assert "12.00\u201313.00" in html
    assert "ppid@kota-uji.test" in html
    assert "Rp500" in html
    assert "Rp5.000" in html
    assert "Gratis" in html
    assert "Tunai dengan kuitansi." in html
    for kind in ("permohonan", "keberatan", "sengketa"):
        assert reverse("charter:procedure", args=[body.slug, kind]) in html
    assert reverse("registry:exempt", args=[body.slug]) in html
    assert "Format aksesibel" in html


def test_public_page_before_anything_is_set(body: Any, ppid_utama_unit: Any) -> None:
    ppid_utama_unit.service_hours = "Senin-Jumat 08.00-15.00"
    ppid_utama_unit.save(update_fields=["service_hours"])
    html = _client().get(reverse("charter:detail", args=[body.slug])).content.decode()
    assert "belum mengumumkan maklumat pelayanannya" in html
    assert "Senin-Jumat 08.00-15.00" in html
    assert "Format aksesibel" not in html


def test_public_page_query_count(
    roles: dict[str, Any], body: Any, django_assert_max_num_queries: Any
) -> None:
    _fill(body, roles["utama"])
    for n in range(3):
        services.charter_establish(
            body=body,
            actor=roles["utama"],
            based_on=2 + n,
            **{**CHARTER_PARTS, "guarantee": f"Jaminan {n}."},
        )
    client = _client()
    url = reverse("charter:detail", args=[body.slug])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_old_version_page(roles: dict[str, Any], body: Any) -> None:
    _fill(body, roles["utama"])
    response = _client().get(reverse("charter:version", args=[body.slug, 1]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maklumat pelayanan versi 1" in html
    assert "Versi ini sudah tidak berlaku; yang berlaku adalah versi 2." in html
    assert "Informasi diberikan tepat waktu." in html


def test_missing_version_is_404(roles: dict[str, Any], body: Any) -> None:
    _fill(body, roles["utama"])
    assert _client().get(reverse("charter:version", args=[body.slug, 9])).status_code == 404


def test_procedure_page_with_the_bodys_text(roles: dict[str, Any], body: Any) -> None:
    _fill(body, roles["utama"])
    response = _client().get(reverse("charter:procedure", args=[body.slug, "permohonan"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Prosedur Permohonan informasi · Pemerintah Kota Uji" in html
    assert "<li>Datang ke meja.</li>" in html
    assert "<li>KTP</li>" in html
    assert "paling lambat 10 hari kerja sejak permohonan diterima" in html
    assert "Paling lama seluruhnya 17 hari kerja." in html
    assert "UU 14/2008 Pasal 22 ayat (8)" in html
    assert "Format aksesibel" in html


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("keberatan", "paling lambat 30 hari kerja sejak keberatan diterima"),
        ("sengketa", "Sengketa diselesaikan paling lambat 100 hari kerja."),
    ],
)
def test_procedure_page_defaults_from_the_law(body: Any, kind: str, text: str) -> None:
    response = _client().get(reverse("charter:procedure", args=[body.slug, kind]))
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "badan publik ini belum menuliskan prosedurnya sendiri" in html


def test_objection_page_lists_the_grounds(body: Any) -> None:
    html = (
        _client().get(reverse("charter:procedure", args=[body.slug, "keberatan"])).content.decode()
    )
    assert "Pengenaan biaya yang tidak wajar" in html


@pytest.mark.parametrize(
    "url",
    [
        ("charter:detail", ["tidak-ada"]),
        ("charter:procedure", ["tidak-ada", "permohonan"]),
        ("charter:procedure", ["kota-uji", "banding"]),
        ("charter:version", ["tidak-ada", 1]),
    ],
)
def test_public_404(body: Any, url: tuple[str, list[Any]]) -> None:
    assert _client().get(reverse(url[0], args=url[1])).status_code == 404


# --- Back office -----------------------------------------------------------------------------

OFFICE_PAGES = [
    ("charter_office:home", []),
    ("charter_office:charter-edit", []),
    ("charter_office:procedure-edit", ["keberatan"]),
    ("charter_office:hours-edit", []),
    ("charter_office:fees-edit", []),
]


@pytest.mark.parametrize(("name", "extra"), OFFICE_PAGES)
@pytest.mark.parametrize("role", ["utama", "admin", "superuser"])
def test_office_pages_open_for_editors(
    roles: dict[str, Any], body: Any, name: str, extra: list[str], role: str
) -> None:
    _fill(body, roles["utama"])
    response = _client(roles[role]).get(reverse(name, args=[body.slug, *extra]))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "extra"), OFFICE_PAGES)
@pytest.mark.parametrize(
    "role", ["citizen", "pelaksana", "petugas", "atasan", "evaluator", "other_body"]
)
def test_office_pages_refuse_others(
    roles: dict[str, Any], body: Any, name: str, extra: list[str], role: str
) -> None:
    url = reverse(name, args=[body.slug, *extra])
    client = _client(roles[role])
    for response in (client.get(url), client.post(url, {"steps": "x"})):
        assert response.status_code == 403
        assert "Hanya PPID Utama atau admin badan publik ini" in response.content.decode()
    assert not CharterEvent.objects.exists()


@pytest.mark.parametrize(("name", "extra"), OFFICE_PAGES)
def test_office_pages_send_anonymous_to_sign_in(body: Any, name: str, extra: list[str]) -> None:
    response = _client().get(reverse(name, args=[body.slug, *extra]))
    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_office_unknown_body_and_kind(roles: dict[str, Any], body: Any) -> None:
    client = _client(roles["superuser"])
    assert client.get(reverse("charter_office:home", args=["tidak-ada"])).status_code == 404
    url = reverse("charter_office:procedure-edit", args=[body.slug, "banding"])
    assert client.get(url).status_code == 404


def test_office_home_query_count(
    roles: dict[str, Any], body: Any, django_assert_max_num_queries: Any
) -> None:
    _fill(body, roles["utama"])
    client = _client(roles["utama"])
    url = reverse("charter_office:home", args=[body.slug])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def _charter_post(**changes: Any) -> dict[str, Any]:
    data = {**CHARTER_PARTS, "established_on": "2025-01-06", **changes}
    return {k: v for k, v in data.items() if v is not None}


def test_charter_form_creates_a_version_once(roles: dict[str, Any], body: Any) -> None:
    client = _client(roles["utama"])
    url = reverse("charter_office:charter-edit", args=[body.slug])
    home = reverse("charter_office:home", args=[body.slug])
    first = client.post(url, _charter_post(), follow=True)
    assert first.redirect_chain == [(home, 303)]
    assert "Maklumat pelayanan versi 1 disimpan dan diumumkan." in first.content.decode()
    again = client.post(url, _charter_post())
    assert again.status_code == 303
    assert Charter.objects.count() == 1
    page = client.get(url).content.decode()
    assert 'name="based_on" value="1"' in page
    client.post(url, _charter_post(based_on=1, fees="Gratis sepenuhnya."))
    assert list(Charter.objects.values_list("version", flat=True)) == [2, 1]


def test_charter_form_errors(roles: dict[str, Any], body: Any) -> None:
    client = _client(roles["utama"])
    url = reverse("charter_office:charter-edit", args=[body.slug])
    response = client.post(url, _charter_post(legal_basis="", established_on="kemarin"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Bagian ini wajib diisi." in html
    assert "Tulis tanggal dengan format HHHH-BB-TT." in html
    assert not Charter.objects.exists()


def test_charter_form_stale(roles: dict[str, Any], body: Any) -> None:
    _fill(body, roles["utama"])
    response = _client(roles["admin"]).post(
        reverse("charter_office:charter-edit", args=[body.slug]),
        _charter_post(based_on=1, fees="Lain."),
    )
    assert response.status_code == 422
    assert "sudah diubah (kini versi 2)" in response.content.decode()


def test_procedure_form(roles: dict[str, Any], body: Any) -> None:
    client = _client(roles["utama"])
    url = reverse("charter_office:procedure-edit", args=[body.slug, "sengketa"])
    page = client.get(url).content.decode()
    assert "Komisi Informasi" in page
    assert "14 hari kerja" in page
    assert client.post(url, {"steps": "Ajukan ke KI Banten."}).status_code == 303
    assert Procedure.objects.get().steps == "Ajukan ke KI Banten."
    response = client.post(url, {"steps": ""})
    assert response.status_code == 422
    assert "Tuliskan paling sedikit satu langkah." in response.content.decode()


def _hours_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "saluran-TOTAL_FORMS": "2",
        "saluran-INITIAL_FORMS": "0",
        "saluran-MIN_NUM_FORMS": "0",
        "saluran-MAX_NUM_FORMS": "20",
        "saluran-0-kind": "email",
        "saluran-0-address": "ppid@kota-uji.test",
        "note": "Tutup hari libur.",
    }
    for day in range(5):
        data |= {f"opens_{day}": "08:00", f"closes_{day}": "16:00"}
    data |= {"break_start_4": "11:30", "break_end_4": "13:00"}
    return data | changes


def test_hours_form(roles: dict[str, Any], body: Any, ppid_utama_unit: Any) -> None:
    client = _client(roles["utama"])
    url = reverse("charter_office:hours-edit", args=[body.slug])
    assert client.post(url, _hours_post()).status_code == 303
    assert ServiceDay.objects.count() == 5
    ppid_utama_unit.refresh_from_db()
    assert ppid_utama_unit.service_hours.startswith("Senin-Kamis 08.00-16.00\nJumat")
    page = client.get(url).content.decode()
    assert 'value="08:00"' in page
    assert 'value="ppid@kota-uji.test"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_1": "07:00"}, "Selasa: jam buka harus sebelum jam tutup."),
        ({"opens_2": "jam delapan"}, "Tulis jam dengan format JJ:MM."),
        ({"saluran-1-address": "0254 200001"}, "Pilih jenis saluran."),
        ({"saluran-1-kind": "telepon"}, "Isi alamat atau nomornya."),
    ],
)
def test_hours_form_errors(
    roles: dict[str, Any], body: Any, changes: dict[str, str], message: str
) -> None:
    response = _client(roles["utama"]).post(
        reverse("charter_office:hours-edit", args=[body.slug]), _hours_post(**changes)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ServiceDay.objects.exists()


def _fees_post(**changes: Any) -> dict[str, Any]:
    data = {
        "biaya-TOTAL_FORMS": "2",
        "biaya-INITIAL_FORMS": "0",
        "biaya-MIN_NUM_FORMS": "0",
        "biaya-MAX_NUM_FORMS": "20",
        "biaya-0-name": "Salinan CD",
        "biaya-0-amount": "5000",
        "biaya-0-unit": "per keping",
        "copy_fee_per_sheet": "500",
        "courier_fee": "0",
        "post_fee": "0",
        "fax_fee": "0",
        "payment_instructions": "Tunai.",
    }
    return data | changes


def test_fees_form(roles: dict[str, Any], body: Any) -> None:
    client = _client(roles["utama"])
    url = reverse("charter_office:fees-edit", args=[body.slug])
    assert client.post(url, _fees_post()).status_code == 303
    assert RequestSettings.objects.get().copy_fee_per_sheet == 500
    assert FeeItem.objects.get().amount == 5000
    assert client.post(url, _fees_post()).status_code == 303
    assert CharterEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"copy_fee_per_sheet": "-1"}, "Biaya tidak boleh negatif."),
        ({"copy_fee_per_sheet": ""}, "Isi biayanya; tulis 0 bila gratis."),
        ({"biaya-1-amount": "100"}, "Isi nama layanannya."),
        ({"biaya-1-name": "Salinan flashdisk"}, "Isi biayanya; tulis 0 bila gratis."),
    ],
)
def test_fees_form_errors(
    roles: dict[str, Any], body: Any, changes: dict[str, str], message: str
) -> None:
    response = _client(roles["utama"]).post(
        reverse("charter_office:fees-edit", args=[body.slug]), _fees_post(**changes)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not FeeItem.objects.exists()


def _error_of(html: str, field_id: str) -> str:
    """The text of the error paragraph tied to one input (see partials/_field.html)."""
    start = html.index(f'id="{field_id}_error">') + len(f'id="{field_id}_error">')
    return html[start : html.index("</p>", start)]


def test_hours_row_error_lands_on_its_row(roles: dict[str, Any], body: Any) -> None:
    # The first row left empty used to make the second row's error say "Saluran 1".
    changes = {
        "saluran-TOTAL_FORMS": "3",
        "saluran-0-kind": "",
        "saluran-0-address": "",
        "saluran-1-address": "0254 200001",
    }
    response = _client(roles["utama"]).post(
        reverse("charter_office:hours-edit", args=[body.slug]), _hours_post(**changes)
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _error_of(html, "id_saluran-1-kind") == "Pilih jenis saluran."
    assert 'id="id_saluran-0-kind_error"' not in html
    # The form itself is valid: the summary at the top still points at the marked row.
    assert 'class="notice notice-error" role="alert"' in html
    assert "Periksa kembali isian yang ditandai." in html
    assert "<legend>Saluran 2</legend>" in html


def test_fees_row_error_lands_on_its_row(roles: dict[str, Any], body: Any) -> None:
    changes = {
        "biaya-TOTAL_FORMS": "3",
        "biaya-0-name": "",
        "biaya-0-amount": "",
        "biaya-0-unit": "",
        "biaya-2-name": "Salinan flashdisk",
    }
    response = _client(roles["utama"]).post(
        reverse("charter_office:fees-edit", args=[body.slug]), _fees_post(**changes)
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _error_of(html, "id_biaya-2-amount") == "Isi biayanya; tulis 0 bila gratis."
    assert 'id="id_biaya-0-name_error"' not in html
    assert "Periksa kembali isian yang ditandai." in html
    assert "<legend>Baris 3</legend>" in html
    assert not FeeItem.objects.exists()


def test_formset_only_errors_show_the_summary(roles: dict[str, Any], body: Any) -> None:
    # Too many rows is an error of the formset itself, not of any row or of the form.
    rows = {f"biaya-{i}-name": f"Layanan {i}" for i in range(21)} | {
        f"biaya-{i}-amount": "0" for i in range(21)
    }
    response = _client(roles["utama"]).post(
        reverse("charter_office:fees-edit", args=[body.slug]),
        _fees_post(**{"biaya-TOTAL_FORMS": "21", **rows}),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="notice notice-error" role="alert"' in html
    assert not FeeItem.objects.exists()


def test_valid_pages_have_no_error_summary(roles: dict[str, Any], body: Any) -> None:
    client = _client(roles["utama"])
    for name in ("hours-edit", "fees-edit"):
        html = client.get(reverse(f"charter_office:{name}", args=[body.slug])).content.decode()
        assert "notice-error" not in html


def test_dashboard_links_the_office(roles: dict[str, Any], body: Any) -> None:
    html = _client(roles["utama"]).get(reverse("bodies:dashboard")).content.decode()
    assert reverse("charter_office:home", args=[body.slug]) in html
