"""Issue 15, item 13: over-long slugs, control characters and .docx zip bombs are clean errors.

On commit d126d35 a slug of 86 to 128 Chinese characters (over 255 bytes) crashed nine commands
with ``OSError: File name too long``; BEL, BS, VT and FF in a text were imported and then crashed
the .docx exports (``All strings must be XML compatible``); a 342 KB .docx declaring 644 MB was
decompressed before being refused.
"""

from __future__ import annotations

import io
import os
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest

from policydiff.compare.textdiff import Segment
from policydiff.errors import InputError, UsageError
from policydiff.importing import import_file
from policydiff.importing.docx import MAX_UNPACKED
from policydiff.render.changelog import Row
from policydiff.render.docx_compare import comparison_docx_bytes
from policydiff.render.docx_export import write_docx
from policydiff.render.docx_layout import xml_safe
from policydiff.storage.repo import MAX_SLUG_BYTES, check_slug
from tests.conftest import SMALL_LEGAL, doc_from_text, file_tree
from tests.test_badinput import invoke

# ---------------------------------------------------------------- slugs


def test_a_slug_of_237_bytes_is_the_longest() -> None:
    assert MAX_SLUG_BYTES == 237
    assert check_slug("甲" * 66) == "甲" * 66
    assert check_slug("a" * 128) == "a" * 128


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("甲" * 80, "invalid document id '甲甲甲甲甲甲甲甲'…: 80 characters, 240 bytes in UTF-8"),
        ("甲" * 86, "invalid document id '甲甲甲甲甲甲甲甲'…: 86 characters, 258 bytes in UTF-8"),
        ("a" * 129, "invalid document id 'aaaaaaaa'…: 129 characters, 129 bytes in UTF-8"),
    ],
)
def test_a_longer_slug_is_refused_in_one_line(slug: str, message: str) -> None:
    """Failed on commit d126d35 for 86 Chinese characters: the slug passed, then OSError (File name too long)."""
    with pytest.raises(UsageError) as caught:
        check_slug(slug)
    assert str(caught.value) == f"{message}; at most 128 characters and 237 bytes"


@pytest.mark.parametrize("command", ["show", "log", "blame", "diff"])
def test_every_command_refuses_an_over_long_slug(command: str, tmp_path: Path) -> None:
    """Failed on commit d126d35: an OSError traceback (File name too long)."""
    (tmp_path / "documents").mkdir()
    code, out, err, crash = invoke([command, "甲" * 86, *(["v1", "v1"] if command == "diff" else [])], tmp_path)
    message = "invalid document id '甲甲甲甲甲甲甲甲'…: 86 characters, 258 bytes in UTF-8"
    assert (code, out, err, crash) == (2, "", f"policydiff: {message}; at most 128 characters and 237 bytes\n", None)


def test_the_longest_slug_imports_and_amends(tmp_path: Path) -> None:
    """The staging folder of the longest slug (18 bytes more) still fits a file name."""
    slug = "甲" * 66
    (tmp_path / "a.txt").write_text("示例办法\n第一条 为了规范示例工作，制定本办法。\n", encoding="utf-8")
    (tmp_path / "n.txt").write_text(
        "关于修改《示例办法》的决定\n一、将第一条中的“示例”修改为“示范”。\n", encoding="utf-8"
    )
    assert invoke(["import", "a.txt", "--id", slug], tmp_path)[0] == 0
    assert invoke(["apply", slug, "n.txt"], tmp_path)[0] == 0
    assert invoke(["show", slug], tmp_path)[1] == "示例办法\n第一条 为了规范示范工作，制定本办法。\n"


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize(("char", "name"), [("\a", "BEL"), ("\b", "BS"), ("\v", "VT"), ("\f", "FF"), ("\x1b", "ESC")])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_an_import_refuses_control_characters_with_line_and_column(
    char: str, name: str, suffix: str, tmp_path: Path
) -> None:
    """Failed on commit d126d35: the character was imported (and crashed the .docx export)."""
    head = "# 示例办法\n\n" if suffix == ".md" else "示例办法\n"
    source = tmp_path / f"a{suffix}"
    source.write_text(f"{head}第一条 为了规范{char}示例工作，制定本办法。\n", encoding="utf-8")
    before = file_tree(tmp_path)
    code, out, err, _ = invoke(["import", source.name], tmp_path)
    line = head.count("\n") + 1
    expected = f"a{suffix}:{line}:9: control character U+{ord(char):04X} ({name}) in the text: a document keeps none\n"
    assert (code, out, err) == (2, "", expected)
    assert file_tree(tmp_path) == before


