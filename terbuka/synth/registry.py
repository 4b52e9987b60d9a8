"""DIP entries with their documents (about 1 KB of text each) and the search index rows.

Entries are published with a document or two each; every published, non-exempt entry and every
document of it gets its `SearchEntry` row with the stems `search.services.index_upsert` would
store (`stem_text`), and the engine's index is filled afterwards as `search_rebuild` does.
Each version is a one-page PDF of its text (about 1.9 KB) written to the private storage
(`files.py`), so downloads work; its size and SHA-256 are the file's, and its extracted text
is the text the PDF shows. With `--no-files` the rows are the same and no file is written.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from django.db import connection
from django.urls import reverse

from terbuka.registry.models import (
    Document,
    DocumentVersion,
    EntryCounter,
    InfoClass,
    InformationEntry,
    LegalCategory,
)
from terbuka.registry.states import EntryStatus
from terbuka.safety.models import Scan
from terbuka.safety.services import SCANNER_VERSION
from terbuka.search.engines.query import facet_tokens_for_entry
from terbuka.search.models import SearchEntry
from terbuka.search.stemming import stem_text
from terbuka.synth import files
from terbuka.synth.clock import WorkDays, dumps
from terbuka.synth.people import BodyInfo
from terbuka.synth.sink import Sink, next_id
from terbuka.synth.text import Writer

CHUNK = 20_000
DOCUMENT_CHARS = 1000
CLASSES = (
    (InfoClass.BERKALA, LegalCategory.P9_FINANCE),
    (InfoClass.BERKALA, LegalCategory.P9_ACTIVITY),
    (InfoClass.BERKALA, LegalCategory.P9_PROFILE),
    (InfoClass.SETIAP_SAAT, LegalCategory.P11_C),
    (InfoClass.SETIAP_SAAT, LegalCategory.P11_D),
    (InfoClass.SETIAP_SAAT, LegalCategory.P11_E),
    (InfoClass.SERTA_MERTA, LegalCategory.P10),
)
TOPICS = (
    "Laporan keuangan",
    "Rencana kerja dan anggaran",
    "Profil dan struktur organisasi",
    "Standar pelayanan",
    "Daftar kegiatan pembangunan",
    "Perjanjian kerja sama",
    "Peringatan dini bencana",
)
ENTRY_FIELDS = [
    "id", "created_at", "updated_at", "body_id", "unit_id", "number", "title", "summary",
    "info_class", "legal_category", "tags", "holder_official", "responsible_person",
    "produced_when", "produced_where", "available_forms", "retention_period", "year",
    "status", "update_every_months", "last_updated_on", "next_update_due_on",
    "consequence_test_id", "published_at", "withdrawn_at", "withdrawal_reason", "created_by_id",
]  # fmt: skip
SEARCH_FIELDS = [
    "created_at", "updated_at", "kind", "object_id", "body_id", "unit_id", "title", "text",
    "url", "published_at", "info_class", "doc_type", "year", "title_stems", "text_stems",
    "facets",
]  # fmt: skip


def generate(
    sink: Sink,
    rng: random.Random,
    wd: WorkDays,
    bodies: list[BodyInfo],
    *,
    documents: int,
    first_day: int,
    cutoff_day: int,
    progress: Any,
    store: files.Writer,
) -> dict[str, int]:
    """Write about `documents` documents in entries of one or two, with the search rows."""
    writer = Writer(rng)
    entry_id = next_id(InformationEntry)
    document_id = next_id(Document)
    version_id = next_id(DocumentVersion)
    scan_id = next_id(Scan)
    numbers: dict[int, int] = {}
    entries: list[Any] = []
    docs: list[Any] = []
    versions: list[Any] = []
    scans: list[Any] = []
    search: list[Any] = []
    made = 0
    span = cutoff_day - first_day
    facets: dict[tuple[Any, ...], str] = {}
    slugs = {b.pk: b.slug for b in bodies}
    while made < documents:
        body = bodies[rng.randrange(len(bodies))]
        unit = rng.choice(body.units) if body.units else body.utama
        number = numbers.get(body.pk, 0) + 1
        numbers[body.pk] = number
        day = first_day + made * span // max(1, documents)
        published = wd.utc(day, 9 * 60 + rng.randrange(420))
        year = wd.dates[day].year
        klass, category = CLASSES[rng.randrange(len(CLASSES))]
        topic = TOPICS[rng.randrange(len(TOPICS))]
        title = f"{topic} {body.unit_names.get(unit, 'PPID Utama')} tahun {year}"
        summary = writer.sentence(rng.randrange(12, 24))
        periodic = klass == InfoClass.BERKALA
        entries.append(
            (
                entry_id, published, published, body.pk, unit, number, title, summary, klass,
                category, dumps(["sintetis", topic.split()[0].lower()]), "Kepala Bidang",
                "Sekretaris", str(year), "Kantor unit", dumps(["softcopy", "website"]),
                "5 tahun", year, EntryStatus.PUBLISHED, 12 if periodic else None,
                wd.iso[day] if periodic else None,
                wd.dates[min(day + 365, len(wd) - 1)].isoformat() if periodic else None,
                None, published, None, "", body.officer,
            )
        )  # fmt: skip
        url = reverse("registry:entry", kwargs={"body_slug": slugs[body.pk], "number": number})
        entry_text = "\n".join([summary, "sintetis " + topic.split()[0].lower(), "Kepala Bidang"])
        search.append(search_row("entry", entry_id, body.pk, unit, title, entry_text, url,
                              published, klass, "", year, facets))  # fmt: skip
        for _ in range(1 if rng.random() < 0.5 else 2):
            if made >= documents:
                break
            content = writer.text(DOCUMENT_CHARS)
            doc_title = f"{topic} bagian {made % 7 + 1}"
            # The current version is inserted after its document: foreign keys are deferred.
            docs.append((document_id, entry_id, doc_title, version_id, True, published))
            data = files.pdf(doc_title, files.wrap(content))
            digest = hashlib.sha256(data).hexdigest()
            size = len(data)
            name = files.name_for("registry", version_id, ".pdf")
            store.write(name, data)
            # A clean release scan, as `safety` records for every upload.
            scans.append((scan_id, f"{doc_title}.pdf", "pdf", "application/pdf", size, digest,
                          SCANNER_VERSION, 40, published, body.officer))  # fmt: skip
            versions.append(
                (version_id, document_id, 1, name, f"{doc_title}.pdf", "pdf", "application/pdf",
                 size, digest, content, scan_id, True, "", body.officer, published)
            )  # fmt: skip
            scan_id += 1
            search.append(
                search_row("document", document_id, body.pk, unit, f"{doc_title} ({title})",
                        content, reverse("registry:download", kwargs={"pk": version_id}),
                        published, klass, "pdf", year, facets)
            )  # fmt: skip
            document_id += 1
            version_id += 1
            made += 1
        entry_id += 1
        if len(docs) >= CHUNK:
            _flush(sink, entries, docs, versions, search, scans)
            entries, docs, versions, search, scans = [], [], [], [], []
            progress(f"  {made:,} of {documents:,} documents")
    _flush(sink, entries, docs, versions, search, scans)
    sink.insert(EntryCounter, ["body_id", "last"], sorted(numbers.items()))
    _rebuild_index()
    return {"entries": sum(numbers.values()), "documents": made}


def search_row(
    kind: str,
    object_id: int,
    body: int,
    unit: int | None,
    title: str,
    text: str,
    url: str,
    published: str,
    info_class: str,
    doc_type: str,
    year: int,
    cache: dict[tuple[Any, ...], str],
) -> tuple[Any, ...]:
    """A `SearchEntry` row (SEARCH_FIELDS) as `search.services.index_upsert` writes it."""
    key = (kind, body, unit, info_class, doc_type, year)
    facets = cache.get(key)
    if facets is None:
        facets = " ".join(
            facet_tokens_for_entry(
                kind=kind, body_id=body, unit_id=unit, info_class=info_class,
                doc_type=doc_type, year=year,
            )
        )  # fmt: skip
        cache[key] = facets
    return (published, published, kind, object_id, body, unit, title, text, url, published,
            info_class, doc_type, year, stem_text(title), stem_text(text), facets)  # fmt: skip


def _flush(sink: Sink, entries: list[Any], docs: list[Any], versions: list[Any],
           search: list[Any], scans: list[Any]) -> None:  # fmt: skip
    scan_fields = ["id", "filename", "file_type", "content_type", "size", "sha256",
                   "scanner_version", "duration_ms", "created_at", "created_by_id"]  # fmt: skip
    sink.insert(Scan, scan_fields, scans)
    sink.insert(InformationEntry, ENTRY_FIELDS, entries)
    sink.insert(Document, ["id", "entry_id", "title", "current_id", "is_active", "created_at"],
                docs)  # fmt: skip
    sink.insert(
        DocumentVersion,
        ["id", "document_id", "version", "file", "original_name", "file_type", "content_type",
         "size", "sha256", "text", "scan_id", "metadata_stripped", "note", "uploaded_by_id",
         "uploaded_at"],
        versions,
    )  # fmt: skip
    sink.insert(SearchEntry, SEARCH_FIELDS, search)


def _drop_triggers() -> None:
    """SQLite: index in one pass after the load instead of one trigger call per row."""
    if connection.vendor != "sqlite":
        return
    from terbuka.search.engines import sqlite as engine

    with connection.cursor() as cursor:
        for name in engine.TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _rebuild_index() -> None:
    """As `terbuka search_rebuild`: triggers back, FTS5 rebuilt from the table (SQLite)."""
    if connection.vendor != "sqlite":
        return
    from terbuka.search.engines import sqlite as engine

    with connection.cursor() as cursor:
        for name in engine.TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in engine.TRIGGERS:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {engine.FTS_TABLE}({engine.FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608


drop_triggers = _drop_triggers
