"""PDF: metadata, annotations, embedded files, invisible text, text under dark boxes and
earlier revisions kept by incremental updates; the text of every page for search and PII.

Content streams are read once: pypdf's text extraction calls our visitor for every operator,
which tracks the fill colour, the text render mode, filled rectangles and where text is shown.

- Invisible text: text shown in render mode 3 or 7. On a page that is one large scanned image
  this is an OCR layer (INFO: check it matches the image); elsewhere it is BLOCKING.
- Text under a box: a text run whose middle lies in a dark filled rectangle (`re` then a fill)
  that is painted after the text, or painted before it when the text is dark or invisible too.
  Rectangles built from `m`/`l` paths and white-on-white text are not looked for.
- Annotations: links, popups and form-field widgets (signatures included) are not counted;
  Redact marks that were never applied get a finding of their own.
- Earlier revisions: INFO when `strip_metadata` will rewrite the file (checked by doing it);
  for signed or encrypted files the revisions are compared page by page and any difference
  blocks, with the earlier text checked for personal data.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from pypdf import PageObject, PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from terbuka.safety.models import FindingKind
from terbuka.safety.scanners.base import BLOCKING, INFO, Report, ranges_text
from terbuka.safety.scanners.strip import (
    PDF_KEEP_INFO,
    pdf_is_signed,
    revision_count,
    revision_ends,
    strip_pdf,
)

DARK = 0.25  # luminance below which a fill hides black text
OCR_COVER = 0.5  # an image covering this share of the page makes it a scanned page
MAX_EARLIER_REVISIONS = 5
MIN_BOX = 3.0  # points: thinner filled rectangles are rules and borders, not covers
BAND = 24.0  # points: height of the bands that index boxes
MAX_BANDS = 200
_SKIPPED_ANNOTATIONS = frozenset({"/Link", "/Popup", "/Widget", "/PrinterMark", "/TrapNet"})
_FILL = frozenset({b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"})
_NO_FILL = frozenset({b"n", b"S", b"s"})
_SHOW = frozenset({b"Tj", b"TJ", b"'", b'"'})
Matrix = Sequence[float]


def _multiply(a: Matrix, b: Matrix) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _luminance(values: Sequence[float]) -> float:
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]
    if len(values) == 4:
        c, m, y, k = values
        return _luminance([(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)])
    return 1.0  # a pattern or an unknown space: assume it does not hide text


def _numbers(operands: Sequence[Any]) -> list[float]:
    return [float(o) for o in operands if isinstance(o, (int, float))]


class _PageInk:
    """What one page paints, in page space: dark boxes, text runs and invisible characters."""

    def __init__(self, page: PageObject) -> None:
        box = page.mediabox
        self.page_area = max(1.0, float(box.width) * float(box.height))
        self.fill = 0.0
        self.mode = 0
        self.size = 0.0
        self.two_byte = False
        self.stack: list[tuple[float, int, float, bool]] = []
        self.pending: list[tuple[float, float, float, float]] = []
        self.boxes: list[tuple[float, float, float, float, int]] = []
        self.texts: list[tuple[float, float, float, float, float, bool, int]] = []
        self.invisible = 0
        self.order = 0
        self.image_cover = 0.0
        resources = page.get("/Resources")
        self.resources: list[DictionaryObject] = [
            resources.get_object() if resources is not None else DictionaryObject()
        ]
        self.outer: list[list[float]] = []
        self.forms: list[bool] = []

    def _cm(self, cm: Matrix) -> Matrix:
        return _multiply(cm, self.outer[-1]) if self.outer else cm

    def _xobject(self, name: Any) -> DictionaryObject | None:
        try:
            xobjects = self.resources[-1].get("/XObject")
            if xobjects is None:
                return None
            found = xobjects.get_object().get(name)
            return found.get_object() if found is not None else None
        except (AttributeError, KeyError, TypeError):
            return None

    def _font_two_byte(self, name: Any) -> bool:
        try:
            fonts = self.resources[-1].get("/Font")
            font = fonts.get_object().get(name).get_object() if fonts is not None else None
            return font is not None and font.get("/Subtype") == "/Type0"
        except (AttributeError, KeyError, TypeError):
            return False

    def before(self, op: bytes, operands: list[Any], cm: Matrix, tm: Matrix) -> None:
        if op in _SHOW:
            self._show(op, operands, cm, tm)
        elif op == b"re" and len(operands) == 4:
            numbers = _numbers(operands)
            if len(numbers) != 4:
                return
            x, y, w, h = numbers
            m = self._cm(cm)
            corners = [_apply(m, x + dx, y + dy) for dx, dy in ((0, 0), (w, 0), (0, h), (w, h))]
            xs = [cx for cx, _cy in corners]
            ys = [cy for _cx, cy in corners]
            self.pending.append((min(xs), min(ys), max(xs), max(ys)))
        elif op in _FILL:
            self.order += 1
            if self.fill < DARK:
                for x0, y0, x1, y1 in self.pending:
                    if x1 - x0 >= MIN_BOX and y1 - y0 >= MIN_BOX:  # rules and borders aside
                        self.boxes.append((x0, y0, x1, y1, self.order))
            self.pending.clear()
        elif op in _NO_FILL:
            self.pending.clear()
        elif op in (b"g", b"rg", b"k", b"sc", b"scn"):
            self.fill = _luminance(_numbers(operands))
        elif op == b"cs":
            self.fill = 0.0
        elif op == b"q":
            self.stack.append((self.fill, self.mode, self.size, self.two_byte))
        elif op == b"Q":
            if self.stack:
                self.fill, self.mode, self.size, self.two_byte = self.stack.pop()
        elif op == b"Tr" and operands:
            self.mode = int(_numbers(operands)[0]) if _numbers(operands) else 0
        elif op == b"Tf" and len(operands) >= 2:
            self.size = float(operands[1]) if isinstance(operands[1], (int, float)) else 0.0
            self.two_byte = self._font_two_byte(operands[0])
        elif op == b"Do" and operands:
            self._do(operands[0], cm)

    def after(self, op: bytes, operands: list[Any], cm: Matrix, tm: Matrix) -> None:
        if op == b"Do" and self.forms and self.forms.pop():
            self.outer.pop()
            self.resources.pop()

    def _do(self, name: Any, cm: Matrix) -> None:
        xobject = self._xobject(name)
        subtype = xobject.get("/Subtype") if xobject is not None else None
        m = self._cm(cm)
        if subtype == "/Image":
            cover = abs(m[0] * m[3] - m[1] * m[2]) / self.page_area
            self.image_cover = max(self.image_cover, cover)
        is_form = subtype == "/Form" and xobject is not None
        self.forms.append(is_form)
        if is_form and xobject is not None:
            matrix = _numbers(xobject.get("/Matrix", [])) or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
            self.outer.append(_multiply(matrix if len(matrix) == 6 else [1, 0, 0, 1, 0, 0], m))
            resources = xobject.get("/Resources")
            self.resources.append(
                resources.get_object() if resources is not None else self.resources[-1]
            )

    def _show(self, op: bytes, operands: list[Any], cm: Matrix, tm: Matrix) -> None:
        if op == b"TJ":
            items = operands[0] if operands and isinstance(operands[0], ArrayObject) else []
        elif op == b'"':
            items = operands[2:3]
        else:
            items = operands[:1]
        count = 0
        blank = True
        for item in items:
            if isinstance(item, NameObject) or not isinstance(item, (str, bytes)):
                continue
            raw = getattr(item, "original_bytes", None)
            if raw is None:
                raw = item if isinstance(item, bytes) else item.encode("utf-8", "replace")
            count += len(raw)
            if blank and raw.strip(b" \t\r\n\x00"):
                blank = False
        if self.two_byte:
            count //= 2
        if count == 0 or blank:
            return
        self.order += 1
        invisible = self.mode in (3, 7)
        if invisible:
            self.invisible += count
        m = self._cm(cm)
        x, y = _apply(m, float(tm[4]), float(tm[5]))
        scale = math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2])) * math.sqrt(
            abs(m[0] * m[3] - m[1] * m[2])
        )
        size = abs(self.size) * scale
        if size <= 0:
            return
        self.texts.append(
            (x, x + count * 0.5 * size, y + 0.3 * size, size, self.fill, invisible, self.order)
        )

    def hidden_under_boxes(self) -> int:
        """Text runs covered by a dark box painted over them (or dark/invisible text on one)."""
        if not self.boxes or not self.texts:
            return 0
        # Boxes by horizontal band, so each text run meets only the boxes at its height.
        bands: dict[int, list[tuple[float, float, float, float, int]]] = {}
        for box in self.boxes:
            low, high = int(box[1] // BAND), int(box[3] // BAND)
            for band in range(low, min(high, low + MAX_BANDS) + 1):
                bands.setdefault(band, []).append(box)
        hits = 0
        for x0, x1, middle, size, fill, invisible, order in self.texts:
            for bx0, by0, bx1, by1, box_order in bands.get(int(middle // BAND), ()):
                if not by0 <= middle <= by1 or by1 - by0 < 0.5 * size:
                    continue
                if min(x1, bx1) - max(x0, bx0) < min(0.9 * size, (x1 - x0) * 0.5):
                    continue
                if box_order > order or fill < DARK or invisible:
                    hits += 1
                    break
        return hits


def _open(data: bytes) -> PdfReader | None:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        return None
    return reader


def scan_pdf(data: bytes, report: Report) -> None:
    try:
        reader = _open(data)
        if reader is None:
            report.add(
                FindingKind.UNREADABLE,
                _(
                    "PDF dilindungi kata sandi sehingga isinya tidak dapat diperiksa. Unggah "
                    "versi tanpa kata sandi."
                ),
            )
            return
        pages = list(reader.pages)
        signed = pdf_is_signed(reader)
    except Exception:  # pypdf raises many kinds of errors on broken files
        report.add(
            FindingKind.UNREADABLE,
            _("PDF rusak atau tidak dapat dibaca, sehingga isinya tidak dapat diperiksa."),
        )
        return
    encrypted = reader.is_encrypted
    strippable = not encrypted and not signed
    why = _("ditandatangani secara elektronik") if signed else _("terenkripsi")
    _metadata(reader, report, strippable, why)
    embedded = _embedded_names(reader)
    annotations: Counter[str] = Counter()
    annotation_pages: list[int] = []
    redaction_pages: list[int] = []
    attachment_pages: list[int] = []
    invisible: dict[int, int] = {}
    ocr: dict[int, int] = {}
    under: dict[int, int] = {}
    unreadable: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            kinds, attachments = _annotations(page, number, report)
        except Exception:
            kinds, attachments = Counter(), []
        redactions = kinds.pop("/Redact", 0)
        if attachments:
            attachment_pages.append(number)
            embedded.extend(attachments)
        if redactions:
            redaction_pages.append(number)
            annotations["/Redact"] += redactions
        if kinds:
            annotation_pages.append(number)
            annotations.update(kinds)
        ink = _PageInk(page)
        try:
            text = page.extract_text(
                visitor_operand_before=ink.before, visitor_operand_after=ink.after
            )
        except Exception:
            unreadable.append(number)
            continue
        report.text(text, _("Halaman %(page)d") % {"page": number})
        if ink.invisible:
            (ocr if ink.image_cover >= OCR_COVER else invisible)[number] = ink.invisible
        hidden = ink.hidden_under_boxes()
        if hidden:
            under[number] = hidden
    _report_pages(report, annotations, annotation_pages, redaction_pages)
    if embedded:
        report.add(
            FindingKind.EMBEDDED_FILES,
            _(
                'PDF memuat %(count)d berkas tersemat (mis. "%(name)s"). Berkas tersemat ikut '
                "terunduh tetapi tidak diperiksa; hapus lampiran dari PDF."
            )
            % {"count": len(embedded), "name": embedded[0][:80]},
            location=_("Halaman %(pages)s") % {"pages": ranges_text(attachment_pages)}
            if attachment_pages
            else _("Lampiran dokumen"),
            count=len(embedded),
        )
    if invisible:
        report.add(
            FindingKind.INVISIBLE_TEXT,
            _(
                "Ada %(count)d karakter teks tak terlihat (mode render 3). Teks ini tidak tampak "
                "tetapi dapat disalin dan dicari; hapus teks tersebut."
            )
            % {"count": sum(invisible.values())},
            location=_("Halaman %(pages)s") % {"pages": ranges_text(list(invisible))},
            count=sum(invisible.values()),
        )
    if ocr:
        report.add(
            FindingKind.INVISIBLE_TEXT,
            _(
                "Halaman hasil pindai dengan lapisan teks OCR tak terlihat (%(count)d karakter). "
                "Pastikan teks OCR sama dengan gambar, terutama bila ada bagian yang disamarkan."
            )
            % {"count": sum(ocr.values())},
            severity=INFO,
            location=_("Halaman %(pages)s") % {"pages": ranges_text(list(ocr))},
            count=sum(ocr.values()),
        )
    if under:
        report.add(
            FindingKind.TEXT_UNDER_BOX,
            _(
                "%(count)d potongan teks tertutup kotak gelap. Teks di bawah kotak masih dapat "
                "disalin dan dicari: penyamaran harus menghapus teksnya, bukan hanya menutupinya."
            )
            % {"count": sum(under.values())},
            location=_("Halaman %(pages)s") % {"pages": ranges_text(list(under))},
            count=sum(under.values()),
        )
    if unreadable:
        report.add(
            FindingKind.UNREADABLE,
            _("Teks pada %(count)d halaman tidak dapat dibaca, sehingga tidak dapat diperiksa.")
            % {"count": len(unreadable)},
            location=_("Halaman %(pages)s") % {"pages": ranges_text(unreadable)},
            count=len(unreadable),
        )
    _revisions(data, reader, report, strippable, why)


def _metadata(reader: PdfReader, report: Report, strippable: bool, why: str) -> None:
    try:
        info: dict[str, Any] = dict(reader.metadata or {})
        keys = [key for key in info if key not in PDF_KEEP_INFO and str(info[key]).strip()]
        root = reader.root_object
        xmp = root.get("/Metadata")
        xmp_data = xmp.get_object().get_data() if xmp is not None else b""
    except Exception:
        return
    names = [key.lstrip("/") for key in keys] + (["XMP"] if xmp is not None else [])
    if not names:
        return
    fields = ", ".join(names)[:200]
    personal = (
        any(key not in ("/Creator", "/Producer") for key in keys) or b"dc:creator" in xmp_data
    )
    if strippable:
        detail = _("Metadata PDF (%(fields)s) akan dihapus otomatis saat publikasi.")
        severity = INFO
    elif personal:
        detail = _(
            "Metadata PDF (%(fields)s) tidak dapat dihapus otomatis karena PDF %(why)s. "
            "Periksa apakah nama penulis boleh dirilis, atau hapus metadata sebelum PDF "
            "ditandatangani."
        )
        severity = BLOCKING
    else:
        detail = _("Metadata PDF hanya berisi nama perangkat lunak (%(fields)s).")
        severity = INFO
    report.add(FindingKind.PDF_METADATA, detail % {"fields": fields, "why": why}, severity=severity)


def _embedded_names(reader: PdfReader) -> list[str]:
    """Names in the /EmbeddedFiles name tree (walked with a bound on its size)."""
    names: list[str] = []
    try:
        root = reader.root_object
        tree = root.get("/Names")
        tree = tree.get_object().get("/EmbeddedFiles") if tree is not None else None
        stack = [tree.get_object()] if tree is not None else []
        visited = 0
        while stack and visited < 10_000:
            visited += 1
            node = stack.pop()
            pairs = node.get("/Names") or []
            names.extend(str(pairs[i]) for i in range(0, len(pairs) - 1, 2))
            stack.extend(kid.get_object() for kid in node.get("/Kids") or [])
    except Exception:
        return names
    return names


def _annotations(page: PageObject, number: int, report: Report) -> tuple[Counter[str], list[str]]:
    """Annotation kinds on a page (links, popups and form widgets aside) and attachment names."""
    kinds: Counter[str] = Counter()
    attachments: list[str] = []
    annots = page.get("/Annots")
    if annots is None:
        return kinds, attachments
    for annot in annots.get_object():
        annot = annot.get_object()
        if not isinstance(annot, DictionaryObject):
            continue
        subtype = str(annot.get("/Subtype", ""))
        if subtype in _SKIPPED_ANNOTATIONS:
            continue
        if subtype == "/FileAttachment":
            spec = annot.get("/FS")
            spec = spec.get_object() if spec is not None else None
            name = spec.get("/UF") or spec.get("/F") if isinstance(spec, DictionaryObject) else None
            attachments.append(str(name or _("lampiran halaman %(page)d") % {"page": number}))
            continue
        kinds[subtype or "?"] += 1
        contents = annot.get("/Contents")
        if contents:
            report.text(
                str(contents),
                _("Anotasi halaman %(page)d") % {"page": number},
                searchable=False,
            )
    return kinds, attachments


def _report_pages(
    report: Report, annotations: Counter[str], pages: list[int], redaction_pages: list[int]
) -> None:
    redactions = annotations.pop("/Redact", 0)
    if redactions:
        report.add(
            FindingKind.PDF_ANNOTATIONS,
            _(
                "PDF memuat %(count)d tanda penyamaran (Redact) yang belum diterapkan: teks di "
                "bawahnya masih ada. Terapkan penyamaran lalu simpan ulang PDF."
            )
            % {"count": redactions},
            location=_("Halaman %(pages)s") % {"pages": ranges_text(redaction_pages)},
            count=redactions,
        )
    if annotations:
        total = sum(annotations.values())
        report.add(
            FindingKind.PDF_ANNOTATIONS,
            _(
                "PDF memuat %(count)d anotasi (%(types)s). Anotasi dapat berisi komentar "
                "tersembunyi atau kotak yang hanya menutupi teks; hapus atau ratakan (flatten) "
                "anotasi sebelum dirilis."
            )
            % {"count": total, "types": ", ".join(k.lstrip("/") for k in annotations)[:120]},
            location=_("Halaman %(pages)s") % {"pages": ranges_text(pages)},
            count=total,
        )


def _page_fingerprint(page: PageObject) -> tuple[str, frozenset[str]]:
    contents = page.get_contents()
    digest = hashlib.sha256(contents.get_data() if contents is not None else b"").hexdigest()
    notes: set[str] = set()
    annots = page.get("/Annots")
    for annot in annots.get_object() if annots is not None else []:
        annot = annot.get_object()
        if isinstance(annot, DictionaryObject) and annot.get("/Contents"):
            notes.add(str(annot["/Contents"]))
    return digest, frozenset(notes)


def _fields(reader: PdfReader) -> dict[str, str]:
    fields = reader.get_fields() or {}
    return {name: str(field.get("/V", "")) for name, field in fields.items()}


def _changed_pages(data: bytes, ends: list[int], final: PdfReader, report: Report) -> list[int]:
    """Pages of earlier revisions that differ from the final one (their text is checked)."""
    final_prints = [_page_fingerprint(page) for page in final.pages]
    final_fields = _fields(final)
    changed: set[int] = set()
    earlier = ends[:-1][-MAX_EARLIER_REVISIONS:]
    for revision, end in enumerate(earlier, start=len(ends) - len(earlier)):
        old = _open(data[:end])
        if old is None:
            raise ValueError("earlier revision unreadable")
        for number, page in enumerate(old.pages, start=1):
            digest, notes = _page_fingerprint(page)
            same = number <= len(final_prints) and final_prints[number - 1][0] == digest
            if same and notes <= final_prints[number - 1][1]:
                continue
            changed.add(number)
            report.text(
                page.extract_text(),
                _("Revisi %(revision)d, halaman %(page)d") % {"revision": revision, "page": number},
                searchable=False,
            )
        old_fields = _fields(old)
        if any(final_fields.get(name) != value for name, value in old_fields.items() if value):
            changed.add(0)
    return sorted(changed)


def _revisions(data: bytes, reader: PdfReader, report: Report, strippable: bool, why: str) -> None:
    ends = revision_ends(data)
    if len(ends) <= 1:
        return
    updates = len(ends) - 1
    values = {"updates": updates, "why": why}
    if strippable:
        try:
            cleaned = strip_pdf(data)
            collapsed = cleaned is not data and revision_count(cleaned) == 1
        except Exception:
            collapsed = False
        if collapsed:
            report.add(
                FindingKind.INCREMENTAL_UPDATES,
                _(
                    "PDF menyimpan %(updates)d pembaruan bertahap; revisi lama akan dibuang "
                    "otomatis saat publikasi karena berkas ditulis ulang."
                )
                % values,
                severity=INFO,
                count=updates,
            )
            return
    try:
        changed = _changed_pages(data, ends, reader, report)
    except Exception:
        changed = None
    if changed == []:
        report.add(
            FindingKind.INCREMENTAL_UPDATES,
            _(
                "PDF menyimpan %(updates)d pembaruan bertahap (mis. tanda tangan elektronik) "
                "tanpa perubahan isi halaman pada revisi sebelumnya."
            )
            % values,
            severity=INFO,
            count=updates,
        )
        return
    pages = [page for page in changed or [] if page > 0]
    report.add(
        FindingKind.INCREMENTAL_UPDATES,
        _(
            "PDF menyimpan %(updates)d pembaruan bertahap dan revisi sebelumnya berbeda dari "
            "versi akhir: isi yang sudah dihapus atau diubah masih dapat dipulihkan. Simpan "
            "ulang sebagai PDF baru (Save As / Print to PDF) sebelum dirilis."
        )
        % values,
        location=_("Halaman %(pages)s") % {"pages": ranges_text(pages)} if pages else "",
        count=updates,
    )
