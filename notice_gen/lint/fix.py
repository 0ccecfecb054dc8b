"""`notice-gen lint --fix`: rewrite an input in place, changing only what lint reported.

NFD text is fixed on the file's text itself: normalising to NFC changes the decomposed
letters wherever they are (comments too) and moves nothing else. Every other fix replaces
words inside one scalar, and goes through ruamel.yaml in round-trip mode, which keeps the
comments, the key order, the quoting and the folding of ``>-`` text. Round-trip mode
constructs no Python object from a tag (it keeps unknown tags as data), and lint never gets
here for a file that load.py refused (tags, alias bombs).

Two guards make sure the rewrite is only the fix. ruamel re-emits a few things in its own
way (a plain scalar written over several lines comes out on one), so only the lines of the
fixed scalars are taken from its output; every other line is kept as it was. Then the new
text is read back and must equal the old data with exactly the intended values changed; if
not, nothing is written. The file is replaced atomically
(output.write_all: temporary file, then rename), keeping its permissions.
"""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.scalarstring import FoldedScalarString

from ..errors import NoticeError
from ..notice.load import PathKey
from ..render.output import write_all
from .rules import Edit, Finding

DEFAULT_INDENT = (2, 4, 2)  # mapping, sequence, offset: the style of inputs/ and docs/input-format.md


class FixError(NoticeError):
    """The rewrite would change more than the findings; nothing was written."""


@dataclass(frozen=True)
class Change:
    """A finding that --fix took care of, and what it did."""

    finding: Finding
    detail: str

    def __str__(self) -> str:
        f = self.finding
        return f"{f.file}:{f.line}:{f.column}: đã sửa {f.rule}: {self.detail}"


def fix(path: Path, findings: list[Finding], values: dict[PathKey, str]) -> list[Change]:
    """Apply the fixable findings to ``path``; ``values`` are the scalars as lint read them
    (load.Source.data, NFC). Findings whose edits overlap an earlier one's wait for the
    next run. Returns what was changed; writes nothing when nothing is to change."""
    raw = path.read_bytes().decode("utf-8")
    # Work on "\n" lines without a byte-order mark, and give the file back its own.
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in raw else "\n"
    text = raw.removeprefix(bom).replace("\r\n", "\n")
    changes: list[Change] = []
    normalize = [f for f in findings if f.normalize]
    if normalize:
        text = unicodedata.normalize("NFC", text)
        changes += [Change(f, "chuyển cả tệp sang dạng dựng sẵn (NFC)") for f in normalize]
    accepted: dict[PathKey, list[Edit]] = {}
    for finding in findings:
        if not finding.edits or not _fits(finding.edits, accepted):
            continue
        for edit in finding.edits:
            accepted.setdefault(edit.path, []).append(edit)
        shown = "; ".join(f"“{values[e.path][e.start : e.end]}” → “{e.new}”" for e in finding.edits[:3])
        changes.append(Change(finding, shown + ("; …" if len(finding.edits) > 3 else "")))
    if accepted:
        text = _rewrite(text, {p: _apply(values[p], edits) for p, edits in accepted.items()}, accepted, values)
    text = bom + text.replace("\n", newline)
    if text != raw:
        mode = path.stat().st_mode
        write_all({path: text.encode("utf-8")})
        os.chmod(path, mode & 0o7777)
    return changes


def _fits(edits: tuple[Edit, ...], accepted: dict[PathKey, list[Edit]]) -> bool:
    """No edit overlaps one already taken (the unit rule and the tone rule may both fix a word)."""
    return not any(
        edit.start < other.end and other.start < edit.end for edit in edits for other in accepted.get(edit.path, [])
    )


