"""X4: seeded personal data never reaches a public page, API answer, export, PDF or index.

Synthetic but valid-shape NIKs, phone numbers, e-mail addresses and street addresses are
seeded into requester identities, the texts of requests that are not in the public archive,
objections and a KTP scan. Then everything an anonymous visitor can reach is crawled. UU
24/2013 Pasal 79(3) and 84 protect the NIK; UU 14/2008 Pasal 17 huruf h and UU PDP 27/2022
protect the rest.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from pypdf import PdfReader

from terbuka.qa import matrix
from terbuka.qa.routes import api_fill, fill, parameters, site_routes
from terbuka.qa.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.qa]

# Kota Serang (36.73), kecamatan 01/04, women born 12-03-1991 and 06-11-1985, men 1987/1979.
NIKS = ("3673015203910007", "3673044611850003", "3604120807870011", "3673022802790004")
PHONES = ("081298765432", "085711223344")
EMAILS = ("rahasia.pemohon@contoh.test", "keberatan.pribadi@contoh.test")
ADDRESSES = ("Jl. Melati Rahasia No. 99", "Gang Kenanga Tersembunyi 12")
# A PNG signature then text: the scan is checked by its content type, the text marks a leak.
KTP_SCAN = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0ctEXtKTP\x003673015203910007\x00\x00\x00\x00IEND\xaeB`\x82"
)


def variants() -> dict[str, str]:
    """Each seeded value and the reversible forms it could be printed in."""
    found: dict[str, str] = {}
    for nik in NIKS:
        for form in (
            nik,
            f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}",
            f"{nik[:6]}.{nik[6:12]}.{nik[12:]}",
            f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}",
            f"{nik[:4]}-{nik[4:8]}-{nik[8:12]}-{nik[12:]}",
            nik[:12],  # everything but the serial is the region and birth date
        ):
            found[form] = nik
    for phone in PHONES:
        local = phone[1:]
        for form in (phone, f"+62{local}", f"62{local}", f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"):
            found[form] = phone
    for email in EMAILS:
        found[email] = email
        found[email.split("@")[0]] = email
    for address in ADDRESSES:
        found[address] = address
    return found


@pytest.fixture(scope="module")
def seeded(world: World, django_db_blocker: Any) -> Iterator[World]:
    """Seed the personal data into the world, in a savepoint rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _seed(world, django_db_blocker)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            world.objects.pop("pii_request", None)
            world.objects.pop("pii_identity", None)


def _seed(world: World, django_db_blocker: Any) -> World:
    from django.test import TestCase

    from terbuka.accounts import services as account_services
    from terbuka.accounts.tests.factories import UserFactory, verify_email
    from terbuka.inforequests import services as request_services
    from terbuka.inforequests.models import InformationRequest
    from terbuka.objections import services as objection_services

    with django_db_blocker.unblock(), TestCase.captureOnCommitCallbacks(execute=True):
        body = world.objects["body"]
        unit = world.objects["unit"]
        people = []
        for i, nik in enumerate(NIKS[:2]):
            person = UserFactory.create(email=EMAILS[i], full_name=f"Pemohon Rahasia {i}")
            verify_email(person)
            identity = account_services.identity_create(
                actor=person,
                owner=person,
                kind="perorangan",
                full_name=f"Pemohon Rahasia {i}",
                nik=nik,
                address=ADDRESSES[i],
                phone=PHONES[i],
                email=EMAILS[i],
                proxy_name="Kuasa Rahasia" if i else "",
                proxy_nik=NIKS[3] if i else "",
                ktp_scan=ContentFile(KTP_SCAN, name="ktp.png"),
            )
            people.append((person, identity))
        person, identity = people[0]
        # Requests that are NOT in the public archive, with personal data in their text.
        request = request_services.request_submit(
            actor=person,
            body=body,
            unit=unit,
            details=(
                f"Saya {NIKS[2]}, tinggal di {ADDRESSES[1]}, minta rekam medis ayah saya. "
                f"Hubungi {PHONES[1]} atau {EMAILS[1]}."
            ),
            purpose=f"Keperluan keluarga, NIK ayah {NIKS[2]}.",
            obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
            delivery_method=InformationRequest.DeliveryMethod.EMAIL,
            identity=identity,
        )
        second, second_identity = people[1]
        request_services.request_submit(
            actor=second,
            body=body,
            details=f"Data bansos atas nama saya, NIK {NIKS[1]}, telepon {PHONES[0]}.",
            purpose="Pribadi.",
            obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
            delivery_method=InformationRequest.DeliveryMethod.EMAIL,
            identity=second_identity,
        )
        # Pasal 35(1) huruf b: an objection without a request, with personal data in it.
        objection_services.objection_file(
            actor=person,
            body=body,
            grounds=["b"],
            summary=f"Saya ({NIKS[0]}, {ADDRESSES[0]}) tidak menemukan informasi berkala.",
            information_description=f"Hubungi {EMAILS[0]} / {PHONES[0]}.",
            identity=identity,
        )
        world.objects["pii_request"] = request
        world.objects["pii_identity"] = identity
    return world


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src", "action"} and value and tag != "form":
                self.links.append(value)


