"""Read a YAML file into plain data, remembering where every value stood.

The YAML is composed into nodes, never constructed into arbitrary objects, so
loading is safe by construction. Aliases are followed with a budget: an alias
bomb ("billion laughs") stops at the cap instead of filling the memory.
Timestamps stay text, so that the model, not the YAML library, decides what a
real date is and can say so with the line number. Every text is normalised to
NFC here, once, so that no later step sees decomposed characters.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from ..errors import InputError, Problem

MAX_NODES = 50_000  # far above any real notice (the seeds have under 400)
MAX_ALIAS_USES = 200
MAX_DEPTH = 50  # a notice nests a handful of levels; this stops runaway nesting early
# Input limits (docs/input-format.md § 8), checked before any work starts: the longest real notices
# are a few tens of kilobytes, their longest paragraph about two thousand characters.
MAX_BYTES = 1_000_000
MAX_TEXT_CHARS = 20_000

# Characters that change what is seen without being seen: bidi controls (U+202E turns the rest of a
# paragraph around in the PDF), zero-width and other invisible format characters, C1 controls.
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ZERO_WIDTH = (0x200B, 0x200C, 0x200D, *range(0x2060, 0x2065), 0xFEFF)
_INVISIBLE = (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFFA0, *range(0xFFF9, 0xFFFC))
_HIDDEN = {
    **{c: "điều khiển hướng chữ (bidi)" for c in _BIDI},
    **{c: "vô hình (độ rộng bằng 0)" for c in _ZERO_WIDTH},
    **{c: "vô hình" for c in _INVISIBLE},
    **{c: "điều khiển C1" for c in range(0x80, 0xA0)},  # C0 controls: model._printable says so per field
}

PathKey = tuple[str | int, ...]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}
_PLAIN_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class Source:
    """A loaded file: its data, and the line and column of each value and key."""

    path: Path
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """The nearest known position of ``path``, walking up to its parents."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.values.get(path[:end])
            if found:
                return found
        return (1, 1)

    def problem(self, path: PathKey, field_name: str, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.path, line, column, field_name, message)


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Turns composed nodes into dicts, lists and scalars within a budget."""

    def __init__(self, source: Source, yaml: YAML) -> None:
        self.source = source
        self.yaml = yaml
        self.count = 0
        self.seen: set[int] = set()
        self.alias_uses = 0
        self.problems: list[Problem] = []

    def walk(self, node: Node, path: PathKey, stack: tuple[int, ...] = ()) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(f"tệp quá lớn: hơn {MAX_NODES} giá trị (có thể do bí danh YAML lồng nhau)")
        if id(node) in self.seen:
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIAS_USES:
                raise _TooBig(f"dùng bí danh YAML (*) quá {MAX_ALIAS_USES} lần")
        self.seen.add(id(node))
        if id(node) in stack:
            raise _TooBig("bí danh YAML tự tham chiếu chính nó")
        if len(path) > MAX_DEPTH:
            raise _TooBig(f"cấu trúc YAML lồng nhau quá {MAX_DEPTH} cấp")
        self.source.values[path] = _mark(node)
        if isinstance(node, ScalarNode):
            self._check_text(node, path)
        if node.tag not in _ALLOWED_TAGS | _PLAIN_TAGS:
            line, column = _mark(node)
            self.problems.append(
                Problem(
                    self.source.path,
                    line,
                    column,
                    field_path(path),
                    f"thẻ YAML “{node.tag}” không được dùng; hãy bỏ thẻ và viết giá trị thường",
                )
            )
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, (*stack, id(node)))
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*path, index), (*stack, id(node))) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _check_text(self, node: ScalarNode, path: PathKey) -> None:
        """Refuse, at the value's line and column, a text too long or holding a character that
        is not seen (bidi, invisible, control) or cannot be written at all (a lone surrogate)."""
        text = node.value
        line, column = _mark(node)
        where = field_path(path)
        if len(text) > MAX_TEXT_CHARS:
            self.problems.append(
                Problem(
                    self.source.path,
                    line,
                    column,
                    where,
                    f"đoạn văn dài {_thousands(len(text))} ký tự, quá giới hạn {_thousands(MAX_TEXT_CHARS)} ký tự "
                    "một đoạn; hãy chia thành nhiều đoạn",
                )
            )
            return
        for index, char in enumerate(text):
            code = ord(char)
            if char in "\t\n\r":
                continue
            if 0xD800 <= code <= 0xDFFF:
                what = f"mã U+{code:04X} lẻ (nửa cặp surrogate, không phải ký tự Unicode, không ghi được ra tệp)"
            elif code in _HIDDEN:
                what = f"ký tự {_HIDDEN[code]} U+{code:04X} (không nhìn thấy, nhưng làm đảo hoặc ẩn chữ khi in)"
            else:
                continue
            self.problems.append(
                Problem(self.source.path, line, column, where, f"có {what} ở ký tự thứ {index + 1}; hãy xóa nó")
            )
            return

    def _mapping(self, node: MappingNode, path: PathKey, stack: tuple[int, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _TooBig("không hỗ trợ khóa gộp YAML (<<); hãy viết các trường ra")
            if isinstance(key_node, ScalarNode):
                self._check_text(key_node, path)
            key = self._scalar(key_node) if isinstance(key_node, ScalarNode) else None
            if isinstance(key, int) and not isinstance(key, bool):
                key = key_node.value  # a key written as a number ("1:" in footnotes) is its text, as written
            if not isinstance(key, str):
                line, column = _mark(key_node)
                self.problems.append(
                    Problem(self.source.path, line, column, field_path(path), "tên trường phải là chữ")
                )
                continue
            if key in out:
                line, column = _mark(key_node)
                message = f"trường “{key}” được viết hai lần"
                if path and isinstance(path[-1], int):  # in an item of a list: most likely a "- " left out
                    message += f"; nếu đây là mục mới (một nhiệm vụ, một đoạn), thêm “- ” ở đầu dòng “{key}:”"
                self.problems.append(Problem(self.source.path, line, column, field_path((*path, key)), message))
                continue
            self.source.keys[(*path, key)] = _mark(key_node)
            out[key] = self.walk(value_node, (*path, key), stack)
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag in _PLAIN_TAGS:
            return self.yaml.constructor.construct_object(node, deep=True)
        # NFC before anything compares or measures text: decomposed input (NFD) must match
        # "sáng" or "MẬT" and print as composed characters.
        return unicodedata.normalize("NFC", node.value)


class _TooBig(Exception):
    pass


def _thousands(number: int) -> str:
    """20000 → "20.000", as Vietnamese writes numbers."""
    return f"{number:,}".replace(",", ".")


def field_path(path: PathKey) -> str:
    """("body", 2, "content") → "body[2].content": the field as the user sees it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


