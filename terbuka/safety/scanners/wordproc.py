"""Word processing (DOCX and ODT): comments, tracked changes, hidden text and author metadata.

The body, headers, footers, footnotes and endnotes are streamed paragraph by paragraph. Deleted
text (still in the file while changes are tracked), hidden text and comments are checked for
personal data but never go to the search text. Text hidden through a character or paragraph
style is found as well as direct formatting.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _

from terbuka.safety.models import FindingKind
from terbuka.safety.scanners import office
from terbuka.safety.scanners.archive import (
    Archive,
    Unreadable,
    element_text,
    local,
    namespace,
    relationships,
)
from terbuka.safety.scanners.base import Report, ranges_text

CHUNK = 5_000
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OFF = ("0", "false", "off")
# OOXML revision marks: content, paragraph-mark, table and formatting changes.
_DOCX_CHANGES = frozenset(
    {
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    }
)
_DOCX_PARTS = ("header", "footer", "footnotes", "endnotes")


def _part_label(rel_type: str) -> str:
    labels = {
        "header": _("Kepala halaman"),
        "footer": _("Kaki halaman"),
        "footnotes": _("Catatan kaki"),
        "endnotes": _("Catatan akhir"),
    }
    return labels[rel_type]


class _Paragraphs:
    """Batches paragraph text for the personal-data check and keeps the counts."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.values: list[str] = []
        self.labels: list[str] = []
        self.hidden_chars = 0
        self.hidden_places: list[str] = []
        self.change_places: list[str] = []

    def add(self, text: str, label: str) -> None:
        if text.strip():
            self.values.append(text)
            self.labels.append(label)
            if len(self.values) >= CHUNK:
                self.flush()

    def hidden(self, text: str, label: str) -> None:
        if text.strip():
            self.hidden_chars += len(text.strip())
            if label not in self.hidden_places[-1:]:
                self.hidden_places.append(label)
            self.add(text, label)

    def flush(self) -> None:
        self.report.cells(self.values, self.labels)
        self.values, self.labels = [], []

    def findings(self, changes: int, comments: int) -> None:
        self.flush()
        if changes:
            self.report.add(
                FindingKind.TRACKED_CHANGES,
                _(
                    "Dokumen memuat %(count)d perubahan terlacak (Track Changes), termasuk teks "
                    "yang dihapus tetapi masih tersimpan. Terima atau tolak semua perubahan lalu "
                    "matikan Track Changes sebelum dirilis."
                )
                % {"count": changes},
                location=_places(self.change_places),
                count=changes,
            )
        if self.hidden_chars:
            self.report.add(
                FindingKind.HIDDEN_TEXT,
                _(
                    "Dokumen memuat %(count)d karakter teks tersembunyi (format Hidden) yang "
                    "tidak tampak saat dibaca tetapi ikut terunduh. Hapus teks itu."
                )
                % {"count": self.hidden_chars},
                location=_places(self.hidden_places),
                count=self.hidden_chars,
            )
        if comments:
            self.report.add(
                FindingKind.COMMENTS,
                _(
                    "Dokumen memuat %(count)d komentar yang ikut terunduh. Hapus semua komentar "
                    "sebelum dirilis."
                )
                % {"count": comments},
                location=_("Komentar"),
                count=comments,
            )


def _places(labels: list[str]) -> str:
    """Group 'Dokumen, paragraf N' labels by part: 'Dokumen, paragraf 3-5, 9'."""
    grouped: dict[str, list[int]] = {}
    for label in labels:
        part, _sep, number = label.rpartition(" ")
        if number.isdigit():
            grouped.setdefault(part, []).append(int(number))
    return "; ".join(f"{part} {ranges_text(numbers)}" for part, numbers in grouped.items())


# --- DOCX ------------------------------------------------------------------------------------