CRAWL_LIMIT = 1500
QUERY_VARIANTS = 3
SKIP = ("/akun/logout", "/i18n/", "/admin/", "/static/", "/media/", "/api/v1/docs")


def _texts(response: Any) -> Iterator[str]:
    """The readable text of a response: HTML, CSV, JSON, the XML inside XLSX, PDF text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    yield archive.read(name).decode("utf-8", "replace")
        return
    if content[:5] == b"%PDF-":
        reader = PdfReader(io.BytesIO(content))
        yield "\n".join(page.extract_text() or "" for page in reader.pages)
        yield str(reader.metadata or "")
        return
    yield content.decode("utf-8-sig", "replace")
    if "html" in kind:
        yield re.sub(r"<[^>]+>", "", content.decode("utf-8", "replace"))


def _leaks(text: str, where: str, forms: dict[str, str]) -> list[str]:
    compact = re.sub(r"\s+", " ", text)
    return [f"{where}: {form!r} ({value})" for form, value in forms.items() if form in compact]


def _public_paths(world: World) -> list[str]:
    """Every route the matrix opens to anonymous visitors, with real ids."""
    paths = []
    for pattern, access in matrix.SITE.items():
        if access.get[0] != "A" or pattern in matrix.OPTIONAL:
            continue
        values = matrix.path_values(world, pattern)
        paths.append(fill(pattern, {name: values[name] for name in parameters(pattern)}))
    for (method, path), letters in matrix.API.items():
        if method == "GET" and letters[0] == "A":
            paths.append("/api/v1" + api_fill(path, matrix.path_values(world, path)))
    for key in ("permohonan", "dip", "anggaran", "monev"):
        for fmt in ("csv", "json", "xlsx", "jsonld"):
            paths.append(f"/data/{key}.{fmt}")
    return paths


def test_no_seeded_personal_data_in_public_output(seeded: World) -> None:
    present = {r.pattern for r in site_routes()}
    assert present, "no routes"
    forms = variants()
    client = Client(raise_request_exception=False)
    queue = deque(["/", *_public_paths(seeded)])
    seen: set[str] = set()
    leaks: list[str] = []
    fetched = 0
    queries: Counter[str] = Counter()  # query-string variants fetched per path
    while queue and fetched < CRAWL_LIMIT:
        path = queue.popleft()
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        base, _, query = path.partition("?")
        if query:
            # Filter and page links multiply (unit x class x page): a few of each path suffice,
            # or they eat the budget before the rest of the site is reached.
            queries[base] += 1
            if queries[base] > QUERY_VARIANTS:
                continue
        response = client.get(path)
        fetched += 1
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code != 200:
            continue
        for text in _texts(response):
            leaks.extend(_leaks(text, path, forms))
            if "<a " in text or "<link" in text:
                parser = _Links()
                parser.feed(text)
                for link in parser.links:
                    url = urlsplit(urljoin(path, link))
                    if url.netloc in {"", "testserver"} and url.path.startswith("/"):
                        queue.append(url.path + (f"?{url.query}" if url.query else ""))
    assert fetched > 50, f"the crawl reached only {fetched} pages"
    assert not queue, f"the crawl stopped at {CRAWL_LIMIT} pages with {len(queue)} links left"
    assert not leaks, "\n".join(leaks[:30])


def test_no_seeded_personal_data_in_the_search_index(seeded: World) -> None:
    forms = variants()
    leaks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("search_"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                leaks.extend(_leaks(" ".join(map(str, row)), table, forms))
    assert not leaks, "\n".join(leaks[:30])


def test_officer_pages_mask_identity_and_log_each_reveal(seeded: World) -> None:
    from django.urls import reverse

    from terbuka.accounts.models import IdentityAccessLog

    request = seeded.objects["pii_request"]
    identity = seeded.objects["pii_identity"]
    client = Client()
    client.force_login(seeded.users["pelaksana"])
    page = client.get(reverse("office:detail", kwargs={"pk": request.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert NIKS[0] not in html
    assert PHONES[0] not in html
    assert ADDRESSES[0] not in html
    assert "************0007" in html
    before = IdentityAccessLog.objects.filter(identity=identity).count()
    reveal = client.post(
        reverse("accounts:identity-reveal", kwargs={"pk": identity.pk}),
        {"field": "nik", "reason": "Verifikasi identitas pemohon."},
    )
    assert reveal.status_code < 400
    assert NIKS[0] in reveal.content.decode()
    logs = IdentityAccessLog.objects.filter(identity=identity)
    assert logs.count() == before + 1
    log = logs.latest("viewed_at")
    assert log.viewer == seeded.users["pelaksana"]
    assert log.reason == "Verifikasi identitas pemohon."