_NOT_YAML = {b"PK\x03\x04": "tệp Word (DOCX)", b"%PDF": "tệp PDF"}


def _not_yaml(path: Path) -> str | None:
    """A DOCX or PDF given where YAML is expected, told by its first bytes: "not UTF-8" would send
    the drafter nowhere, while the notice can come in through notice-gen import."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError:
        return None  # read_text below says why the file cannot be read
    return next((kind for magic, kind in _NOT_YAML.items() if head.startswith(magic)), None)


def read_input(path: Path) -> bytes:
    """The file's bytes, never more than MAX_BYTES: /dev/zero or a huge file stops at the limit.
    Everything that reads an input file reads it through here (load, the stamps, issue)."""
    with path.open("rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise InputError([Problem(path, 1, 1, "", "không phải một tệp thường (thư mục, thiết bị hay ống dẫn)")])
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"tệp lớn hơn {MAX_BYTES // 1_000_000} MB, giới hạn của một thông báo; "
                    "hãy kiểm tra đúng tệp, hoặc tách thành nhiều thông báo",
                )
            ]
        )
    return data


def load(path: Path) -> Source:
    """Load one YAML file, or raise InputError with every problem found."""
    source = Source(path=path, data=None)
    if kind := _not_yaml(path):
        hint = f"dùng “notice-gen import {path}” để chuyển nó thành tệp YAML"
        raise InputError([Problem(path, 1, 1, "", f"đây là {kind}, không phải tệp YAML; {hint}")])
    try:
        text = read_input(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"tệp không phải UTF-8 (byte lỗi ở vị trí {exc.start}); hãy lưu lại tệp với mã hóa UTF-8",
                )
            ]
        ) from None
    except OSError as exc:
        raise InputError([Problem(path, 1, 1, "", f"không đọc được tệp: {exc.strerror}")]) from None
    yaml = YAML(typ="safe", pure=True)
    try:
        nodes = list(yaml.compose_all(text))
    except RecursionError:
        raise InputError([Problem(path, 1, 1, "", "cấu trúc YAML lồng nhau quá sâu")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "cú pháp không hợp lệ"
        message = f"lỗi cú pháp YAML: {problem}; hãy kiểm tra thụt lề và dấu “:” ở dòng này"
        if "mapping values are not allowed" in problem:  # "- Kết luận: Bộ trưởng chỉ đạo: …"
            message = (
                "lỗi cú pháp YAML: chữ có dấu “: ” (hai chấm rồi dấu cách) ở giữa dòng; "
                'hãy đặt cả đoạn chữ trong dấu nháy kép: "…"'
            )
        raise InputError([Problem(path, line, column, "", message)]) from None
    except ReaderError as exc:  # a character YAML does not allow in a file (C0, C1 controls, …)
        before = text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise InputError(
            [Problem(path, line, column, "", f"có ký tự điều khiển U+{code:04X} không được có trong tệp; hãy xóa nó")]
        ) from None
    except YAMLError as exc:
        raise InputError([Problem(path, 1, 1, "", f"lỗi cú pháp YAML: {exc}")]) from None
    if not nodes or nodes[0] is None:
        raise InputError([Problem(path, 1, 1, "", "tệp rỗng: cần các trường của một thông báo")])
    if len(nodes) > 1:
        line, column = _mark(nodes[1])
        raise InputError([Problem(path, line, column, "", "mỗi tệp chỉ chứa một thông báo (bỏ dấu “---” thứ hai)")])
    walker = _Walker(source, yaml)
    try:
        source.data = walker.walk(nodes[0], ())
    except _TooBig as exc:
        raise InputError([Problem(path, 1, 1, "", str(exc))]) from None
    if walker.problems:
        raise InputError(walker.problems)
    if not isinstance(source.data, dict):
        raise InputError([Problem(path, 1, 1, "", "cần một nhóm trường (khóa: giá trị) ở cấp ngoài cùng")])
    return source