class _Docx:
    def __init__(self, archive: Archive, report: Report) -> None:
        self.archive = archive
        self.report = report
        self.paragraphs = _Paragraphs(report)
        self.changes = 0
        self.changed = False  # a revision mark since the last paragraph ended
        self.hidden_styles: set[str] = set()
        self.hidden_paragraph_styles: set[str] = set()

    def main_part(self) -> str:
        for rel_type, target, _mode in relationships(self.archive, "").values():
            if rel_type == "officeDocument":
                return target
        return "word/document.xml"

    def styles(self, part: str) -> None:
        for style in self.archive.xml(part).iter():
            if local(style.tag) != "style":
                continue
            style_id = next((v for k, v in style.attrib.items() if local(k) == "styleId"), "")
            for child in style:
                if local(child.tag) != "rPr":
                    continue
                for prop in child:
                    value = next((v for k, v in prop.attrib.items() if local(k) == "val"), "1")
                    if local(prop.tag) == "vanish" and value not in _OFF:
                        if (
                            next((v for k, v in style.attrib.items() if local(k) == "type"), "")
                            == "paragraph"
                        ):
                            self.hidden_paragraph_styles.add(style_id)
                        else:
                            self.hidden_styles.add(style_id)

    def read_part(self, part: str, label: str, searchable: bool) -> None:
        ns = ""
        tags: dict[str, str] = {}
        stack: list[Element] = []
        number = 0
        fallback = 0
        for event, element in self.archive.iterparse(part, ("start", "end")):
            if event == "start":
                if not ns:
                    ns = namespace(element.tag)
                    tags = {
                        name: ns + name
                        for name in (
                            "p",
                            "r",
                            "t",
                            "delText",
                            "rPr",
                            "vanish",
                            "rStyle",
                            "pPr",
                            "pStyle",
                            "tab",
                            "br",
                            "cr",
                            "val",
                        )
                    }
                stack.append(element)
                fallback += element.tag == _MC_FALLBACK
                continue
            stack.pop()
            if element.tag == _MC_FALLBACK:
                fallback -= 1
                continue
            name = element.tag[len(ns) :] if element.tag.startswith(ns) else ""
            if name in _DOCX_CHANGES:
                self.changes += not fallback
                self.changed = True
                continue
            if element.tag != tags["p"]:
                continue
            if fallback:  # a copy of a text box for old readers: already read in mc:Choice
                if stack:
                    stack[-1].remove(element)
                continue
            number += 1
            place = f"{label} {number}"
            if self.changed:
                self.changed = False
                self.paragraphs.change_places.append(place)
            self._paragraph(element, tags, place, searchable)
            if stack:
                stack[-1].remove(element)

    def _paragraph(
        self, paragraph: Element, tags: dict[str, str], place: str, searchable: bool
    ) -> None:
        para_hidden = False
        ppr = paragraph.find(tags["pPr"])
        if ppr is not None:
            style = ppr.find(tags["pStyle"])
            para_hidden = (
                style is not None and style.get(tags["val"]) in self.hidden_paragraph_styles
            )
        visible: list[str] = []
        hidden: list[str] = []
        deleted: list[str] = []
        for run in paragraph.iter(tags["r"]):
            run_hidden = para_hidden
            rpr = run.find(tags["rPr"])
            if rpr is not None:
                vanish = rpr.find(tags["vanish"])
                style = rpr.find(tags["rStyle"])
                if vanish is not None:
                    run_hidden = vanish.get(tags["val"], "1") not in _OFF
                elif style is not None and style.get(tags["val"]) in self.hidden_styles:
                    run_hidden = True
            for child in run:
                if child.tag == tags["t"]:
                    (hidden if run_hidden else visible).append(child.text or "")
                elif child.tag == tags["delText"]:
                    deleted.append(child.text or "")
                elif child.tag in (tags["tab"], tags["br"], tags["cr"]):
                    (hidden if run_hidden else visible).append(" ")
        text = "".join(visible)
        if searchable:
            self.report.search(text)
        self.paragraphs.add(text, place)
        self.paragraphs.hidden("".join(hidden), place)
        self.paragraphs.add(" ".join(deleted), place)

    def comments(self, part: str) -> int:
        count = 0
        for element in self.archive.xml(part):
            if local(element.tag) == "comment":
                count += 1
                self.report.text(
                    element_text(element),
                    _("Komentar %(number)d") % {"number": count},
                    searchable=False,
                )
        return count

    def run(self) -> None:
        main = self.main_part()
        rels = relationships(self.archive, main)
        for rel_type, target, _mode in rels.values():
            if rel_type == "styles" and self.archive.has(target):
                self.styles(target)
        self.read_part(main, _("Dokumen, paragraf"), searchable=True)
        comments = 0
        for rel_type, target, _mode in sorted(rels.values(), key=lambda rel: rel[1]):
            if not self.archive.has(target):
                continue
            if rel_type in _DOCX_PARTS:
                label = _("%(part)s (%(file)s), paragraf") % {
                    "part": _part_label(rel_type),
                    "file": target.rpartition("/")[2],
                }
                self.read_part(target, label, searchable=rel_type in ("footnotes", "endnotes"))
            elif rel_type == "comments":
                comments += self.comments(target)
        self.paragraphs.findings(self.changes, comments)
        office.macros(self.archive, self.report)
        office.embedded_objects(self.archive, self.report, ("word/embeddings/",))
        office.author_metadata(self.archive, self.report)


