from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.models import TimeStampedModel

MAX_TITLE_CHARS = 500
# Only the beginning of a long document is indexed and shown in snippets.
MAX_TEXT_CHARS = 200_000


class SearchEntry(TimeStampedModel):
    """One public object in the search index: a DIP entry, a document's text or an answer.

    Written only by `services.index_upsert` / `index_remove`. The engine's own index sits
    beside the table (migration 0002): an FTS5 table kept in step by triggers on SQLite, a
    generated `tsv` column with a GIN index on PostgreSQL. A migration that rebuilds this
    table on SQLite (any field change) drops the triggers and must create them again.
    """

    class Kind(models.TextChoices):
        ENTRY = "entry", _("Informasi publik")
        DOCUMENT = "document", _("Dokumen")
        ANSWER = "answer", _("Jawaban permohonan")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("ID objek"))
    body = models.ForeignKey(
        PublicBody, on_delete=models.CASCADE, related_name="+", verbose_name=_("badan publik")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("judul"), max_length=MAX_TITLE_CHARS)
    text = models.TextField(_("teks"), blank=True)
    url = models.CharField(_("alamat"), max_length=500)
    published_at = models.DateTimeField(_("diterbitkan"))
    info_class = models.CharField(_("klasifikasi informasi"), max_length=32, blank=True)
    doc_type = models.CharField(_("jenis berkas"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    # What the engines index: stems of the title and text, and the filter tokens.
    title_stems = models.TextField(editable=False)
    text_stems = models.TextField(editable=False)
    facets = models.TextField(editable=False)

    class Meta:
        verbose_name = _("entri pencarian")
        verbose_name_plural = _("entri pencarian")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "object_id"), name="search_entry_unique_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.url
