"""Monev (Perki 1/2022): rubrics as data, evaluation cycles, participants' answers with evidence,
verification and contests, panel scores, results, history, improvement actions and meetings.

Rubrics are kept as their JSON (`rubric.py` parses and checks it); answers and panel scores name
the rubric's question and indicator keys. A cycle's rubric is fixed once the questionnaire
opens, so keys never dangle.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel
from terbuka.monev.states import ActionStatus, ContestStatus, CycleStatus, Verification


def _private_storage() -> Any:
    # Evidence files are served only by the download view, as attachments (see registry).
    return storages["private"]


class Rubric(TimeStampedModel):
    """A rubric in the exchange format (`rubric.py`), for a body or shared (body empty)."""

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monev_rubrics",
        verbose_name=_("badan publik"),
    )
    name = models.CharField(_("nama rubrik"), max_length=300)
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    definition = models.JSONField(_("definisi"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rubrik monev")
        verbose_name_plural = _("rubrik monev")
        ordering = ("-year", "name", "id")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class EvaluationCycle(TimeStampedModel):
    """One year's evaluation by an organiser over a set of participants."""

    Status = CycleStatus

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="monev_cycles",
        verbose_name=_("badan publik"),
    )
    name = models.CharField(_("nama siklus"), max_length=300)
    year = models.PositiveSmallIntegerField(_("tahun"))
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("rubrik")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    questionnaire_opens_on = models.DateField(_("kuesioner dibuka"), null=True, blank=True)
    questionnaire_closes_on = models.DateField(_("kuesioner ditutup"), null=True, blank=True)
    verification_closes_on = models.DateField(_("verifikasi selesai"), null=True, blank=True)
    objection_closes_on = models.DateField(_("masa sanggah berakhir"), null=True, blank=True)
    presentation_on = models.DateField(_("presentasi / visitasi"), null=True, blank=True)
    announced_on = models.DateField(_("pengumuman"), null=True, blank=True)
    computed_at = models.DateTimeField(_("terakhir dihitung"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("siklus monev")
        verbose_name_plural = _("siklus monev")
        ordering = ("-year", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in CycleStatus]),
                name="monev_cycle_status_valid",
            ),
        ]
        indexes = [models.Index(fields=("body", "year", "status"), name="monev_cycle_body")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Participant(models.Model):
    """A unit evaluated in a cycle, in a group (OPD, kecamatan, kelurahan ...)."""

    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.CASCADE, related_name="participants"
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        related_name="monev_participations",
        verbose_name=_("unit"),
    )
    group = models.CharField(_("kelompok"), max_length=100)
    submitted_at = models.DateTimeField(_("waktu kirim"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("peserta monev")
        verbose_name_plural = _("peserta monev")
        ordering = ("cycle", "group", "unit__name")
        constraints = [
            models.UniqueConstraint(fields=("cycle", "unit"), name="monev_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.cycle})"


class Answer(models.Model):
    """A participant's answer to one question, and its verification."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(_("pertanyaan"), max_length=64)
    option_key = models.CharField(_("jawaban"), max_length=64)
    note = models.TextField(_("keterangan"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("waktu jawab"))
    verification = models.CharField(
        _("verifikasi"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    verified_option_key = models.CharField(_("jawaban hasil verifikasi"), max_length=64, blank=True)
    verification_note = models.TextField(_("catatan verifikasi"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)

    class Meta:
        verbose_name = _("jawaban monev")
        verbose_name_plural = _("jawaban monev")
        ordering = ("participant", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("participant", "question_key"), name="monev_answer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(verification__in=[v.value for v in Verification]),
                name="monev_answer_verification_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.effective_option}"

    @property
    def effective_option(self) -> str:
        """What counts: the evaluator's option once changed, else the participant's."""
        if self.verification == Verification.CHANGED and self.verified_option_key:
            return self.verified_option_key
        return self.option_key


class Evidence(models.Model):
    """A link or a PDF backing an answer; Terbuka's own proposals say where they came from."""

    class Kind(models.TextChoices):
        LINK = "link", _("Tautan")
        PDF = "pdf", _("Berkas PDF")

    class Source(models.TextChoices):
        PARTICIPANT = "participant", _("Diunggah peserta")
        TERBUKA = "terbuka", _("Diusulkan dari data Terbuka")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    file = models.FileField(
        _("berkas"), upload_to="monev/%Y/%m/", storage=_private_storage, blank=True
    )
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("ukuran (bita)"), default=0)
    source = models.CharField(
        _("asal"), max_length=20, choices=Source.choices, default=Source.PARTICIPANT
    )
    source_detail = models.TextField(_("keterangan asal"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("waktu ditambahkan"))

    class Meta:
        verbose_name = _("bukti monev")
        verbose_name_plural = _("bukti monev")
        ordering = ("answer", "id")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="link") & ~models.Q(url=""))
                | (models.Q(kind="pdf") & ~models.Q(file="")),
                name="monev_evidence_has_content",
            )
        ]

    def __str__(self) -> str:
        return self.url or self.original_name


