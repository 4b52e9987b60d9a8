from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.accounts.masking import mask_address, mask_legal_entity_number, mask_nik, mask_phone
from terbuka.accounts.nik import validate_nik
from terbuka.accounts.validators import validate_phone
from terbuka.core.fields import EncryptedTextField
from terbuka.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    create_user.alters_data = True  # type: ignore[attr-defined]
    create_superuser.alters_data = True  # type: ignore[attr-defined]


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address: citizen, officer or evaluator.

    What a user may do in a unit comes from `bodies.Membership`; `is_staff` here only opens the
    Django admin site.
    """

    class Language(models.TextChoices):
        # Each language named in itself, as on the language switch.
        ID = "id", "Bahasa Indonesia"
        EN = "en", "English"

    email = models.EmailField(_("alamat e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    language = models.CharField(
        _("bahasa"),
        max_length=10,
        choices=Language.choices,
        default=Language.ID,
        help_text=_("Bahasa e-mail pemberitahuan dari Terbuka."),
    )
    is_staff = models.BooleanField(_("akses admin Django"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    date_joined = models.DateTimeField(_("tanggal bergabung"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ("email",)

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RequesterIdentity(TimeStampedModel):
    """Who a request for information is made by: the identity the law asks a requester for.

    UU 14/2008 Pasal 22(1)-(2) and Perki 1/2021: a requester gives a name, NIK (or, for a
    badan hukum, the number of its ratified deed), address and contact details. The NIK,
    the decree number, the address and the phone number are encrypted at rest (UU 27/2022
    Pasal 16(2) and Pasal 35: personal data secured against unauthorised access); the NIK
    has a keyed hash for look-ups. Read clear values only through `services.identity_reveal`,
    which checks permission and writes an `IdentityAccessLog` row.
    """

    class Kind(models.TextChoices):
        PERORANGAN = "perorangan", _("Perorangan")
        BADAN_HUKUM = "badan_hukum", _("Badan hukum")
        KELOMPOK = "kelompok", _("Kelompok orang")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="identities",
        verbose_name=_("pemilik akun"),
        help_text=_("Kosong untuk pemohon tanpa akun yang dicatat oleh petugas."),
    )
    kind = models.CharField(_("jenis pemohon"), max_length=20, choices=Kind.choices)
    full_name = models.CharField(
        _("nama lengkap"),
        max_length=200,
        help_text=_("Nama sesuai KTP, atau nama badan hukum / kelompok."),
    )
    nik = EncryptedTextField(_("NIK"), blank=True, validators=[validate_nik])
    nik_hash = models.CharField(_("hash NIK"), max_length=64, blank=True, db_index=True)
    legal_entity_number = EncryptedTextField(_("nomor SK pengesahan badan hukum"), blank=True)
    address = EncryptedTextField(_("alamat"), blank=True)
    phone = EncryptedTextField(_("nomor telepon"), blank=True, validators=[validate_phone])
    email = models.EmailField(_("alamat e-mail"), blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    # The scan lives encrypted in the "private" storage under a random name.
    ktp_scan_name = models.CharField(_("nama simpanan pindaian"), max_length=100, blank=True)
    ktp_scan_content_type = models.CharField(_("jenis berkas pindaian"), max_length=50, blank=True)
    ktp_scan_size = models.PositiveIntegerField(
        _("ukuran pindaian asli (bita)"), null=True, blank=True
    )
    ktp_scan_uploaded_at = models.DateTimeField(_("waktu unggah pindaian"), null=True, blank=True)
    # Perki 1/2021 request form: a requester may act through a proxy (kuasa) who shows a power
    # of attorney (surat kuasa); the proxy's NIK is as private as the requester's.
    proxy_name = models.CharField(_("nama kuasa"), max_length=200, blank=True)
    proxy_nik = EncryptedTextField(_("NIK kuasa"), blank=True, validators=[validate_nik])
    power_of_attorney_name = models.CharField(
        _("nama simpanan surat kuasa"), max_length=100, blank=True
    )
    power_of_attorney_content_type = models.CharField(
        _("jenis berkas surat kuasa"), max_length=50, blank=True
    )
    power_of_attorney_size = models.PositiveIntegerField(
        _("ukuran surat kuasa asli (bita)"), null=True, blank=True
    )
    power_of_attorney_uploaded_at = models.DateTimeField(
        _("waktu unggah surat kuasa"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("identitas pemohon")
        verbose_name_plural = _("identitas pemohon")
        ordering = ("-created_at", "-id")
        constraints = [
            # Perki 1/2021: a badan hukum identifies itself by its ratified deed; a person and
            # a group (through the proxy's KTP) by a NIK.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="badan_hukum", legal_entity_number__gt="")
                    | (~models.Q(kind="badan_hukum") & models.Q(nik_hash__gt=""))
                ),
                name="identity_has_nik_or_decree",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["perorangan", "badan_hukum", "kelompok"]),
                name="identity_kind_valid",
            ),
        ]

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.kind == self.Kind.BADAN_HUKUM:
            if not self.legal_entity_number:
                errors["legal_entity_number"] = ValidationError(
                    _("Badan hukum wajib mengisi nomor SK pengesahan badan hukum."),
                    code="required",
                )
        elif self.kind and not self.nik:
            # A group is represented by a proxy, who identifies with a KTP (Perki 1/2021).
            errors["nik"] = ValidationError(
                _("Pemohon perorangan atau kelompok wajib mengisi NIK."), code="required"
            )
        if self.proxy_name.strip() and not self.proxy_nik:
            errors["proxy_nik"] = ValidationError(
                _("Isi NIK kuasa yang mewakili pemohon."), code="required"
            )
        if self.proxy_nik and not self.proxy_name.strip():
            errors["proxy_name"] = ValidationError(
                _("Isi nama kuasa yang mewakili pemohon."), code="required"
            )
        if not self.address.strip():
            errors["address"] = ValidationError(_("Alamat wajib diisi."), code="required")
        if not self.phone and not self.email:
            errors["phone"] = ValidationError(
                _("Isi nomor telepon atau alamat e-mail (setidaknya salah satu)."),
                code="required",
            )
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        # Never a NIK, address or phone here: __str__ ends up in logs and admin pages.
        return f"{self.full_name} ({self.get_kind_display()})"

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    @property
    def masked_legal_entity_number(self) -> str:
        return mask_legal_entity_number(self.legal_entity_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_address(self) -> str:
        return mask_address(self.address)

    @property
    def has_ktp_scan(self) -> bool:
        return bool(self.ktp_scan_name)

    @property
    def has_proxy(self) -> bool:
        return bool(self.proxy_name)

    @property
    def masked_proxy_nik(self) -> str:
        return mask_nik(self.proxy_nik)

    @property
    def has_power_of_attorney(self) -> bool:
        return bool(self.power_of_attorney_name)


class IdentityAccessLog(models.Model):
    """One view of a clear identity value or of a KTP scan (ASVS 16.3.2; UU 27/2022 Pasal 16(2)).

    Rows are only ever inserted; nothing in the application updates or deletes them.
    """

    class Field(models.TextChoices):
        NIK = "nik", _("NIK")
        ADDRESS = "address", _("Alamat")
        PHONE = "phone", _("Nomor telepon")
        KTP_SCAN = "ktp_scan", _("Pindaian KTP")
        LEGAL_ENTITY_NUMBER = "legal_entity_number", _("Nomor SK badan hukum")
        PROXY_NIK = "proxy_nik", _("NIK kuasa")
        POWER_OF_ATTORNEY = "power_of_attorney", _("Surat kuasa")

    # Kept when its identity is deleted (UU 27/2022 Pasal 8): the log of who saw what stays.
    identity = models.ForeignKey(
        RequesterIdentity,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_logs",
        verbose_name=_("identitas"),
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dilihat oleh"),
    )
    field = models.CharField(_("data"), max_length=32, choices=Field.choices)
    reason = models.TextField(_("alasan / keperluan"))
    viewed_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("log akses identitas")
        verbose_name_plural = _("log akses identitas")
        ordering = ("-viewed_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_field_display()} - {self.viewed_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Identity access logs are append-only.")
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("pengguna"),
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=8)
    key_hash = models.CharField(_("hash token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("user", "revoked_at"), name="apitoken_user_revoked")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AccountEvent(models.Model):
    """An immutable audit row for every change to an identity or an API token.

    `data` holds field names and non-personal facts only, never identity values.
    """

    class Kind(models.TextChoices):
        IDENTITY_CREATED = "identity_created", _("Identitas dibuat")
        IDENTITY_UPDATED = "identity_updated", _("Identitas diubah")
        IDENTITY_KTP_ATTACHED = "identity_ktp_attached", _("Pindaian KTP diunggah")
        TOKEN_CREATED = "token_created", _("Token API dibuat")
        TOKEN_REVOKED = "token_revoked", _("Token API dicabut")
        IDENTITY_DELETED = "identity_deleted", _("Identitas dihapus")
        IDENTITY_DOCUMENT_DELETED = "identity_document_deleted", _("Berkas identitas dihapus")
        NOTIFICATIONS_CHANGED = "notifications_changed", _("Pengaturan pemberitahuan diubah")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Akun dinonaktifkan atas permintaan")

    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna terkait"),
    )
    identity = models.ForeignKey(
        RequesterIdentity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("identitas"),
    )
    token = models.ForeignKey(
        ApiToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("token"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("peristiwa akun")
        verbose_name_plural = _("peristiwa akun")
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"
