"""Demo objections for the Kota Serang demo: the objection pages have something to show.

Everything goes through the services, so the demo objections carry real registration numbers,
clocks and timelines. Every date is today, inside the 30-working-day filing windows that run
from the request demo's notices; an objection to a demo request whose window has closed since
is skipped. Needs the demo requests (`terbuka loaddemo_requests`). Demo data only: the
identities are invented and marked "(demo)".
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from terbuka.accounts.models import RequesterIdentity, User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.objections import selectors, services
from terbuka.objections.models import AtasanResponse, Deliberation, Objection

Channel = Objection.Channel
COMMISSION = "Komisi Informasi Provinsi Banten"
ATASAN_POSITION = "Sekretaris Daerah Kota Serang"
# The request demo's refusal under Pasal 17 huruf h and its overdue request.
REFUSED_DETAILS = "Rekam medis"
OVERDUE_DETAILS = "Jadwal pelayanan"
CITIZEN_IDENTITY = {
    "kind": "perorangan",
    "full_name": "Warga Serang (demo)",
    "nik": "3673016505930008",
    "address": "Jl. Contoh No. 8, Serang (demo)",
    "phone": "081200000008",
    "email": "warga@demo.test",
}


def load_demo_objections(body: PublicBody, *, officer: User, atasan: User, citizen: User) -> int:
    """Record the demo objections for `body`; return how many.

    `officer` is the PPID Utama, `atasan` the Atasan PPID and `citizen` a requester with an
    account. Nothing happens when the body already has objections, so running it again
    changes nothing; the whole set is one transaction.
    """
    if Objection.objects.filter(body=body).exists():
        return 0
    with transaction.atomic():
        made = [
            _paper_objection_awaiting_answer(body, officer),
            _upheld_objection_with_dispute(body, officer, atasan, citizen),
            _periodic_information_settled(body, officer, citizen),
            _unanswered_request_in_deliberation(body, officer),
        ]
    return sum(1 for objection in made if objection is not None)


def _objectable(body: PublicBody, details: str, **filters: object) -> InformationRequest | None:
    """Return the demo request starting with `details` if it may be objected to today."""
    request = (
        InformationRequest.objects.filter(body=body, details__startswith=details, **filters)
        .order_by("pk")
        .first()
    )
    if request is None:
        return None
    open_until = selectors.objection_open_until(request, today=timezone.localdate())
    return request if open_until is not None else None


def _paper_objection_awaiting_answer(body: PublicBody, officer: User) -> Objection | None:
    """A letter against the refusal of medical records, still awaiting the Atasan's answer."""
    request = _objectable(body, REFUSED_DETAILS, notice__decision=WrittenNotice.Decision.REFUSED)
    if request is None:
        return None
    # UU 14/2008 Pasal 35(1) huruf a: a refusal under Pasal 17; only the Atasan may answer it.
    return services.objection_file(
        actor=officer,
        request=request,
        grounds=["a"],
        summary=(
            "Pemohon menyatakan diri sebagai ahli waris pasien dan memerlukan rekam medis untuk "
            "klaim asuransi; menurutnya Pasal 17 huruf h tidak berlaku bagi keluarga pasien."
        ),
        channel=Channel.LETTER,
        filed_at=timezone.now(),
    )


def _atasan_position(body: PublicBody) -> str:
    utama = Unit.objects.filter(body=body, kind=Unit.Kind.PPID_UTAMA).first()
    return (utama.atasan_position if utama is not None else "") or ATASAN_POSITION


def _citizen_identity(citizen: User) -> RequesterIdentity | None:
    return RequesterIdentity.objects.filter(owner=citizen).order_by("pk").first()


