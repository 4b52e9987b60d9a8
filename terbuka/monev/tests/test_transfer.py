"""Rubric templates, rubrics as XLSX (a lossless round trip; unreadable cells named), and the
all-or-nothing history import."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook  # type: ignore[import-untyped]

from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.monev import services, transfer
from terbuka.monev.models import HistoricalResult
from terbuka.monev.rubric import RubricError, parse_rubric
from terbuka.monev.states import CycleStatus
from terbuka.monev.tests.strategies import rubric_json

pytestmark = pytest.mark.django_db
HEADER = "peserta;tahun;penyelenggara;kelompok;nilai;kategori;peringkat;sumber"
KI = "Komisi Informasi Provinsi Banten"


# --- Templates -------------------------------------------------------------------------------


def test_templates_are_valid_rubrics() -> None:
    templates = dict(transfer.rubric_templates())
    assert set(templates) == {"ki_nasional_2025", "monev_internal_kota"}
    for data in templates.values():
        rubric = parse_rubric(data)
        assert rubric.categories[0].name == "Informatif"


def test_the_national_template_has_six_indicators_and_a_panel_stage() -> None:
    rubric = parse_rubric(dict(transfer.rubric_templates())["ki_nasional_2025"])
    # The annex weights of Perki 1/2022 are unconfirmed: the name says they are examples.
    assert "bobot contoh" in rubric.name
    saq, panel = rubric.stages
    assert (saq.weight, panel.weight) == (Decimal(70), Decimal(30))
    assert [i.key for i in saq.indicators] == [
        "kualitas_informasi",
        "jenis_informasi",
        "layanan_informasi",
        "sarana_prasarana",
        "komitmen_organisasi",
        "digitalisasi",
    ]
    assert all(3 <= len(i.questions) <= 6 for i in saq.indicators)
    assert all(q.options and q.evidence for i in saq.indicators for q in i.questions)
    assert panel.indicators
    assert all(not i.questions for i in panel.indicators)


# --- Rubrics as XLSX -------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rubric_json())
def test_xlsx_round_trip(data: dict[str, Any]) -> None:
    rubric = parse_rubric(data)
    assert parse_rubric(transfer.rubric_from_xlsx(transfer.rubric_to_xlsx(rubric))) == rubric


@pytest.mark.parametrize("stem", ["ki_nasional_2025", "monev_internal_kota"])
def test_templates_round_trip_through_xlsx(stem: str) -> None:
    rubric = parse_rubric(dict(transfer.rubric_templates())[stem])
    assert parse_rubric(transfer.rubric_from_xlsx(transfer.rubric_to_xlsx(rubric))) == rubric


def test_the_workbook_has_one_row_per_option_and_a_row_per_panel_indicator(
    rubric_data: dict[str, Any],
) -> None:
    rubric_data["stages"][0]["indicators"][0]["questions"][0]["text"] = "=HYPERLINK(1)"
    workbook = load_workbook(io.BytesIO(transfer.rubric_to_xlsx(parse_rubric(rubric_data))))
    assert workbook.sheetnames == ["rubrik", "kategori", "pertanyaan"]
    rows = list(workbook["pertanyaan"].iter_rows(values_only=True))
    assert rows[0] == transfer.QUESTION_COLUMNS
    # q1: 2 options, q2: 3 options, the presentation indicator: 1 row.
    assert len(rows) == 1 + 2 + 3 + 1
    assert rows[1][:3] == ("saq", "Kuesioner", 70)
    assert rows[1][5] == 0.4
    assert rows[1][7] == "=HYPERLINK(1)"  # text, never a formula
    assert rows[-1][3] == "inovasi"
    assert rows[-1][6:] == (None,) * 7
    assert list(workbook["rubrik"].iter_rows(values_only=True)) == [
        ("name", "year"),
        ("Monev KI Banten", 2026),
    ]


def _edited(rubric_data: dict[str, Any], change: Any) -> bytes:
    workbook = load_workbook(io.BytesIO(transfer.rubric_to_xlsx(parse_rubric(rubric_data))))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _problems(data: bytes) -> dict[str, str]:
    with pytest.raises(RubricError) as caught:
        transfer.rubric_from_xlsx(data)
    return {item["path"]: item["message"] for item in caught.value.details["problems"]}


def test_unreadable_cells_are_named(rubric_data: dict[str, Any]) -> None:
    def change(workbook: Any) -> None:
        questions = workbook["pertanyaan"]
        questions["M3"] = "banyak"  # option_score
        questions["C4"] = 60  # stage_weight differs from row 2
        questions["K5"] = None  # option_key
        questions["I6"] = "berat"  # question_weight
        workbook["kategori"]["B2"] = "sembilan puluh"
        workbook["rubrik"]["B2"] = "2026,5"

    problems = _problems(_edited(rubric_data, change))
    assert set(problems) == {
        "pertanyaan!R3.option_score",
        "pertanyaan!R4.stage_weight",
        "pertanyaan!R5.option_key",
        "pertanyaan!R6.question_weight",
        "kategori!R2.min",
        "rubrik!R2.year",
    }
    assert problems["pertanyaan!R4.stage_weight"] == "Berbeda dari baris 2 untuk kunci yang sama."
    assert problems["pertanyaan!R3.option_score"] == "Harus berupa angka, misalnya 70 atau 0,4."


def test_structure_problems_are_named(rubric_data: dict[str, Any]) -> None:
    def change(workbook: Any) -> None:
        del workbook["kategori"]
        questions = workbook["pertanyaan"]
        questions["K7"] = "ya"  # an option on the panel indicator's row
        questions.append(["saq", "Kuesioner", 70, "jenis", "Jenis informasi", 0.4, "q1"])
        questions.append(["lain", "Lain", 1, "jenis", "Jenis informasi", 1, "q9", "?", 1, "none"])
        questions.append(["saq", "Kuesioner", 70, "jenis", "Jenis", 0.4, "q1", "x", 1, "link"])

    problems = _problems(_edited(rubric_data, change))
    assert problems["kategori"] == "Lembar 'kategori' tidak ada."
    assert "pertanyaan!R7.question_key" in problems
    assert problems["pertanyaan!R8.option_key"] == "Wajib diisi (kunci)."
    assert problems["pertanyaan!R9.indicator_key"] == (
        "Kunci indikator sudah dipakai di baris 2 untuk tahap lain."
    )
    assert "pertanyaan!R10.indicator_name" in problems
    assert "pertanyaan!R10.question_text" in problems


def test_a_duplicate_option_and_a_missing_column(rubric_data: dict[str, Any]) -> None:
    def duplicate(workbook: Any) -> None:
        workbook["pertanyaan"]["K3"] = "ya"

    assert _problems(_edited(rubric_data, duplicate)) == {
        "pertanyaan!R3.option_key": "Pilihan ini sudah ada di baris 2 untuk pertanyaan yang sama."
    }

    def no_score(workbook: Any) -> None:
        workbook["pertanyaan"]["M1"] = "nilai"

    assert list(_problems(_edited(rubric_data, no_score))) == ["pertanyaan!R1"]


def test_a_file_that_is_not_a_workbook() -> None:
    assert list(_problems(b"name;year\nx;2026\n")) == [""]
    assert list(_problems(b"PK\x03\x04 not really a zip")) == [""]


def test_values_read_from_text_cells(rubric_data: dict[str, Any]) -> None:
    def as_text(workbook: Any) -> None:
        questions = workbook["pertanyaan"]
        for row in range(2, questions.max_row + 1):
            questions[f"F{row}"] = "0,4" if questions[f"D{row}"].value == "jenis" else "1"
        workbook["rubrik"]["B2"] = "2026"

    data = transfer.rubric_from_xlsx(_edited(rubric_data, as_text))
    assert data["stages"][0]["indicators"][0]["weight"] == "0.4"
    assert parse_rubric(data) == parse_rubric(rubric_data)


# --- History import --------------------------------------------------------------------------


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def _import(actor: Any, body: Any, data: bytes, filename: str = "riwayat.csv") -> int:
    return transfer.history_import(actor=actor, body=body, data=data, filename=filename)


def _errors(actor: Any, body: Any, data: bytes) -> list[tuple[int, str, str]]:
    with pytest.raises(transfer.ImportFailed) as caught:
        _import(actor, body, data)
    assert caught.value.code == "import_failed"
    return [(e["row"], e["column"], e["message"]) for e in caught.value.details["errors"]]


def test_history_import_reads_indonesian_numbers_and_finds_units(
    body: Any, ppid_utama: Any, kecamatan: list[Any]
) -> None:
    data = _csv(
        f"Pemerintah Kota Uji;2019;{KI};Pemerintah kab/kota;92,5;Informatif;3;https://a.test/1",
        f"Pemerintah Kota Uji;2020;{KI};Pemerintah kab/kota;;Informatif;5;https://a.test/2",
        "kecamatan serang;2024;PPID Utama;Kecamatan;81.25;Menuju Informatif;2;rekap 2024",
        "kec-taktakan;2024;PPID Utama;Kecamatan;70;Cukup Informatif;;",
    )
    assert _import(ppid_utama, body, data) == 4
    rows = {(r.participant_name, r.year): r for r in HistoricalResult.objects.all()}
    city = rows[("Pemerintah Kota Uji", 2019)]
    assert (city.score, city.category, city.rank, city.unit) == (
        Decimal("92.50"),
        "Informatif",
        3,
        None,
    )
    assert rows[("Pemerintah Kota Uji", 2020)].score is None
    serang = rows[("Kecamatan Serang", 2024)]  # matched by name, letter case aside
    assert serang.unit == kecamatan[0]
    assert serang.participant_name == "Kecamatan Serang"
    taktakan = rows[("Kecamatan Taktakan", 2024)]  # matched by slug, recorded by name
    assert (taktakan.unit, taktakan.rank, taktakan.source) == (kecamatan[2], None, "")
    # The same file again changes nothing.
    before = list(HistoricalResult.objects.order_by("id").values())
    assert _import(ppid_utama, body, data) == 0
    assert list(HistoricalResult.objects.order_by("id").values()) == before


def test_history_import_updates_and_keeps_left_out_columns(body: Any, ppid_utama: Any) -> None:
    _import(ppid_utama, body, _csv(f"Kota Uji;2019;{KI};Kab/kota;92,5;Informatif;3;sumber"))
    # Comma-separated, the decimal comma quoted; no kategori, peringkat or sumber column.
    changed = _import(
        ppid_utama,
        body,
        _csv(
            f'KOTA UJI,2019,{KI},Kab/kota,"92,75"',
            header="peserta,tahun,penyelenggara,kelompok,nilai",
        ),
    )
    assert changed == 1
    row = HistoricalResult.objects.get()
    assert (row.participant_name, row.score, row.category, row.rank, row.source) == (
        "KOTA UJI",
        Decimal("92.75"),
        "Informatif",
        3,
        "sumber",
    )


def test_history_import_reports_every_bad_row_and_writes_nothing(
    body: Any, ppid_utama: Any
) -> None:
    next_year = timezone.localdate().year + 1
    data = _csv(
        f"Kota Uji;2019;{KI};;92,5;Informatif;3;",
        f"Kota Uji;2020;{KI};;9x;;;",
        f"Kota Uji;2021;{KI};;92,555;;;",
        f"Kota Uji;2022;{KI};;101;;;",
        f"Kota Uji;1999;{KI};;90;;;",
        f"Kota Uji;{next_year};{KI};;90;;;",
        f"Kota Uji;dua ribu;{KI};;90;;0;",
        f"kota uji;2019;{KI};;93;;;",
        ";2023;;;;;;",
        f"Kota Uji;2023;{KI};;90;;;;ekstra",
    )
    assert _errors(ppid_utama, body, data) == [
        (3, "nilai", "Nilai harus berupa angka, misalnya 92,5."),
        (4, "nilai", "Nilai paling banyak dua angka desimal."),
        (5, "nilai", "Nilai harus antara 0 dan 100."),
        (6, "tahun", f"Tahun harus antara 2008 dan {next_year - 1}."),
        (7, "tahun", f"Tahun harus antara 2008 dan {next_year - 1}."),
        (8, "tahun", "Tahun harus bilangan bulat, misalnya 2025."),
        (8, "peringkat", "Peringkat harus bilangan bulat mulai dari 1."),
        (
            9,
            "peserta",
            "Baris ini mengulang baris 2: peserta, tahun dan penyelenggara yang sama.",
        ),
        (10, "peserta", "Wajib diisi."),
        (10, "penyelenggara", "Wajib diisi."),
        (
            11,
            "",
            "Baris ini punya 9 sel, lebih banyak dari 8 kolom judul. Apit nilai yang memuat "
            "koma dengan tanda kutip, atau pakai pemisah titik koma (;).",
        ),
    ]
    assert not HistoricalResult.objects.exists()


def test_history_import_checks_the_header(body: Any, ppid_utama: Any) -> None:
    assert _errors(ppid_utama, body, _csv("Kota Uji;2019", header="peserta;tahun;skor")) == [
        (
            1,
            "skor",
            "Kolom tidak dikenal. Kolom yang dikenal: peserta, tahun, penyelenggara, kelompok, "
            "nilai, kategori, peringkat, sumber.",
        ),
        (1, "penyelenggara", "Kolom wajib tidak ada pada baris judul."),
    ]
    assert _errors(ppid_utama, body, _csv()) == [(2, "", "Tidak ada baris data.")]
    with pytest.raises(ValidationError) as latin:
        _import(ppid_utama, body, _csv(f"Kota Uji;2019;{KI}").replace(b"Uji", b"Uj\xe9"))
    assert latin.value.code in {"import_unreadable", "file_type_not_allowed"}


def test_only_organisers_import_history(
    body: Any, unit_officer: Any, evaluator: Any, ppid_utama: Any
) -> None:
    data = _csv(f"Kota Uji;2019;{KI};;92,5;;;")
    for actor in (unit_officer, evaluator):
        with pytest.raises(PermissionDenied):
            _import(actor, body, data)
    assert not HistoricalResult.objects.exists()
    assert _import(ppid_utama, body, data) == 1


def test_results_of_an_announced_cycle_are_not_overwritten(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    cycle = services.cycle_create(
        actor=ppid_utama,
        body=body,
        name="Monev internal 2024",
        year=2024,
        rubric=rubric_data,
        participants=kecamatan[:1],
        open_questionnaire=True,
    )
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=CycleStatus.VERIFICATION)
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=CycleStatus.ANNOUNCED)
    recorded = HistoricalResult.objects.get()
    same = f"Kecamatan Serang;2024;{recorded.organiser}"
    assert _import(ppid_utama, body, _csv(same, header="peserta;tahun;penyelenggara")) == 0
    errors = _errors(
        ppid_utama, body, _csv(f"{same};99", header="peserta;tahun;penyelenggara;nilai")
    )
    assert errors == [
        (
            2,
            "",
            "Hasil ini tercatat dari siklus 'Monev internal 2024' yang sudah diumumkan; ubah "
            "lewat siklusnya, bukan lewat impor.",
        )
    ]
    recorded.refresh_from_db()
    assert recorded.score == Decimal("0.00")