def _apply(value: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        value = value[: edit.start] + edit.new + value[edit.end :]
    return value


def _rewrite(
    text: str, new_values: dict[PathKey, str], edits: dict[PathKey, list[Edit]], values: dict[PathKey, str]
) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a line; folded text keeps its own line breaks
    mapping, sequence, offset = _indentation(yaml, text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    data = yaml.load(text)
    _keep_anchors(data)
    aliases = _aliases(yaml, text)
    done: set[tuple[int, str | int]] = set()
    for path, new in new_values.items():
        replaced: Any = None
        for each in aliases.get(path, [path]):
            parent = _get(data, each[:-1])
            if (id(parent), each[-1]) in done:  # the same mapping or list, reached through an alias
                continue
            done.add((id(parent), each[-1]))
            old = parent[each[-1]]
            if str(old) != values[path]:
                raise FixError(f"giá trị ở {each} không như lúc kiểm tra; hãy chạy lại lint")
            if replaced is None:
                replaced = _like(old, new, edits[path])
            parent[each[-1]] = replaced  # one object everywhere, so ruamel writes &anchor and *alias again
    out = io.StringIO()
    yaml.dump(data, out)
    spliced = _splice(yaml, text, out.getvalue(), set(new_values))
    try:
        expected = YAML(typ="safe", pure=True).load(text)
        for path, new in new_values.items():
            for each in aliases.get(path, [path]):
                _get(expected, each[:-1])[each[-1]] = new
        same = YAML(typ="safe", pure=True).load(spliced) == expected
    except YAMLError as exc:  # a tag the safe loader refuses: lint never sends such a file here
        raise FixError(f"không đọc lại được tệp để kiểm tra bản sửa ({exc.__class__.__name__}); hãy sửa tay") from None
    if not same:
        raise FixError("bản sửa tự động sẽ làm thay đổi cả chỗ khác trong tệp, nên không ghi; hãy sửa tay")
    return spliced


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _keep_anchors(data: Any) -> None:
    """ruamel writes an anchor back only where an alias uses it; an office's unused ``&name``
    (kept for a later ``*name``) must survive the fix too."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        anchor = getattr(node, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            anchor.always_dump = True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _aliases(yaml: YAML, text: str) -> dict[PathKey, list[PathKey]]:
    """For each scalar reached by more than one path (through ``*alias``), all those paths:
    lint reports and fixes it once, and the fix must show wherever the value is used."""
    by_node: dict[int, list[PathKey]] = {}
    for path, node in _nodes(yaml.compose(text)):
        if not isinstance(node, MappingNode | SequenceNode):
            by_node.setdefault(id(node), []).append(path)
    return {path: paths for paths in by_node.values() if len(paths) > 1 for path in paths}


def _nodes(node: Node, path: PathKey = (), above: frozenset[int] = frozenset()) -> Iterator[tuple[PathKey, Node]]:
    """Every node of a composed document with its path; a node reached through an alias at each of its paths."""
    if id(node) in above:  # a recursive alias; load.py refuses these, never loop on one
        return
    yield path, node
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _nodes(value, (*path, key.value), above | {id(node)})
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _nodes(item, (*path, index), above | {id(node)})


def _like(old: Any, new: str, edits: list[Edit]) -> Any:
    """``new`` written as ``old`` was: same quoting or block style, same line folds."""
    if isinstance(old, FoldedScalarString):
        folded = FoldedScalarString(new)
        folded.fold_pos = _refold(old.fold_pos, edits, new)
        replaced: Any = folded
    elif type(old) is not str:
        replaced = type(old)(new)
    else:
        return new
    anchor = getattr(old, "anchor", None)
    if anchor is not None and anchor.value:
        replaced.yaml_set_anchor(anchor.value, always_dump=anchor.always_dump)
    return replaced


def _refold(positions: list[int], edits: list[Edit], new: str) -> list[int]:
    """Where ``>-`` text broke its lines (spaces of the value), after the edits."""
    out = []
    for position in positions:
        if any(e.start <= position < e.end for e in edits):
            continue
        moved = position + sum(len(e.new) - (e.end - e.start) for e in edits if e.end <= position)
        if 0 < moved < len(new) - 1 and new[moved] == " " and new[moved - 1] != " " and new[moved + 1] != " ":
            out.append(moved)
    return out


def _indentation(yaml: YAML, text: str) -> tuple[int, int, int]:
    """The file's own indentation (mapping, sequence, offset), from its first nested block
    mapping and block sequence; the project's style where the file has none."""
    mapping, sequence, offset = DEFAULT_INDENT
    found_mapping = found_sequence = False
    stack: list[Node] = [yaml.compose(text)]
    while stack and not (found_mapping and found_sequence):
        node = stack.pop(0)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(value, MappingNode) and not value.flow_style and not found_mapping:
                    mapping, found_mapping = value.start_mark.column - key.start_mark.column, True
                if isinstance(value, SequenceNode) and not value.flow_style and value.value and not found_sequence:
                    offset = value.start_mark.column - key.start_mark.column
                    sequence = value.value[0].start_mark.column - key.start_mark.column
                    found_sequence = True
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return max(mapping, 1), max(sequence, offset + 2), max(offset, 0)


def _line_ranges(yaml: YAML, text: str, paths: set[PathKey]) -> dict[PathKey, tuple[int, int]]:
    """The lines (0-based, inclusive) each of ``paths``' scalars takes in ``text``."""
    ranges: dict[PathKey, tuple[int, int]] = {}
    for path, node in _nodes(yaml.compose(text)):
        if path in paths:
            end = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
            ranges[path] = (node.start_mark.line, max(end, node.start_mark.line))
    return ranges


def _splice(yaml: YAML, old: str, new: str, paths: set[PathKey]) -> str:
    """``old``, with the lines of each fixed scalar replaced by the lines ruamel wrote for it."""
    before, after = _line_ranges(yaml, old, paths), _line_ranges(yaml, new, paths)
    if set(before) != paths or set(after) != paths:
        raise FixError("không tìm lại được chỗ cần sửa trong tệp; hãy sửa tay")
    regions: list[list[int]] = []  # [old start, old end, new start, new end]; a line may hold two fixed scalars
    for path in sorted(paths, key=lambda p: before[p]):
        (start, end), (new_start, new_end) = before[path], after[path]
        if regions and start <= regions[-1][1]:
            last = regions[-1]
            last[1], last[2], last[3] = max(last[1], end), min(last[2], new_start), max(last[3], new_end)
        else:
            regions.append([start, end, new_start, new_end])
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[str] = []
    kept = 0
    for start, end, new_start, new_end in regions:
        out += old_lines[kept:start] + new_lines[new_start : new_end + 1]
        kept = end + 1
    return "".join(out + old_lines[kept:])
