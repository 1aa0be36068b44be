"""Importing text PDFs: paragraphs from line geometry, running headers and page numbers dropped.

The PDFs are made during the test:

- always, by a small PDF writer below: a CID-keyed Type0 font (Identity-H, one
  code per Unicode character) with a ToUnicode map, the way PDF producers write
  Chinese text. No font program is embedded, so viewers draw nothing, but the
  text layer is complete, which is all an extractor reads. The pages are set like
  an official document: 16 pt text, 27 characters a line, 22 lines a page, first
  lines indented, a 22 pt title over two centred lines, a running header and a
  ``— N —`` page number on every page;
- when LibreOffice is installed (``soffice``), from the exported .docx (the
  text, and the comparison table, whose laid-out heading is checked);
- when Debian's Chromium is installed, from an HTML page of the text (Chromium's
  print to PDF embeds real font subsets).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from policydiff.errors import InputError, SourceError
from policydiff.history import versions
from policydiff.importing import import_office, import_text
from policydiff.importing.office import read_parts
from policydiff.importing.pdf import NO_TEXT_LAYER, NO_UNICODE, NOT_PDF, read_pdf
from policydiff.model.plaintext import lines, to_text
from policydiff.render.changelog import rows
from policydiff.render.docx_compare import write_comparison_docx
from policydiff.render.docx_export import write_docx
from policydiff.storage.repo import Repository

ROOT = Path(__file__).parent.parent
PAGE_W, PAGE_H = 595.3, 841.9
LEFT = 79.4  # 28 mm
SIZE, TITLE_SIZE = 16.0, 22.0
CHARS = 27
PITCH = 28.95
TOP = PAGE_H - 104.9 - SIZE  # the first baseline under a 37 mm top margin
LINES_PER_PAGE = 22
HEADER = "示例学院文件汇编"


# ---------------------------------------------------------------- a tiny PDF writer


@dataclass(frozen=True)
class Text:
    """One line of text drawn at (x, y), the baseline's start, in points."""

    x: float
    y: float
    size: float
    text: str


def width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x7F else size / 2 for ch in text)


def wrap(paragraph: str, indent: float, room: float, size: float) -> list[str]:
    """Greedy line breaking by width, the first line *indent* narrower."""
    out, line = [], ""
    for ch in paragraph:
        limit = room - (indent if not out else 0)
        if line and width(line + ch, size) > limit:
            out.append(line)
            line = ""
        line += ch
    return [*out, line] if line else out


def typeset(title: str, paragraphs: list[str], *, indent: bool = True, header: str | None = None) -> list[list[Text]]:
    """Pages of lines: the title centred over lines of at most 14 characters, then the paragraphs."""
    room = CHARS * SIZE
    placed: list[tuple[float, float, str]] = []  # (x, size, text) in reading order; None for a blank line
    for part in wrap(title, 0, 14 * TITLE_SIZE, TITLE_SIZE):
        placed.append((LEFT + (room - width(part, TITLE_SIZE)) / 2, TITLE_SIZE, part))
    placed.append((LEFT, SIZE, ""))
    for paragraph in paragraphs:
        first = 2 * SIZE if indent else 0
        for n, part in enumerate(wrap(paragraph, first, room, SIZE)):
            placed.append((LEFT + (first if n == 0 else 0), SIZE, part))
    pages = []
    for start in range(0, len(placed), LINES_PER_PAGE):
        page = [
            Text(x, TOP - i * PITCH, size, t)
            for i, (x, size, t) in enumerate(placed[start : start + LINES_PER_PAGE])
            if t
        ]
        number = f"— {len(pages) + 1} —"
        page.append(Text((PAGE_W - width(number, 14)) / 2, 60, 14, number))
        if header:
            page.insert(0, Text((PAGE_W - width(header, 10.5)) / 2, PAGE_H - 60, 10.5, header))
        pages.append(page)
    return pages


def _hex(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text)


