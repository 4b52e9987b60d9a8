"""The rubric library and the history import pages through the client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from terbuka.monev import transfer
from terbuka.monev.models import HistoricalResult, Rubric
from terbuka.monev.rubric import parse_rubric

pytestmark = pytest.mark.django_db

RUBRICS = reverse("monev_office:rubrics")
HISTORY = reverse("monev_office:history")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_upload_json_and_xlsx_rubrics_and_download_them(
    ppid_utama: Any, rubric_data: dict[str, Any]
) -> None:
    client = _login(ppid_utama)
    page = client.get(RUBRICS)
    assert page.status_code == 200
    assert "ki_nasional_2025" in page.content.decode()
    token = "3f1c2a7e-2b7d-4a51-9f0e-0d3a4e9b6c11"
    sent = client.post(
        RUBRICS,
        {
            "action": "unggah",
            "file": SimpleUploadedFile("r.json", json.dumps(rubric_data).encode()),
            "source": "KI Banten",
            "form_token": token,
        },
    )
    assert sent.status_code == 303
    again = client.post(
        RUBRICS,
        {
            "action": "unggah",
            "file": SimpleUploadedFile("r.json", json.dumps(rubric_data).encode()),
            "form_token": token,
        },
    )
    assert again.status_code == 303
    stored = Rubric.objects.get()
    assert stored.source == "KI Banten"
    xlsx = client.get(reverse("monev_office:rubric-download", args=[stored.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert parse_rubric(transfer.rubric_from_xlsx(xlsx.content)) == parse_rubric(rubric_data)
    copy = client.post(
        RUBRICS,
        {
            "action": "unggah",
            "file": SimpleUploadedFile("r.xlsx", xlsx.content),
            "form_token": "9b2d7c1e-5a44-4c1b-8f7e-1a2b3c4d5e6f",
        },
    )
    assert copy.status_code == 303
    assert Rubric.objects.count() == 2
    as_json = client.get(reverse("monev_office:rubric-download", args=[stored.pk, "json"]))
    assert json.loads(as_json.content)["name"] == rubric_data["name"]


def test_a_bad_rubric_lists_every_problem(ppid_utama: Any, rubric_data: dict[str, Any]) -> None:
    broken = {**rubric_data, "categories": [], "name": ""}
    response = _login(ppid_utama).post(
        RUBRICS,
        {
            "action": "unggah",
            "file": SimpleUploadedFile("r.json", json.dumps(broken).encode()),
            "form_token": "0b2d7c1e-5a44-4c1b-8f7e-1a2b3c4d5e6f",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<code>categories</code>" in html
    assert "<code>name</code>" in html
    not_json = _login(ppid_utama).post(
        RUBRICS,
        {
            "action": "unggah",
            "file": SimpleUploadedFile("r.json", b"{nope"),
            "form_token": "1b2d7c1e-5a44-4c1b-8f7e-1a2b3c4d5e6f",
        },
    )
    assert not_json.status_code == 422
    assert Rubric.objects.count() == 0


def test_a_template_is_copied_into_the_library(ppid_utama: Any, body: Any) -> None:
    response = _login(ppid_utama).post(
        RUBRICS, {"action": "templat", "templat": "ki_nasional_2025", "form_token": "x"}
    )
    assert response.status_code == 303
    rubric = Rubric.objects.get()
    assert rubric.body == body
    assert rubric.source.endswith("ki_nasional_2025")
    missing = _login(ppid_utama).post(RUBRICS, {"action": "templat", "templat": "nope"})
    assert missing.status_code == 404


def test_only_organisers(unit_officer: Any, evaluator: Any, client: Client) -> None:
    assert _login(unit_officer).get(RUBRICS).status_code == 403
    assert _login(evaluator).get(HISTORY).status_code == 403
    assert client.get(RUBRICS).status_code == 302


def test_history_import_all_or_nothing(ppid_utama: Any, body: Any) -> None:
    client = _login(ppid_utama)
    assert client.get(HISTORY).status_code == 200
    template = client.get(reverse("monev_office:history-template"))
    assert template.status_code == 200
    good = (
        b"peserta;tahun;penyelenggara;kelompok;nilai;kategori;peringkat;sumber\n"
        b"Pemerintah Kota Uji;2019;KI Banten;Kab/Kota;92,5;Informatif;3;berita\n"
        b"Pemerintah Kota Uji;2020;KI Banten;Kab/Kota;;Informatif;5;berita\n"
    )
    bad = good + b"Pemerintah Kota Uji;20x9;KI Banten;;9x;;;\n"
    refused = client.post(
        HISTORY,
        {
            "file": SimpleUploadedFile("h.csv", bad),
            "form_token": "2b2d7c1e-5a44-4c1b-8f7e-1a2b3c4d5e6f",
        },
    )
    assert refused.status_code == 422
    assert "tahun" in refused.content.decode()
    assert HistoricalResult.objects.count() == 0
    done = client.post(
        HISTORY,
        {
            "file": SimpleUploadedFile("h.csv", good),
            "form_token": "3b2d7c1e-5a44-4c1b-8f7e-1a2b3c4d5e6f",
        },
    )
    assert done.status_code == 303
    assert done["Location"] == reverse("monev:body", args=[body.slug])
    assert HistoricalResult.objects.count() == 2


def test_the_organiser_extends_the_questionnaire(
    body: Any, ppid_utama: Any, evaluator: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    from terbuka.monev import services

    cycle = services.cycle_create(
        actor=ppid_utama,
        body=body,
        name="Monev",
        year=2026,
        rubric=rubric_data,
        participants=kecamatan,
        open_questionnaire=True,
    )
    url = reverse("monev_office:cycle-reschedule", args=[cycle.pk])
    page = _login(ppid_utama).get(reverse("monev_office:cycle", args=[cycle.pk]))
    assert url in page.content.decode()
    done = _login(ppid_utama).post(url, {"questionnaire_closes_on": "2026-09-30"})
    assert done.status_code == 303
    cycle.refresh_from_db()
    assert str(cycle.questionnaire_closes_on) == "2026-09-30"
    wrong = _login(ppid_utama).post(
        url, {"questionnaire_opens_on": "2026-10-01", "questionnaire_closes_on": "2026-09-01"}
    )
    assert wrong.status_code == 303
    cycle.refresh_from_db()
    assert cycle.questionnaire_opens_on is None
    assert _login(evaluator).post(url, {"questionnaire_closes_on": "2026-12-31"}).status_code == 403
