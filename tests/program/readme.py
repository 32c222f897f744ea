"""README.md's fenced code blocks, with the test marker that may precede each one.

A marker is an HTML comment on the line before the fence (invisible on GitHub):
`<!-- readme-test: compile-only (why) -->` for Python that is not a whole program (a signature), and
`<!-- readme-test: import-output -->` for the sample output of `python -m provider import`. A Python
block without a marker must be a whole Pulumi program: the tests run it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
_MARKER = re.compile(r"<!--\s*readme-test:\s*([a-z-]+)")
_FENCE = re.compile(r"^(`{3,})([\w+-]*)\s*$")


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    line: int
    """1-based line of the opening fence."""
    marker: str | None

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def blocks(path: Path = README) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, language = opening.groups()
        marker = _MARKER.search(lines[index - 1]) if index > 0 else None
        end = index + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        found.append(
            Block(
                language=language,
                code="\n".join(lines[index + 1 : end]) + "\n",
                line=index + 1,
                marker=marker.group(1) if marker else None,
            )
        )
        index = end + 1
    return found


def python_blocks() -> list[Block]:
    return [block for block in blocks() if block.language == "python"]


def program_blocks() -> list[Block]:
    return [block for block in python_blocks() if block.marker is None]


def marked(marker: str) -> Block:
    [block] = [block for block in blocks() if block.marker == marker]
    return block


def section(title: str, path: Path = README) -> str:
    """The text of the `## title` section (up to the next `## `)."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]
