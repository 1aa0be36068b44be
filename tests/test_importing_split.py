from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.importing.split import is_title, split_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_003_holds_eight_titled_documents() -> None:
    text = seed("003")
    parts = split_text(text)
    assert "".join(p.text for p in parts) == text
    spans = [(1, 10), (11, 20), (21, 29), (30, 48), (49, 57), (58, 66), (67, 82), (83, 127)]
    numbers = "一二三四五六七八"
    assert [(p.start + 1, p.end, p.title, p.reason) for p in parts] == [
        (s, e, f"推荐网络意识形态安全方案总结{n}", "title") for (s, e), n in zip(spans, numbers, strict=True)
    ]


def test_seed_004_holds_ten_untitled_documents_split_at_restarts() -> None:
    text = seed("004")
    parts = split_text(text)
    assert "".join(p.text for p in parts) == text
    assert [(p.start + 1, p.end) for p in parts] == [
        (1, 27), (28, 60), (61, 85), (86, 106), (107, 137), (138, 184), (185, 218), (219, 234), (235, 244), (245, 271),
    ]  # fmt: skip
    assert [p.title for p in parts] == [None] * 10
    assert [p.reason for p in parts] == ["start of file"] + ["numbering starts again at 一、"] * 9


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("推荐网络意识形态安全方案总结八", True),
        ("学校意识形态工作责任制实施方案", True),
        ("一、指导思想", False),
        ("市委网信办主任提出了三点要求：", False),
        ("要提高政治站位，增强做好网络意识形态工作的责任感", False),
        ("组织领导", False),
    ],
)
def test_title_lines(line: str, expected: bool) -> None:
    assert is_title(line) is expected
