"""The imported notice as YAML a drafter reads and edits: block style, the fields in the
format's order, long text folded, a multi-line trích yếu as a literal block, and the
``yaml-language-server`` line on top so that an editor checks the file as it is typed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

SCHEMA = "../schema/notice.schema.json"
WIDTH = 100
# Small mappings written on one line, as the shipped inputs write them.
_FLOW = ({"title", "name"}, {"name", "note"}, {"title", "name", "roles"}, {"name", "position"})


def _node(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        node = CommentedMap((k, _node(v, k)) for k, v in value.items())
        if set(value) in _FLOW and all(isinstance(v, str) and len(v) < 60 for v in value.values()):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_node(v) for v in value)
        if key in ("units", "support", "roles", "authority") and sum(len(str(v)) for v in value) < 70:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if len(value) > WIDTH - 10 and "  " not in value and "\u00a0" not in value:
            return FoldedScalarString(value)
        return value
    if isinstance(value, dt.date):
        return value  # ruamel writes a date as 2022-04-30, which load reads back as text
    return value


def dump(data: dict[str, Any], schema: str | None = None) -> str:
    yaml = YAML()
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(_node(data), stream)
    return f"# yaml-language-server: $schema={schema or SCHEMA}\n" + stream.getvalue()