class Contest(models.Model):
    """A participant's objection (sanggahan) to a verification, decided by an evaluator."""

    Status = ContestStatus

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="contests")
    reason = models.TextField(_("alasan sanggahan"))
    requested_option_key = models.CharField(_("jawaban yang diminta"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=ContestStatus.choices, default=ContestStatus.OPEN
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("waktu diajukan"))
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("waktu diputuskan"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanggahan monev")
        verbose_name_plural = _("sanggahan monev")
        ordering = ("-filed_at", "-id")
        constraints = [
            # One open contest per answer at a time.
            models.UniqueConstraint(
                fields=("answer",),
                condition=models.Q(status="open"),
                name="monev_contest_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer} ({self.get_status_display()})"


class IndicatorScore(models.Model):
    """A panel's score for an indicator scored directly (presentation, visit)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="indicator_scores"
    )
    indicator_key = models.CharField(_("indikator"), max_length=64)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    note = models.TextField(_("catatan"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("waktu dinilai"))

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        constraints = [
            models.UniqueConstraint(
                fields=("participant", "indicator_key"), name="monev_indicator_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="monev_indicator_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_key}: {self.score}"


class Result(models.Model):
    """A participant's computed score, category and ranks (replaced on every computation)."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="result")
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    category = models.CharField(_("kategori"), max_length=300)
    rank = models.PositiveIntegerField(_("peringkat dalam kelompok"))
    overall_rank = models.PositiveIntegerField(_("peringkat keseluruhan"))
    stage_scores = models.JSONField(_("nilai per tahap"), default=dict)
    indicator_scores = models.JSONField(_("nilai per indikator"), default=dict)
    # The questions that lost the most weighted points: [{question, indicator, stage, points}].
    lost = models.JSONField(_("poin yang hilang"), default=list)
    computed_at = models.DateTimeField(_("waktu dihitung"))

    class Meta:
        verbose_name = _("hasil monev")
        verbose_name_plural = _("hasil monev")
        ordering = ("rank", "participant_id")

    def __str__(self) -> str:
        return f"{self.participant}: {self.score} ({self.category})"


class HistoricalResult(models.Model):
    """A past result (imported, or copied from an announced cycle) for trends across years."""

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="monev_history",
        verbose_name=_("badan publik"),
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monev_history",
        verbose_name=_("unit"),
    )
    participant_name = models.CharField(_("nama peserta"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    group = models.CharField(_("kelompok"), max_length=100, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("kategori"), max_length=300, blank=True)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=500, blank=True)
    cycle = models.ForeignKey(
        EvaluationCycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("siklus"),
    )

    class Meta:
        verbose_name = _("riwayat hasil monev")
        verbose_name_plural = _("riwayat hasil monev")
        ordering = ("participant_name", "year")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "participant_name", "year", "organiser"),
                name="monev_history_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} {self.year}: {self.score}"


class ImprovementAction(TimeStampedModel):
    """An action of a participant's improvement plan, from the points a question lost."""

    Status = ActionStatus

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="actions")
    question_key = models.CharField(_("pertanyaan"), max_length=64, blank=True)
    title = models.CharField(_("tindakan"), max_length=500)
    lost_points = models.DecimalField(
        _("poin yang hilang"), max_digits=6, decimal_places=2, default=0
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    owner_name = models.CharField(_("nama penanggung jawab"), max_length=200, blank=True)
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("lanjutan dari"),
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("tindakan perbaikan")
        verbose_name_plural = _("tindakan perbaikan")
        ordering = ("participant", "-lost_points", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("participant", "question_key"),
                condition=~models.Q(question_key=""),
                name="monev_action_one_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(TimeStampedModel):
    """A coordination meeting for a group of units (e.g. two kecamatan at a time)."""

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="monev_meetings",
        verbose_name=_("badan publik"),
    )
    cycle = models.ForeignKey(
        EvaluationCycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("siklus"),
    )
    title = models.CharField(_("judul"), max_length=300)
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=300)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("notulen"), blank=True)
    actions = models.ManyToManyField(
        ImprovementAction, blank=True, related_name="meetings", verbose_name=_("tindakan")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")
        ordering = ("-starts_at", "-id")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A unit invited to a meeting, whether it came, and who came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(
        "bodies.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    present = models.BooleanField(_("hadir"), null=True, blank=True)
    attendees = models.CharField(_("yang hadir"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=("meeting", "unit"), name="monev_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} @ {self.meeting}"


class MonevEvent(models.Model):
    """An immutable row of a cycle's history (every change of answers, scores and states)."""

    class Kind(models.TextChoices):
        CYCLE_CREATED = "cycle_created", _("Siklus dibuat")
        CYCLE_MOVED = "cycle_moved", _("Tahap siklus berganti")
        RESCHEDULED = "rescheduled", _("Jadwal siklus diubah")
        ANSWERS_SAVED = "answers_saved", _("Jawaban disimpan")
        SUBMITTED = "submitted", _("Kuesioner dikirim")
        EVIDENCE_ADDED = "evidence_added", _("Bukti ditambahkan")
        EVIDENCE_REMOVED = "evidence_removed", _("Bukti dihapus")
        VERIFIED = "verified", _("Jawaban diverifikasi")
        CONTEST_FILED = "contest_filed", _("Sanggahan diajukan")
        CONTEST_DECIDED = "contest_decided", _("Sanggahan diputuskan")
        PANEL_SCORED = "panel_scored", _("Nilai presentasi dimasukkan")
        COMPUTED = "computed", _("Nilai dihitung")
        ACTION_CHANGED = "action_changed", _("Tindakan perbaikan diubah")

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="events")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("riwayat monev")
        verbose_name_plural = _("riwayat monev")
        ordering = ("occurred_at", "id")
        indexes = [
            models.Index(fields=("cycle", "occurred_at"), name="monev_event_cycle_time"),
            models.Index(fields=("participant", "occurred_at"), name="monev_event_part_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Monev events are append-only.")
        super().save(*args, **kwargs)


class MonevIdempotencyKey(models.Model):
    """A key that makes creating a cycle through the API safe to repeat."""

    scope = models.CharField(_("lingkup"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200)
    payload_hash = models.CharField(_("hash isi"), max_length=64)
    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi monev")
        verbose_name_plural = _("kunci idempotensi monev")
        constraints = [
            models.UniqueConstraint(fields=("scope", "key"), name="monev_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
