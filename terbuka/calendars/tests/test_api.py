from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

from terbuka.calendars import services
from terbuka.calendars.models import Holiday
from terbuka.calendars.tests.factories import HolidayFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/working-days"


@pytest.fixture
def seeded_2026() -> None:
    services.holidays_seed(years=[2026])


def test_working_days(client: Client, seeded_2026: None) -> None:
    response = client.get(URL, {"start": "2026-03-17", "days": "1"})

    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-03-17",
        "days": 1,
        "due": "2026-03-25",
        "skipped": [
            {"date": "2026-03-18", "name": "Cuti Bersama Hari Suci Nyepi"},
            {"date": "2026-03-19", "name": "Hari Suci Nyepi"},
            {"date": "2026-03-20", "name": "Cuti Bersama Hari Raya Idul Fitri"},
            {"date": "2026-03-21", "name": "Hari Raya Idul Fitri"},
            {"date": "2026-03-22", "name": "Hari kedua dari Hari Raya Idul Fitri"},
            {"date": "2026-03-23", "name": "Cuti Bersama Hari Raya Idul Fitri"},
            {"date": "2026-03-24", "name": "Cuti Bersama Hari Raya Idul Fitri"},
        ],
    }


def test_working_days_friday_plus_one(client: Client) -> None:
    response = client.get(URL, {"start": "2026-01-09", "days": "1"})

    assert response.json() == {
        "start": "2026-01-09",
        "days": 1,
        "due": "2026-01-12",
        "skipped": [
            {"date": "2026-01-10", "name": "Sabtu"},
            {"date": "2026-01-11", "name": "Minggu"},
        ],
    }


def test_working_days_zero(client: Client) -> None:
    response = client.get(URL, {"start": "2026-01-10", "days": "0"})

    assert response.json() == {"start": "2026-01-10", "days": 0, "due": "2026-01-10", "skipped": []}


def test_working_days_region(client: Client) -> None:
    HolidayFactory.create(
        date="2026-04-10", name="Hari Jadi Kota Serang", kind="local", region_code="36.73"
    )

    national = client.get(URL, {"start": "2026-04-09", "days": "1"}).json()
    local = client.get(URL, {"start": "2026-04-09", "days": "1", "region": "36.73.01"}).json()

    assert national["due"] == "2026-04-10"
    assert local["due"] == "2026-04-13"
    assert local["skipped"][0] == {"date": "2026-04-10", "name": "Hari Jadi Kota Serang"}


def test_working_days_follows_the_joint_leave_setting(
    client: Client, seeded_2026: None, settings: LazySettings
) -> None:
    settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING = False

    assert client.get(URL, {"start": "2026-03-17", "days": "1"}).json()["due"] == "2026-03-18"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"start": "2026-02-30", "days": "10"},
            "start",
            "Tanggal mulai tidak valid. Gunakan format TTTT-BB-HH, mis. 2026-01-12.",
        ),
        (
            {"start": "12-01-2026x", "days": "10"},
            "start",
            "Tanggal mulai tidak valid. Gunakan format TTTT-BB-HH, mis. 2026-01-12.",
        ),
        (
            {"start": "9999-12-31", "days": "10"},
            "start",
            "Tanggal mulai harus antara 2000-01-01 dan 2100-12-31.",
        ),
        ({"start": "2026-01-05", "days": "-1"}, "days", "Jumlah hari kerja tidak boleh negatif."),
        ({"start": "2026-01-05", "days": "366"}, "days", "Jumlah hari kerja paling banyak 365."),
        (
            {"start": "2026-01-05", "days": "99999999999999999999999"},
            "days",
            "Jumlah hari kerja paling banyak 365.",
        ),
        (
            {"start": "2026-01-05", "days": "1.5"},
            "days",
            "Jumlah hari kerja harus berupa bilangan bulat.",
        ),
        (
            {"start": "2026-01-05", "days": "1", "region": "36.7"},
            "region",
            "Kode wilayah tidak valid. Gunakan kode Kemendagri, mis. 36 atau 36.73 atau 36.73.01.",
        ),
    ],
)
def test_working_days_422(client: Client, query: dict[str, str], field: str, message: str) -> None:
    response = client.get(URL, query)

    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "validation_error",
            "message": message,
            "details": {"fields": {field: [message]}},
        }
    }


def test_working_days_422_lists_every_error(client: Client) -> None:
    response = client.get(URL, {"start": "kemarin", "days": "-3"})

    error = response.json()["error"]
    assert response.status_code == 422
    assert error["message"] == (
        "Tanggal mulai tidak valid. Gunakan format TTTT-BB-HH, mis. 2026-01-12. "
        "Jumlah hari kerja tidak boleh negatif."
    )
    assert set(error["details"]["fields"]) == {"start", "days"}


def test_working_days_missing_parameter_uses_the_same_shape(client: Client) -> None:
    response = client.get(URL, {"days": "10"})

    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "validation_error"
    assert body["error"]["message"] == "Data yang dikirim tidak valid."
    assert body["error"]["details"]["errors"][0]["loc"] == ["query", "start"]


def test_holidays(client: Client, seeded_2026: None, settings: LazySettings) -> None:
    services.holiday_cancel(holiday=Holiday.objects.get(date="2026-12-24"), actor=None)

    response = client.get("/api/v1/calendar/holidays", {"year": "2026"})

    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 25
    assert rows[0] == {
        "date": "2026-01-01",
        "name": "Tahun Baru Masehi",
        "kind": "national",
        "kind_label": "Hari libur nasional",
        "region_code": "",
        "is_cancelled": False,
        "is_non_working": True,
    }
    by_date = {row["date"]: row for row in rows}
    assert by_date["2026-12-24"]["is_cancelled"] is True
    assert by_date["2026-12-24"]["is_non_working"] is False
    assert by_date["2026-03-20"]["kind"] == "joint_leave"

    settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING = False
    rows = client.get("/api/v1/calendar/holidays", {"year": "2026"}).json()
    assert {row["date"]: row for row in rows}["2026-03-20"]["is_non_working"] is False


def test_holidays_query_count(
    client: Client, seeded_2026: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert client.get("/api/v1/calendar/holidays", {"year": "2026"}).status_code == 200


def test_holidays_default_year(client: Client) -> None:
    import datetime as dt

    import time_machine

    HolidayFactory.create(date="2031-01-01", name="Tahun Baru Masehi")
    with time_machine.travel(dt.datetime(2031, 6, 1, tzinfo=dt.timezone.utc)):
        rows = client.get("/api/v1/calendar/holidays").json()

    assert [row["date"] for row in rows] == ["2031-01-01"]


def test_holidays_bad_year(client: Client) -> None:
    response = client.get("/api/v1/calendar/holidays", {"year": "1999"})

    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "validation_error",
            "message": "Tahun harus antara 2000 dan 2100.",
            "details": {"fields": {"year": ["Tahun di luar jangkauan."]}},
        }
    }
    response = client.get("/api/v1/calendar/holidays", {"year": "dua ribu"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Data yang dikirim tidak valid."


def test_openapi_documents_the_endpoints(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/calendar/working-days"]["get"]
    assert [param["name"] for param in operation["parameters"]] == ["start", "days", "region"]
    assert "WorkingDaysOut" in schema["components"]["schemas"]
    assert "/api/v1/calendar/holidays" in schema["paths"]
