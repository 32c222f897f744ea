"""Reading the user docs (README.md, docs/*.md) the way the docs tests need: code blocks, tables, links.

A code block may be preceded by a marker, an HTML comment on the line before its fence (invisible when
rendered): `<!-- docs-test: compile-only (why) -->` for Python that is not a whole program, `script` for
plain Python that runs as it is, and a name (`import-output`, `missing-settings`, `shadowing`) for a
sample output that a test compares with what the code prints. A Python block without a marker must be
a whole Pulumi program: the tests run it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / "README.md"
DOCS = REPO_ROOT / "docs"
ARCHITECTURE = REPO_ROOT / "ARCHITECTURE.md"


def user_docs() -> list[Path]:
    """README.md and every page of docs/, in a stable order."""
    return [README, *sorted(DOCS.glob("*.md"))]


def shown(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


_MARKER = re.compile(r"<!--\s*docs-test:\s*([a-z-]+)")
_FENCE = re.compile(r"^(\s*)(`{3,})([\w+-]*)\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


@dataclass(frozen=True)
class Block:
    path: Path
    language: str
    code: str
    line: int
    """1-based line of the opening fence."""
    marker: str | None

    @property
    def id(self) -> str:
        return f"{shown(self.path)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """Every fenced code block of `path` (also inside list items: the indent is removed)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence, language = opening.groups()
        before = next((line for line in reversed(lines[:index]) if line.strip()), "")
        marker = _MARKER.search(before)
        end = index + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        code = [line[len(indent) :] if line.startswith(indent) else line for line in lines[index + 1 : end]]
        found.append(
            Block(
                path=path,
                language=language,
                code="\n".join(code) + "\n",
                line=index + 1,
                marker=marker.group(1) if marker else None,
            )
        )
        index = end + 1
    return found


def all_blocks() -> list[Block]:
    return [block for path in user_docs() for block in blocks(path)]


def marked(marker: str) -> Block:
    """The one block of the user docs with this marker."""
    [block] = [block for block in all_blocks() if block.marker == marker]
    return block


def headings(path: Path) -> list[tuple[int, str]]:
    """(level, title) of every heading outside code blocks."""
    result: list[tuple[int, str]] = []
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            continue
        heading = None if in_code else _HEADING.match(line)
        if heading:
            result.append((len(heading.group(1)), heading.group(2)))
    return result


def section(path: Path, title: str) -> str:
    """The text under the heading `title`, up to the next heading of the same or a higher level."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for start, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and heading.group(2) == title:
            level = len(heading.group(1))
            end = start + 1
            while end < len(lines):
                following = _HEADING.match(lines[end])
                if following and len(following.group(1)) <= level:
                    break
                end += 1
            return "\n".join(lines[start:end])
    raise KeyError(f"{shown(path)} has no heading {title!r}")


def table(text: str) -> list[dict[str, str]]:
    """The first Markdown table in `text`, as one dict per row keyed by the header cells."""
    lines = [line.strip() for line in text.splitlines()]
    start = next((index for index, line in enumerate(lines) if line.startswith("|")), None)
    if start is None:
        raise ValueError("no table")
    rows: list[str] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    header = _cells(rows[0])
    return [dict(zip(header, _cells(row), strict=True)) for row in rows[2:]]


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def code_spans(text: str) -> list[str]:
    """The contents of every `code span` in `text`, in order."""
    return re.findall(r"`([^`]+)`", text)


def slug(title: str) -> str:
    """The anchor GitHub gives a heading."""
    text = title.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def links(path: Path) -> list[tuple[str, str]]:
    """(target, anchor) of every relative link in `path` outside code blocks; the target is "" for a link
    to an anchor of the same page."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    found: list[tuple[str, str]] = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+://", target) or target.startswith("mailto:"):
            continue
        file, _, anchor = target.partition("#")
        found.append((file, anchor))
    return found
