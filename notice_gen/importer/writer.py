"""The imported notice as YAML a drafter reads and edits.

Block style, the fields in the format's order, small groups on one line as the
shipped inputs write them ({title: …, name: …}), long text folded (``>-``) at
about 90 characters, a multi-line trích yếu as a literal block (``|-``), and the
``yaml-language-server`` line on top so that an editor checks the file as it is
typed. ``--onto`` edits an existing file with the same settings, so that
the lines it does not change come out as they went in (ruamel.yaml round trip).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

SCHEMA = "../schema/notice.schema.json"
FOLD_AT = 90  # characters of text a line of a folded scalar holds
# Small mappings written on one line.
_FLOW = ({"title", "name"}, {"name", "note"}, {"name", "position"})


def yaml() -> YAML:
    """The round-trip YAML of both the writer and --onto: never reflows a line it did not write."""
    out = YAML()
    out.preserve_quotes = True
    out.width = 4096  # fold only where fold_pos says: a re-dumped file keeps its own line breaks
    out.indent(mapping=2, sequence=4, offset=2)
    return out


def folded(text: str) -> Any:
    """Long text as a folded scalar, broken at spaces every FOLD_AT characters or so."""
    if len(text) <= FOLD_AT or "  " in text or "\u00a0" in text or text != text.strip():
        return text
    positions, start = [], 0
    while len(text) - start > FOLD_AT:
        at = text.rfind(" ", start, start + FOLD_AT)
        if at <= start:
            break
        positions.append(at)
        start = at + 1
    scalar = FoldedScalarString(text)
    scalar.fold_pos = positions  # type: ignore[attr-defined]
    return scalar


def node(value: Any, key: str | None = None) -> Any:
    """Plain data as ruamel nodes in the style above."""
    if isinstance(value, dict):
        mapping = CommentedMap((k, node(v, k)) for k, v in value.items())
        if set(value) in _FLOW and all(isinstance(v, str) and len(v) < 60 for v in value.values()):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(node(v) for v in value)
        short = all(isinstance(v, str) for v in value) and sum(len(v) for v in value) < 70
        if key in ("units", "support", "roles", "authority") and short:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        return LiteralScalarString(value) if "\n" in value else folded(value)
    if isinstance(value, dt.date):
        # Written 2022-04-30, which load reads back as text and the model as a date. A copy: ruamel writes
        # one object met twice (meeting.date taken from issue_date) as &id001 … *id001, which no office reads.
        return dt.date(value.year, value.month, value.day)
    return value


def dump_node(document: Any) -> str:
    stream = io.StringIO()
    yaml().dump(document, stream)
    return stream.getvalue()


def dump(data: dict[str, Any], schema: str | None = None) -> str:
    return f"# yaml-language-server: $schema={schema or SCHEMA}\n" + dump_node(node(data))