def _upheld_objection_with_dispute(
    body: PublicBody, officer: User, atasan: User, citizen: User
) -> Objection:
    """A refused tender request: objection upheld, then a dispute in mediation."""
    identity = _citizen_identity(citizen)
    request = request_services.request_submit(
        actor=citizen,
        body=body,
        details=(
            "Dokumen penawaran lengkap seluruh peserta tender pembangunan Pasar Rau tahun "
            "2026, termasuk rincian harga satuan."
        ),
        purpose="Pemantauan pengadaan barang dan jasa oleh warga.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity=identity,
        identity_data=None if identity is not None else CITIZEN_IDENTITY,
    )
    # UU 14/2008 Pasal 17 huruf b: bidders' prices are protected from unfair competition.
    request_services.request_issue_notice(
        request=request,
        actor=officer,
        possession=WrittenNotice.Possession.HELD,
        decision=WrittenNotice.Decision.REFUSED,
        form=WrittenNotice.Form.NONE,
        refusal_letters=["b"],
    )
    request.refresh_from_db()
    objection = services.objection_file(
        actor=citizen,
        request=request,
        grounds=["a"],
        summary=(
            "Setelah kontrak ditandatangani, dokumen penawaran pemenang tender adalah informasi "
            "publik; penolakan seluruhnya tidak disertai uji konsekuensi."
        ),
    )
    today = timezone.localdate()
    services.objection_answer(
        objection=objection,
        actor=atasan,
        decision=AtasanResponse.Decision.UPHELD,
        reasons=(
            "Rincian harga satuan peserta yang kalah memuat rahasia dagang yang dilindungi "
            "Pasal 17 huruf b; nilai kontrak dan pemenang sudah diumumkan di LPSE Kota Serang."
        ),
        atasan_name=atasan.full_name,
        atasan_position=_atasan_position(body),
        letter_number=f"480/{objection.registration_seq:03d}-Setda/{today.year}",
        responded_on=today,
    )
    services.objection_record_requester_response(
        objection=objection,
        actor=citizen,
        response=Objection.RequesterResponse.NOT_ACCEPTED,
        note="Pemohon mengajukan sengketa ke Komisi Informasi Provinsi Banten.",
    )
    # UU 14/2008 Pasal 37-38: the dispute, recorded by the desk when the summons arrives.
    dispute = services.dispute_file(
        objection=objection,
        actor=officer,
        filed_on=today,
        commission_name=COMMISSION,
        case_number=f"{objection.registration_seq:03d}/REG-PSI/KI-BTN/{today.year}",
    )
    services.dispute_start_mediation(
        dispute=dispute, actor=officer, note="Para pihak bersedia menempuh mediasi."
    )
    services.dispute_record_session(
        dispute=dispute,
        actor=officer,
        held_on=today,
        agenda="Mediasi pertama: keterangan para pihak",
        note="Badan publik menawarkan ringkasan penawaran tanpa rincian harga satuan.",
    )
    return objection


def _periodic_information_settled(body: PublicBody, officer: User, citizen: User) -> Objection:
    """Ground b without a request: periodic information not published, settled by agreement."""
    identity = _citizen_identity(citizen)
    # UU 14/2008 Pasal 35(1) huruf b and Pasal 9: periodic information not made available.
    objection = services.objection_file(
        actor=citizen,
        body=body,
        grounds=["b"],
        summary=(
            "Laporan keuangan Pemerintah Kota Serang tahun 2025 tidak tersedia di situs PPID "
            "padahal wajib diumumkan secara berkala."
        ),
        information_description="Laporan Keuangan Pemerintah Daerah (LKPD) Kota Serang 2025.",
        identity=identity,
        identity_data=None if identity is not None else CITIZEN_IDENTITY,
    )
    # Pasal 35(2): grounds b-g may be settled by deliberation (musyawarah).
    services.objection_start_deliberation(
        objection=objection, actor=officer, note="Pemohon dan PPID Utama diundang bermusyawarah."
    )
    services.objection_record_deliberation(
        objection=objection,
        actor=officer,
        held_at=timezone.now(),
        place="Ruang rapat PPID Utama, Diskominfo Kota Serang",
        participants="PPID Utama, Bidang Akuntansi BPKAD, pemohon",
        outcome=Deliberation.Outcome.AGREED,
        result=(
            "LKPD 2025 yang telah diaudit diumumkan di situs PPID dalam lima hari kerja; "
            "pemohon menerima."
        ),
    )
    services.objection_record_requester_response(
        objection=objection,
        actor=citizen,
        response=Objection.RequesterResponse.ACCEPTED,
    )
    return objection


def _unanswered_request_in_deliberation(body: PublicBody, officer: User) -> Objection | None:
    """A walk-in objection to the overdue request, in deliberation after an adjourned meeting."""
    request = _objectable(body, OVERDUE_DETAILS, status=RequestStatus.REGISTERED)
    if request is None:
        return None
    # UU 14/2008 Pasal 35(1) huruf c: the request was not answered within its time.
    objection = services.objection_file(
        actor=officer,
        request=request,
        grounds=["c"],
        summary=(
            "Permohonan jadwal pelayanan administrasi kependudukan tidak dijawab hingga batas "
            "waktu sepuluh hari kerja terlewati."
        ),
        channel=Channel.WALK_IN,
        filed_at=timezone.now(),
    )
    services.objection_start_deliberation(objection=objection, actor=officer)
    services.objection_record_deliberation(
        objection=objection,
        actor=officer,
        held_at=timezone.now(),
        place="Kantor Kecamatan Serang",
        participants="PPID Utama, PPID Pelaksana Kecamatan Serang, pemohon",
        outcome=Deliberation.Outcome.ADJOURNED,
        result="Kecamatan menyiapkan jadwal tertulis; musyawarah dilanjutkan pekan depan.",
    )
    return objection
