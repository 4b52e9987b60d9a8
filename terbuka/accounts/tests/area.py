"""Building a requester's cases through the services, for the requester-area tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from terbuka.accounts.models import RequesterIdentity
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.objections import services as objection_services
from terbuka.objections.models import AtasanResponse, Dispute, Objection

IDENTITY: dict[str, Any] = {
    "kind": "perorangan",
    "full_name": "Siti Pemohon",
    "nik": "3673011708900001",
    "address": "Jl. Jenderal Sudirman No. 5, Serang",
    "phone": "081234567890",
    "email": "siti@example.test",
}


@dataclass
class Cases:
    body: Any
    applicant: Any
    ppid_utama: Any
    atasan: Any

    def request(
        self, identity: RequesterIdentity | None = None, **extra: Any
    ) -> InformationRequest:
        """File a request as the applicant (a new identity unless one is given)."""
        kwargs: dict[str, Any] = {
            "actor": self.applicant,
            "body": self.body,
            "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
            "purpose": "Penelitian skripsi.",
            "obtain_method": InformationRequest.ObtainMethod.SOFTCOPY,
            "delivery_method": InformationRequest.DeliveryMethod.EMAIL,
        }
        if identity is None:
            kwargs["identity_data"] = dict(IDENTITY)
        else:
            kwargs["identity"] = identity
        kwargs.update(extra)
        return request_services.request_submit(**kwargs)

    def refuse(self, request: InformationRequest) -> InformationRequest:
        request_services.request_issue_notice(
            request=request,
            actor=self.ppid_utama,
            possession=WrittenNotice.Possession.HELD,
            decision=WrittenNotice.Decision.REFUSED,
            form=WrittenNotice.Form.NONE,
            refusal_letters=["b"],
        )
        request.refresh_from_db()
        return request

    def close(self, request: InformationRequest) -> InformationRequest:
        request_services.request_close(request=request, actor=self.ppid_utama)
        request.refresh_from_db()
        return request

    def withdraw(self, request: InformationRequest) -> InformationRequest:
        request_services.request_withdraw(request=request, actor=self.applicant, reason="Batal.")
        request.refresh_from_db()
        return request

    def object_to(self, request: InformationRequest) -> Objection:
        return objection_services.objection_file(
            actor=self.applicant,
            request=request,
            grounds=["a"],
            summary="Informasi yang diminta bukan informasi yang dikecualikan.",
        )

    def uphold(self, objection: Objection, responded_on: date | None = None) -> Objection:
        objection_services.objection_answer(
            objection=objection,
            actor=self.atasan,
            decision=AtasanResponse.Decision.UPHELD,
            reasons="Informasi dikecualikan berdasarkan uji konsekuensi.",
            atasan_name="Atasan Uji",
            atasan_position="Sekretaris Daerah",
            responded_on=responded_on,
        )
        objection.refresh_from_db()
        return objection

    def dispute(self, objection: Objection, filed_on: date) -> Dispute:
        return objection_services.dispute_file(
            objection=objection,
            actor=self.applicant,
            filed_on=filed_on,
            commission_name="Komisi Informasi Provinsi Banten",
            case_number="001/KI-BTN/2026",
        )

    def close_dispute(self, dispute: Dispute) -> Dispute:
        return objection_services.dispute_close(
            dispute=dispute, actor=self.ppid_utama, reason="Permohonan sengketa dicabut."
        )
