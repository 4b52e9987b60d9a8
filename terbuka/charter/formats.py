"""The charter and procedures as sources of accessible formats (audio, braille, large print).

Perki 1/2021 Pasal 24 and 48: the charter and the service standards are announced with regard
to persons with disabilities, at least in audio, visual and/or braille form. Registered from
`CharterConfig.ready`; `services` refreshes the formats inside each write.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import translation

from terbuka.accessible.registry import Source, register
from terbuka.charter import selectors
from terbuka.charter.models import Charter, Procedure

CHARTER = "charter"
PROCEDURE = "procedure"


def charter_text(charter: Charter) -> str:
    """The charter as plain text: statement, the six parts, place, date and signatory."""
    with translation.override("id"):
        blocks = [charter.statement] if charter.statement else []
        blocks += [f"{label.capitalize()}.\n{text}" for _name, label, text in charter.parts]
        place = f"{charter.established_place}, " if charter.established_place else ""
        blocks.append(
            f"{place}{charter.established_on:%d-%m-%Y}\n"
            f"{charter.signatory_position}\n{charter.signatory_name}"
        )
    return "\n\n".join(blocks)


def charter_source(pk: int) -> Source | None:
    """A charter version as a source (every version is public), or None when missing."""
    charter = Charter.objects.select_related("body").filter(pk=pk).first()
    if charter is None:
        return None
    body = charter.body
    with translation.override("id"):
        title = f"Maklumat Pelayanan Informasi Publik {body.name} (versi {charter.version})"
    return Source(
        kind=CHARTER,
        pk=charter.pk,
        title=title,
        text=charter_text(charter),
        language="id",
        public_url=reverse(
            "charter:version", kwargs={"body_slug": body.slug, "number": charter.version}
        ),
    )


def procedure_source(pk: int) -> Source | None:
    """A body's written procedure as a source, with the statutory periods; None when missing."""
    procedure = Procedure.objects.select_related("body").filter(pk=pk).first()
    if procedure is None:
        return None
    body = procedure.body
    with translation.override("id"):
        page = selectors.procedure_page(body, procedure.kind)
        blocks = [
            "Langkah-langkah.\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(page.steps, 1))
        ]
        if page.requirements:
            blocks.append("Persyaratan.\n" + "\n".join(f"- {r}" for r in page.requirements))
        blocks.append(
            "Batas waktu menurut undang-undang.\n"
            + "\n".join(f"- {d.text} ({d.basis})" for d in page.deadlines)
        )
        if page.notes:
            blocks.append("Catatan.\n" + page.notes)
        title = f"Prosedur {page.label} {body.name}"
    return Source(
        kind=PROCEDURE,
        pk=procedure.pk,
        title=title,
        text="\n\n".join(blocks),
        language="id",
        public_url=procedure.get_absolute_url(),
    )


def charter_ids() -> Iterable[int]:
    return Charter.objects.values_list("pk", flat=True)


def procedure_ids() -> Iterable[int]:
    return Procedure.objects.values_list("pk", flat=True)


def register_sources() -> None:
    """Register the charter and procedure loaders with the accessible-formats registry."""
    register(CHARTER, charter_source, ids=charter_ids)
    register(PROCEDURE, procedure_source, ids=procedure_ids)
