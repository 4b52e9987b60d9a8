"""Forms of the public portal (search and filters only: the portal never writes)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import Unit


class UnitFilterForm(forms.Form):
    """Search a body's units by text and kind."""

    q = forms.CharField(
        label=_("Cari unit"),
        max_length=100,
        required=False,
        help_text=_("Nama, singkatan atau kode Kemendagri, mis. Dinas Kesehatan atau 36.73.01."),
    )
    kind = forms.ChoiceField(
        label=_("Jenis unit"),
        choices=[("", _("Semua jenis")), *Unit.Kind.choices],
        required=False,
    )
    parent = forms.SlugField(required=False, widget=forms.HiddenInput)
