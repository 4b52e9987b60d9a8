"""The objection's letters as PDFs: the receipt and the Atasan PPID's written answer.

The contexts carry the requester's name and nothing else of the identity: no NIK, address or
phone ever reaches a letter.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from terbuka.core.pdf import pdf_response
from terbuka.objections.deadlines import DISPUTE_FILING_DAYS, RESPONSE_DAYS
from terbuka.objections.models import GROUND_MEANINGS, Objection


def _common(objection: Objection) -> dict[str, Any]:
    return {
        "objection": objection,
        "requester_name": objection.requester_identity.full_name,
        "filed_on": timezone.localdate(objection.filed_at),
        "grounds": [(letter, GROUND_MEANINGS[letter]) for letter in objection.grounds],
    }


def receipt_context(objection: Objection) -> dict[str, Any]:
    """Return what the tanda terima keberatan shows (UU 14/2008 Pasal 35-36)."""
    return {**_common(objection), "response_days": RESPONSE_DAYS}


def response_letter_context(objection: Objection) -> dict[str, Any]:
    """Return what the Atasan PPID's answer letter shows (UU 14/2008 Pasal 36(2), 37(2))."""
    return {
        **_common(objection),
        "response": objection.response,
        "dispute_days": DISPUTE_FILING_DAYS,
    }


def receipt_response(objection: Objection, *, request: HttpRequest) -> HttpResponse:
    """Return the receipt as a PDF download; the file name carries only the objection's id."""
    return pdf_response(
        "objections/receipt_pdf.html",
        receipt_context(objection),
        filename=f"tanda-terima-keberatan-{objection.pk}.pdf",
        request=request,
    )


def response_letter_response(objection: Objection, *, request: HttpRequest) -> HttpResponse:
    """Return the Atasan PPID's answer letter as a PDF download."""
    return pdf_response(
        "objections/response_pdf.html",
        response_letter_context(objection),
        filename=f"tanggapan-keberatan-{objection.pk}.pdf",
        request=request,
    )