def scan_docx(archive: Archive, report: Report) -> None:
    if office.duplicate_members(archive, report):
        return
    try:
        _Docx(archive, report).run()
    except Unreadable as exc:
        office.unreadable(report, str(exc))


# --- ODT -------------------------------------------------------------------------------------

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODT_PARAGRAPHS = (TEXT + "p", TEXT + "h")
_ODT_SPACES = (TEXT + "s", TEXT + "tab", TEXT + "line-break")


class _Odt:
    def __init__(self, archive: Archive, report: Report) -> None:
        self.archive = archive
        self.report = report
        self.paragraphs = _Paragraphs(report)
        self.hidden_styles: set[str] = set()
        self.changes = 0
        self.comments = 0

    def _style(self, element: Element) -> None:
        properties = element.find(STYLE + "text-properties")
        if properties is not None and properties.get(TEXT + "display") in ("none", "condition"):
            self.hidden_styles.add(element.get(STYLE + "name", ""))

    def _split(
        self, element: Element, hidden: bool, visible: list[str], concealed: list[str]
    ) -> None:
        if element.text:
            (concealed if hidden else visible).append(element.text)
        for child in element:
            if child.tag == OFFICE + "annotation":
                pass  # its paragraphs were read as a comment
            elif child.tag == TEXT + "hidden-text":
                concealed.append(child.get(TEXT + "string-value", ""))
            elif child.tag in _ODT_SPACES:
                (concealed if hidden else visible).append(" ")
            else:
                child_hidden = hidden or child.get(TEXT + "style-name") in self.hidden_styles
                self._split(child, child_hidden, visible, concealed)
            if child.tail:
                (concealed if hidden else visible).append(child.tail)

    def run(self) -> None:
        if self.archive.has("styles.xml"):
            for element in self.archive.xml("styles.xml").iter(STYLE + "style"):
                self._style(element)
        stack: list[Element] = []
        number = 0
        comment_text: list[str] = []
        label = _("Dokumen, paragraf")
        for event, element in self.archive.iterparse("content.xml", ("start", "end")):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            tag = element.tag
            if tag == STYLE + "style":
                self._style(element)
            elif tag == TEXT + "changed-region":
                self.changes += 1
            elif tag == OFFICE + "annotation":
                self.comments += 1
                self.report.text(
                    "\n".join(comment_text),
                    _("Komentar %(number)d") % {"number": self.comments},
                    searchable=False,
                )
                comment_text = []
            elif tag in _ODT_PARAGRAPHS:
                tags = {e.tag for e in stack}
                if OFFICE + "annotation" in tags:
                    comment_text.append(element_text(element))
                elif TEXT + "deletion" in tags:
                    self.paragraphs.add(
                        element_text(element), _("Teks terhapus (perubahan terlacak)")
                    )
                else:
                    number += 1
                    place = f"{label} {number}"
                    hidden = (
                        element.get(TEXT + "style-name") in self.hidden_styles
                        or any(
                            e.tag == TEXT + "section"
                            and e.get(TEXT + "display") in ("none", "condition")
                            for e in stack
                        )
                        or any(
                            child.tag == TEXT + "hidden-paragraph"
                            and child.get(TEXT + "is-hidden", "true") != "false"
                            for child in element
                        )
                    )
                    visible: list[str] = []
                    concealed: list[str] = []
                    self._split(element, hidden, visible, concealed)
                    text = "".join(visible)
                    self.report.search(text)
                    self.paragraphs.add(text, place)
                    self.paragraphs.hidden("".join(concealed), place)
                if stack:
                    stack[-1].remove(element)
        self.paragraphs.findings(self.changes, self.comments)
        office.macros(self.archive, self.report)
        office.odf_embedded_objects(self.archive, self.report)
        office.author_metadata(self.archive, self.report)


def scan_odt(archive: Archive, report: Report) -> None:
    if office.duplicate_members(archive, report):
        return
    try:
        _Odt(archive, report).run()
    except Unreadable as exc:
        office.unreadable(report, str(exc))