def _to_unicode(chars: set[str]) -> bytes:
    codes = sorted(ord(ch) for ch in chars)
    blocks = []
    for i in range(0, len(codes), 100):
        chunk = codes[i : i + 100]
        pairs = "\n".join(f"<{c:04X}> <{c:04X}>" for c in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{pairs}\nendbfchar")
    body = "\n".join(blocks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        f"1 begincodespacerange <0000> <FFFF> endcodespacerange\n{body}\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def pdf_bytes(pages: list[list[Text]], *, to_unicode: bool = True, image_only: bool = False) -> bytes:
    """A PDF of *pages*; without a ToUnicode map when told, or only an image on each page (a scan)."""
    chars = {ch for page in pages for t in page for ch in t.text}
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]  # 2: the page tree, filled in last
    unicode_ref = ""
    if to_unicode:
        objects.append(_stream(_to_unicode(chars)))
        unicode_ref = f"/ToUnicode {len(objects)} 0 R "
    objects.append(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>"
    )
    objects.append(
        f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 /W [32 126 500] "
        f"/FontDescriptor {len(objects)} 0 R "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>".encode()
    )
    cid_font = len(objects)
    objects.append(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] {unicode_ref}>>".encode()
    )
    font = len(objects)
    objects.append(
        _stream(
            b"\xff", "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        )
    )
    image = len(objects)
    kids = []
    for page in pages:
        if image_only:
            content = b"q 400 0 0 600 100 100 cm /Im1 Do Q"
        else:
            content = "\n".join(
                f"BT /F1 {t.size} Tf 1 0 0 1 {t.x:.2f} {t.y:.2f} Tm <{_hex(t.text)}> Tj ET" for t in page
            ).encode()
        objects.append(_stream(content))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Contents {len(objects)} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> /XObject << /Im1 {image} 0 R >> >> >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    return _serialise(objects)


def _serialise(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_pdf(path: Path, title: str, paragraphs: list[str], **kwargs: bool) -> Path:
    indent = kwargs.pop("indent", True)
    path.write_bytes(pdf_bytes(typeset(title, paragraphs, indent=indent), **kwargs))
    return path


# ---------------------------------------------------------------- tests on generated PDFs

SMALL = [
    "为了加强网络意识形态工作，落实工作责任，根据有关规定，结合本校实际，制定本办法。本办法适用于全校各级党组织。",
    "一、组织领导",
    "（一）学校党委对网络意识形态工作负主体责任，党委书记是第一责任人，分管领导是直接责任人。",
    "（二）各单位党组织书记是本单位网络意识形态工作第一责任人。",
    "二、附则",
    "本办法自2021年5月21日起施行。",
]
SMALL_TITLE = "示例学院网络意识形态工作责任制实施办法"


def test_lines_become_paragraphs_and_the_title_one_line(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "small.pdf", SMALL_TITLE, SMALL)
    assert read_pdf(path) == "".join(line + "\n" for line in [SMALL_TITLE, *SMALL])


def test_a_full_last_line_still_ends_its_paragraph_before_an_indented_line(tmp_path: Path) -> None:
    # 25 characters fill the indented first line and 27 the second: the paragraph ends exactly at the margin.
    full = "甲" * 24 + "，" + "乙" * 26 + "。"
    path = write_pdf(tmp_path / "full.pdf", SMALL_TITLE, [full, "下一段。"])
    assert read_pdf(path) == f"{SMALL_TITLE}\n{full}\n下一段。\n"


def test_unindented_text_starts_a_paragraph_at_a_label_after_a_sentence(tmp_path: Path) -> None:
    first = "第一条 " + "甲" * 46 + "。"  # 27 columns + 24: two lines, the second short
    full = "第二条 " + "乙" * 47 + "。"  # fills both lines exactly
    path = write_pdf(tmp_path / "legal.pdf", "示例条例", [first, full, "第三条 本条例自公布之日起施行。"], indent=False)
    assert read_pdf(path).splitlines() == ["示例条例", first, full, "第三条 本条例自公布之日起施行。"]


def test_pages_headers_and_page_numbers_of_a_seed_document(tmp_path: Path) -> None:
    doc = Repository(ROOT).load("fjwy-network-ideology")
    text = lines(doc)
    pages = typeset(text[0], text[1:], header=HEADER)
    assert len(pages) > 5
    path = tmp_path / "fjwy.pdf"
    path.write_bytes(pdf_bytes(pages))
    assert read_pdf(path) == to_text(doc)
    result = import_office(path, slug=doc.slug)
    assert result.encoding == "pdf"
    assert to_text(result.document) == to_text(doc)


def test_import_equals_text_import(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "small.pdf", SMALL_TITLE, SMALL)
    from_pdf = import_office(path, slug="small")
    from_text = import_text("\n".join([SMALL_TITLE, *SMALL]), slug="small", name="small.txt")
    assert (from_pdf.document, from_pdf.warnings) == from_text


def test_title_set_large_gives_the_title_when_the_text_does_not(tmp_path: Path) -> None:
    title = "校区意识形态工作细则（原文无标题，据内容拟）"
    path = write_pdf(tmp_path / "t.pdf", title, ["第一条 为了示例，制定本细则。", "第二条 本细则自印发之日起施行。"])
    assert read_parts(path).title == title
    assert import_office(path, slug="t").document.title == title


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(typeset(SMALL_TITLE, SMALL), image_only=True))
    with pytest.raises(SourceError) as err:
        read_pdf(path)
    assert err.value.message == (
        "the PDF has no text layer (a scanned image?): policydiff reads text PDFs only and does no OCR; "
        "run OCR on it first or import the original .docx or text"
    )
    assert err.value.message == NO_TEXT_LAYER
    assert str(err.value).startswith(f"{path}: ")


def test_scan_with_only_page_numbers_in_its_text_layer(tmp_path: Path) -> None:
    pages = [[Text(280, 60, 14, f"— {n} —")] for n in (1, 2, 3)]
    path = tmp_path / "stamped.pdf"
    path.write_bytes(pdf_bytes(pages))
    with pytest.raises(SourceError) as err:
        read_pdf(path)
    assert err.value.message == NO_TEXT_LAYER


def test_fonts_without_unicode_map(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cid.pdf", SMALL_TITLE, SMALL, to_unicode=False)
    with pytest.raises(SourceError) as err:
        read_pdf(path)
    assert err.value.message == NO_UNICODE


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("不是 PDF", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_pdf(path)
    assert err.value.message == NOT_PDF


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    with pytest.raises(InputError) as err:
        read_pdf(path)
    assert err.value.message.startswith("cannot read the PDF")


# ---------------------------------------------------------------- PDFs from real producers

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = Path("/usr/bin/chromium")


LO_SLUGS = ["fjwy-network-ideology", "prc-constitution", "seed004-part6"]


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exported .docx of each of LO_SLUGS, converted to PDF by LibreOffice in one run."""
    assert SOFFICE is not None
    out = tmp_path_factory.mktemp("libreoffice")
    repo = Repository(ROOT)
    files = []
    for slug in LO_SLUGS:
        write_docx(repo.load(slug), out / f"{slug}.docx")
        files.append(str(out / f"{slug}.docx"))
    history = versions(repo, "fjwy-network-ideology")
    table, renumbered = rows(history[0], history[1])
    write_comparison_docx(table, out / "compare.docx", history[1].document.title, renumbered=renumbered)
    files.append(str(out / "compare.docx"))
    profile = (out / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
    subprocess.run([*command, *files], check=True, capture_output=True, timeout=300)
    return out


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("slug", LO_SLUGS)
def test_exported_docx_through_libreoffice_pdf_comes_back(libreoffice_pdfs: Path, slug: str) -> None:
    doc = Repository(ROOT).load(slug)
    pdf = libreoffice_pdfs / f"{slug}.pdf"
    assert to_text(import_office(pdf, slug=slug).document) == to_text(doc)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_long_comparison_heading_breaks_before_the_suffix_in_libreoffice(libreoffice_pdfs: Path) -> None:
    first_page = extract_text(str(libreoffice_pdfs / "compare.pdf"), page_numbers=[0]).splitlines()
    assert first_page[:3] == ["中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法", "修订对照表", ""]


def _html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 37mm 26mm 35mm 28mm }"
        "body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 28.95pt; margin: 0 }"
        "h1 { font-size: 22pt; text-align: center; font-weight: normal; margin: 0 0 28.95pt; line-height: 1.3 }"
        "p { text-indent: 2em; margin: 0; text-align: justify }"
        f"</style><h1>{title}</h1>{body}</html>"
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium does not exist")
def test_chromium_pdf_comes_back(tmp_path: Path) -> None:
    doc = Repository(ROOT).load("fjwy-network-ideology")
    text = lines(doc)
    page = tmp_path / "doc.html"
    page.write_text(_html(text[0], text[1:]), encoding="utf-8")
    pdf = tmp_path / "doc.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf-no-header"]
    subprocess.run(
        [str(CHROMIUM), *flags, f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120
    )
    assert to_text(import_office(pdf, slug=doc.slug).document) == to_text(doc)
