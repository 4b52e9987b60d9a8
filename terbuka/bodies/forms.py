"""Back-office forms. They only parse input; services do the writing and the rule checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from terbuka.bodies import selectors, services
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.core.exceptions import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    formfield = field.formfield(**kwargs)
    assert formfield is not None  # noqa: S101 - only editable model fields are asked for
    return formfield


class AccessibleForm(forms.Form):
    """Ties help texts and errors to their inputs (`aria-describedby`, `aria-invalid`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_model_fields(self, model: type[Any], names: tuple[str, ...]) -> None:
        """Add model-derived fields (labels, lengths and validators from the model)."""
        self.fields.update(
            fields_for_model(model, fields=list(names), formfield_callback=_formfield)
        )

    def _describe(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if name in self.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                ids.append(f"{bound.auto_id}_help")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            self._describe()

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service error next to the field it names, or above the form."""
        field = exc.details.get("field")
        self.add_error(field if field in self.fields else None, exc.message)
        self._describe()

    def __iter__(self) -> Any:
        self._describe()
        return super().__iter__()


def _unit_ref_field(
    label: StrOrPromise, help_text: StrOrPromise, *, required: bool
) -> forms.CharField:
    """A unit typed as its slug or Kemendagri code: a select of 100,000 units is unusable."""
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=80)


class BodyForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_model_fields(PublicBody, services.BODY_EDITABLE_FIELDS)


class _UnitParentMixin(AccessibleForm):
    body: PublicBody

    def clean_parent(self) -> Unit | None:
        ref = self.cleaned_data.get("parent", "")
        if not ref:
            return None
        unit = selectors.unit_find_in_body(self.body, ref)
        if unit is None:
            raise forms.ValidationError(_("Unit induk tidak ditemukan di badan publik ini."))
        return unit


_PARENT_HELP = _("Isi slug atau kode Kemendagri unit induk, mis. kecamatan-serang atau 36.73.01.")


UNIT_FIELDSETS = (
    (
        _("Identitas unit"),
        ("kind", "name", "slug", "parent", "code", "short_name", "description"),
        None,
    ),
    (
        _("Pejabat"),
        ("ppid_name", "ppid_position", "atasan_name", "atasan_position"),
        _(
            "Nama dan jabatan ditampilkan di profil publik unit. Bila Atasan PPID dikosongkan, "
            "profil memakai Atasan PPID unit induk terdekat."
        ),
    ),
    (
        _("Kontak dan jam layanan"),
        ("address", "phone", "email", "website", "service_hours"),
        None,
    ),
)


class _UnitFieldsetsMixin(AccessibleForm):
    def fieldsets(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """Return (legend, help, bound fields) groups for the template."""
        self._describe()
        return [
            (legend, help_text, [self[name] for name in names if name in self.fields])
            for legend, names, help_text in UNIT_FIELDSETS
        ]


class UnitCreateForm(_UnitParentMixin, _UnitFieldsetsMixin):
    def __init__(self, *args: Any, body: PublicBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        self.add_model_fields(Unit, ("kind", "name"))
        self.fields["slug"] = forms.SlugField(
            label=_("Slug"),
            max_length=80,
            required=False,
            help_text=_("Bagian alamat halaman; kosongkan untuk dibuat dari nama."),
        )
        self.fields["parent"] = _unit_ref_field(_("Unit induk"), _PARENT_HELP, required=False)
        self.add_model_fields(Unit, ("code", *services.UNIT_PROFILE_FIELDS))


class UnitEditForm(_UnitFieldsetsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_model_fields(Unit, ("kind", "name"))
        self.fields["slug"] = forms.SlugField(label=_("Slug"), max_length=80)
        self.add_model_fields(Unit, ("code", *services.UNIT_PROFILE_FIELDS))


class UnitMoveForm(_UnitParentMixin):
    def __init__(self, *args: Any, body: PublicBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["parent"] = _unit_ref_field(
            _("Unit induk baru"),
            _(
                "Isi slug atau kode Kemendagri unit induk baru; kosongkan untuk menjadikan "
                "unit ini akar pohon."
            ),
            required=False,
        )


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class MembershipGrantForm(AccessibleForm):
    email = forms.EmailField(
        label=_("E-mail pengguna"),
        help_text=_(
            "Bila e-mail ini belum terdaftar, akun baru dibuat tanpa kata sandi; pemiliknya "
            "membuat kata sandi lewat “Lupa kata sandi” di halaman masuk."
        ),
    )
    full_name = forms.CharField(
        label=_("Nama lengkap"),
        required=False,
        max_length=200,
        help_text=_("Dipakai hanya bila akun baru dibuat."),
    )
    unit = _unit_ref_field(_("Unit"), _("Isi slug atau kode Kemendagri unit."), required=True)
    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)

    def __init__(self, *args: Any, body: PublicBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body

    def clean_unit(self) -> Unit:
        unit = selectors.unit_find_in_body(self.body, self.cleaned_data.get("unit", ""))
        if unit is None:
            raise forms.ValidationError(_("Unit tidak ditemukan di badan publik ini."))
        return unit


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau kode"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Unit.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), ("aktif", _("Aktif")), ("nonaktif", _("Nonaktif"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def filters(self) -> dict[str, Any]:
        """Return the keyword arguments for `selectors.unit_list_for_body`."""
        if not self.is_valid():
            return {}
        status = self.cleaned_data["status"]
        return {
            "q": self.cleaned_data["q"],
            "kind": self.cleaned_data["kind"] or None,
            "is_active": {"aktif": True, "nonaktif": False}.get(status),
        }


class MembershipFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Peran"), required=False, choices=[("", _("Semua peran")), *Membership.Role.choices]
    )
    unit = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
