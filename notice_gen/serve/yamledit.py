"""The form's data in and out of the YAML text, with the comments and the order kept.

The page edits plain JSON data; the file is YAML that people also edit by hand, with
comments, key order, quoting and ``>-`` folding of their own. So the data is never dumped
afresh: it is merged into the ruamel.yaml round-trip tree of the current text, value by
value, and only what changed is re-emitted. Dates travel as dd/mm/yyyy text (what a
drafter types, model.py accepts both forms); a date that did not change keeps its spelling.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import threading
from collections import OrderedDict
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..lint.fix import (
    DEFAULT_INDENT,
    _indentation,  # the file's own indentation, as lint --fix keeps it
)
from ..notice.model import _parse_date

JSON = Any
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class YamlError(ValueError):
    """The text is not YAML at all (the model's checks come later, with line and column)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-fold a long line the drafter wrote on one line
    return yaml


def parse(text: str) -> Any:
    """The round-trip tree of ``text``; YamlError when it is not YAML."""
    try:
        return _yaml().load(text)
    except (YAMLError, RecursionError) as exc:
        raise YamlError(str(exc)) from None
    except ValueError as exc:  # a timestamp that is no date (2021-02-30): the model says where
        raise YamlError(str(exc)) from None


def to_json(node: Any) -> JSON:
    """Plain JSON data of a round-trip tree, dates as dd/mm/yyyy."""
    if isinstance(node, dict):
        return {str(k): to_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_json(v) for v in node]
    if isinstance(node, dt.date):
        return f"{node:%d/%m/%Y}"
    if isinstance(node, bool | int | float) or node is None:
        return node
    return str(node)


def merge(text: str, data: JSON) -> str:
    """``text`` with its values replaced by ``data``: untouched parts, comments included, stay as written."""
    return Merger().merge(text, data)


class Merger:
    """merge() for a page that sends an edit after each pause in typing: the tree of the text it
    gave back last time is kept, so the next edit skips parsing the file again (ruamel's
    round-trip parser in pure Python is the slow part: 0.1-0.2 s for a 5-page notice)."""

    KEEP = 16  # texts in flight: a few drafters, a few notices each

    def __init__(self) -> None:
        self._trees: OrderedDict[str, tuple[Any, tuple[int, int, int]]] = OrderedDict()
        self._lock = threading.Lock()

    def merge(self, text: str, data: JSON) -> str:
        with self._lock:
            kept = self._trees.pop(_key(text), None)  # merging changes the tree: never used twice
        if kept is None:
            tree = parse(text) if text.strip() else None
            indent = _indentation(_yaml(), text) if tree is not None else DEFAULT_INDENT
        else:
            tree, indent = kept
        yaml = _yaml()
        yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
        tree = _merge(tree, data)
        out = io.StringIO()
        yaml.dump(tree, out)
        merged = out.getvalue()
        with self._lock:
            self._trees[_key(merged)] = (tree, indent)
            while len(self._trees) > self.KEEP:
                self._trees.popitem(last=False)
        return merged


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _merge(old: Any, new: JSON) -> Any:
    if isinstance(new, dict):
        if not isinstance(old, CommentedMap):
            return _fresh(new)
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = _merge(old[key], value) if key in old else _fresh(value)
        return old
    if isinstance(new, list):
        if not isinstance(old, CommentedSeq):
            return _fresh(new)
        for index, value in enumerate(new[: len(old)]):
            old[index] = _merge(old[index], value)
        del old[len(new) :]
        old.extend(_fresh(v) for v in new[len(old) :])
        return old
    if isinstance(new, str):
        if isinstance(old, dt.date) and _same_date(old, new):
            return old
        if isinstance(old, str) and old == new:
            return old
        if isinstance(old, str) and type(old) is not str:
            return type(old)(new)  # keep the drafter's quoting or folding style
        return _scalar(new)
    return new


def _same_date(old: dt.date, new: str) -> bool:
    try:
        return _parse_date(new) == old
    except ValueError:
        return False


def _scalar(value: str) -> Any:
    """An ISO date typed in the form is written as a plain YAML date, not a quoted string."""
    if _ISO.match(value):
        try:
            return dt.date.fromisoformat("-".join(part.zfill(2) for part in value.split("-")))
        except ValueError:
            return value
    return value


def _fresh(value: JSON) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _fresh(item)
        return out
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    if isinstance(value, str):
        return _scalar(value)
    return value