def test_gb18030_text_with_a_control_character_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes("示例办法\n第一条 内容。\n\n第二条 内\x07容。\n".encode("gb18030"))
    with pytest.raises(InputError) as caught:
        import_file(source, slug="a")
    assert str(caught.value) == f"{source}:4:6: control character U+0007 (BEL) in the text: a document keeps none"


def test_xml_safe_shows_each_control_as_its_picture() -> None:
    assert xml_safe("甲\a乙\b丙\v丁\f戊\x1b己\ufffe庚\uffff\tend") == "甲␇乙␈丙␋丁␌戊␛己\ufffd庚\ufffd\tend"
    assert xml_safe("没有控制字符。\n第二行") == "没有控制字符。\n第二行"


def _with_controls(text: str) -> str:
    # Not VT and FF here: splitlines would read them as line ends.
    return text.replace("为了示例", "为了\a示\b例\x1b").replace("示例办法", "示例\x07办法", 1)


def test_the_docx_export_shows_control_characters(tmp_path: Path) -> None:
    """Failed on commit d126d35: ValueError: All strings must be XML compatible."""
    doc = doc_from_text(_with_controls(SMALL_LEGAL))
    path = tmp_path / "out.docx"
    write_docx(doc, path)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[0] == "示例␇办法"
    assert "第一条 为了␇示␈例␛，制定本办法。" in texts
    assert docx.Document(str(path)).core_properties.title == "示例␇办法"


def test_the_comparison_docx_shows_control_characters() -> None:
    """Failed on commit d126d35: ValueError: All strings must be XML compatible."""
    row = Row(
        "a1", "modified", (Segment("equal", "本办法\a"),), (Segment("insert", "自\f公布"),), "修改", "a1", "第一条"
    )
    data = comparison_docx_bytes([row], "示例\b办法", subtitle="第\v1号")
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["示例␈办法修订对照表", "第␋1号"]
    cells = [cell.text for cell in document.tables[0].rows[1].cells]
    assert "本办法␇" in cells and "自␌公布" in cells


def test_render_docx_of_a_hand_edited_document_with_controls(tmp_path: Path) -> None:
    """Failed on commit d126d35: a ValueError traceback (All strings must be XML compatible)."""
    shutil.copytree(Path(__file__).parent / "badinput" / "yaml-num-past-max" / "documents", tmp_path / "documents")
    path = tmp_path / "documents" / "demo" / "document.yaml"
    text = path.read_text(encoding="utf-8").replace("num: 100000000", "num: 2")
    path.write_text(
        text.replace("text: 本办法自公布之日起施行。", 'text: "本办法\\a自公布之日起施行。"'), encoding="utf-8"
    )
    assert invoke(["render", "demo", "--format", "docx", "-o", "out.docx"], tmp_path)[:3] == (0, "wrote out.docx\n", "")
    assert [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs][
        -1
    ] == "第二条 本办法␇自公布之日起施行。"


# ---------------------------------------------------------------- zip bombs


def _bomb(tmp_path: Path, megabytes: int) -> Path:
    """A real .docx (its parts 0.8 MB) with a part of *megabytes* MB of zeros added: some 140 KB for 101 MB."""
    path = tmp_path / "bomb.docx"
    write_docx(doc_from_text(SMALL_LEGAL), path)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as package,
        package.open("word/media/zeros.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(megabytes):
            part.write(bytes(2**20))
    return path


def test_a_docx_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    """Failed on commit d126d35: this bomb was decompressed and imported (the review's 644 MB one was refused only after)."""
    path = _bomb(tmp_path, 101)
    assert os.path.getsize(path) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            import_file(path, slug="bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (
        str(caught.value) == f"{path}: the .docx unpacks to 102 MB; at most 100 MB are read"
    )  # 101 MB of zeros and 0.8 MB of parts
    assert peak < 10 * 2**20


def test_a_docx_just_under_the_bound_is_read(tmp_path: Path) -> None:
    path = _bomb(tmp_path, 99)
    total = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    assert total <= MAX_UNPACKED
    result = import_file(path, slug="big")
    assert result.document.title == "示例办法"
