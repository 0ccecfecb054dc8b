"""`import --onto OLD.yaml`: bring the text of an edited DOCX back into the YAML it came from.

The YAML holds more than the DOCX can: the units and leader of each task, the
template, the glossary, comments, and the fields the generated sentences are
made of. So the import is not written over the old file; the two are
compared part by part, by the words each prints (compose is the judge), and
only what prints differently is taken from the import:

- header fields, trích yếu, closing, Nơi nhận and signer: as a whole, when printed otherwise;
- the opening and the lead-in: kept as written (``opening.paragraphs``, ``opening.lead_in``) when edited;
- the body: blocks aligned by their printed words (difflib); a section is matched by its title and
  compared inside, an unchanged block keeps its YAML node (comments, line breaks, task fields), a
  rewritten task keeps its ``lead``, ``support`` and ``directed_by``, a new paragraph comes in as one.

The old file is read with ruamel.yaml's round trip, so the lines not edited are written back as
they were. The diff shown is of the printed paragraphs: what the leader changed, in their words.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import templates
from ..notice.document import Document
from ..notice.model import FOOTNOTE_CALL, ListBlock, Notice, Section, Task, _body_texts, validate
from ..render.compose import _task_text, compose
from .writer import node, yaml

# Fields of a task that the printed sentence carries; the others only the YAML has.
_PRINTED_TASK_FIELDS = ("task", "deadline", "deadline_label", "deadline_in_text")


@dataclass
class Merged:
    text: str  # the new YAML
    diff: list[str]  # the printed paragraphs, old against new (unified diff lines)
    changed: bool


def merge(old_path: Path, new_data: dict[str, Any], templates_dir: Path | None = None) -> Merged:
    from ..notice.load import load

    source_text = old_path.read_text(encoding="utf-8")
    old_notice = validate(load(old_path))
    document = yaml().load(source_text)
    new_data = _named_as_before(new_data, old_notice)
    new_notice = Notice.model_validate({**new_data, "template": old_notice.template})
    template = templates.find(old_notice.template, templates_dir)
    # Plain text (no no-break marks): what is compared here is written back into the YAML.
    old_doc, new_doc = compose(old_notice, template, joins=False), compose(new_notice, template, joins=False)

    _header(document, new_data, old_doc, new_doc)
    _opening(document, new_data, old_doc, new_doc)
    _blocks(document["body"], old_notice.body, new_data["body"], new_notice.body)
    if dict(old_notice.footnotes) != (new_data.get("footnotes") or {}):
        _set(document, "footnotes", new_data.get("footnotes"))
    if old_doc.closing != new_doc.closing:
        document["closing"] = node({"text": new_doc.closing})
    if old_doc.recipients != new_doc.recipients:
        for key in ("recipients", "archive", "drafter"):
            _set(document, key, new_data.get(key))
    if old_doc.signature != new_doc.signature:
        document["signer"] = node(new_data["signer"])

    stream = io.StringIO()
    yaml().dump(document, stream)
    text = stream.getvalue()
    merged_notice = Notice.model_validate(_plain(yaml().load(text)))
    after = compose(merged_notice, template, joins=False)
    diff = list(
        difflib.unified_diff(
            printed(old_doc), printed(after), f"{old_path} (trước)", f"{old_path} (sau khi nhập)", lineterm="", n=1
        )
    )
    return Merged(text, diff, text != source_text)


def _named_as_before(new: dict[str, Any], old: Notice) -> dict[str, Any]:
    """An import calls its footnotes [^1], [^2] … in print order; the old YAML named them ([^so-lieu]).
    The k-th call takes the old k-th name (compose numbers both in print order), so a paragraph the leader
    left alone reads and prints as before, and a rewritten one calls the footnote the YAML defines."""
    notes = new.get("footnotes")
    if not notes:
        return new
    names = [name for _path, text in _body_texts(old.body, ("body",)) for name in FOOTNOTE_CALL.findall(text)]
    names = list(dict.fromkeys(names))
    rename = {str(k): names[k - 1] for k in range(1, len(names) + 1) if str(k) in notes}
    if len(set(rename.values()) | (set(notes) - set(rename))) < len(notes):
        return new  # a new name would meet an old one: keep the import's names

    def renamed(value: Any) -> Any:
        if isinstance(value, str):
            return FOOTNOTE_CALL.sub(lambda m: f"[^{rename.get(m.group(1), m.group(1))}]", value)
        if isinstance(value, list):
            return [renamed(v) for v in value]
        if isinstance(value, dict):
            return {k: renamed(v) for k, v in value.items()}
        return value

    return {**new, "body": renamed(new["body"]), "footnotes": {rename.get(k, k): v for k, v in notes.items()}}


def printed(doc: Document) -> list[str]:
    """Every paragraph the notice prints, in reading order, for the diff."""
    header = doc.header
    lines = [*filter(None, (header.parent, header.issuer, header.number_line, header.date_line))]
    lines += [*filter(None, (header.secrecy, header.urgency)), doc.doc_type, *doc.subject_lines, *doc.opening]
    lines += [b.text for b in doc.body]
    lines += [doc.closing, doc.recipients_label, *doc.recipients, *doc.signature.authority, doc.signature.name]
    return [" ".join(line.split()) for line in lines]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if isinstance(value, str) else value


def _set(document: Any, key: str, value: Any) -> None:
    if value is None:
        document.pop(key, None)
    else:
        document[key] = node(value, key)


def _header(document: Any, new: dict[str, Any], old_doc: Document, new_doc: Document) -> None:
    old_h, new_h = old_doc.header, new_doc.header
    if (old_h.parent, old_h.issuer) != (new_h.parent, new_h.issuer) or old_h.number_line != new_h.number_line:
        _set(document, "issuer", {**_plain(document["issuer"]), **new["issuer"]})
        for key in ("symbol", "number"):
            _set(document, key, new.get(key))
    if old_h.date_line != new_h.date_line:
        for key in ("place", "issue_date", "year"):
            _set(document, key, new.get(key))
    if (old_h.secrecy, old_h.urgency) != (new_h.secrecy, new_h.urgency):
        for key in ("secrecy", "urgency"):
            _set(document, key, new.get(key))
    if " ".join(old_doc.subject_lines) != " ".join(new_doc.subject_lines):
        _set(document, "subject", new.get("subject"))


def _opening(document: Any, new: dict[str, Any], old_doc: Document, new_doc: Document) -> None:
    """An edited opening is kept as written; the meeting's fields stay (tasks, lint and the subject use them)."""
    old_paras, old_lead = old_doc.opening[:-1], old_doc.opening[-1]
    new_paras, new_lead = new_doc.opening[:-1], new_doc.opening[-1]
    if old_paras == new_paras and old_lead == new_lead:
        return
    opening = document.setdefault("opening", node({}))
    if old_paras != new_paras:
        opening["paragraphs"] = node(list(new_paras))
    if old_lead != new_lead:
        opening["lead_in"] = node(new_lead)
        for key in ("heard", "conclusion"):
            opening.pop(key, None)


def _key(block: Any) -> tuple[str, str]:
    """What aligns two blocks: a section by its title, a list by its style, text and tasks by their words."""
    if isinstance(block, Section):
        return ("section", (block.section or "").casefold())
    if isinstance(block, ListBlock):
        return ("list", block.style)
    if isinstance(block, Task):
        return ("text", _task_text(block))
    return ("text", block)


def _blocks(old_nodes: Any, old: Sequence[Any], new_data: list[Any], new: Sequence[Any]) -> Any:
    """The merged content of one level: old nodes where unchanged, new where edited or added.

    The old sequence keeps its comments: ruamel.yaml files a comment under the index of the item
    it follows, so each kept item takes its comment along to its new index."""
    out: list[tuple[Any, int | None]] = []  # (node, its index in the old sequence)
    matcher = difflib.SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                out.append((_same_kind(old_nodes[i1 + k], old[i1 + k], new_data[j1 + k], new[j1 + k]), i1 + k))
        elif op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                out.append((_replace(old_nodes[i1 + k], old[i1 + k], new_data[j1 + k], new[j1 + k]), i1 + k))
        elif op in ("replace", "insert"):
            out += [(node(b), None) for b in new_data[j1:j2]]
        # "delete": the leader removed those blocks
    comments = dict(old_nodes.ca.items) if hasattr(old_nodes, "ca") else {}
    old_nodes.clear()
    if hasattr(old_nodes, "ca"):
        old_nodes.ca.items.clear()
    for index, (item, was) in enumerate(out):
        old_nodes.append(item)
        if was is not None and was in comments:
            old_nodes.ca.items[index] = comments[was]
    return old_nodes


def _same_kind(old_node: Any, old: Any, new_data: Any, new: Any) -> Any:
    """Two blocks that print alike at this level; a section or a list is compared inside."""
    if isinstance(old, Section) and isinstance(new, Section):
        _blocks(old_node["content"], old.content, new_data["content"], new.content)
        return old_node
    if isinstance(old, ListBlock) and isinstance(new, ListBlock):
        _blocks(old_node["list"], old.list, new_data["list"], new.list)
        return old_node
    return old_node


def _replace(old_node: Any, old: Any, new_data: Any, new: Any) -> Any:
    """A block edited in place: a section keeps its place and fields, a task its units."""
    if isinstance(old, Section) and isinstance(new, Section):
        old_node["section"] = new.section
        return _same_kind(old_node, old, new_data, new)
    if isinstance(old, ListBlock) and isinstance(new, ListBlock):
        old_node["style"] = new.style
        return _same_kind(old_node, old, new_data, new)
    if isinstance(old, Task) and not isinstance(new, Section | ListBlock):
        edited = {"task": new_data} if isinstance(new_data, str) else dict(new_data)
        kept = {k: v for k, v in _plain(old_node).items() if k not in _PRINTED_TASK_FIELDS and k not in edited}
        printed_fields = {k: edited[k] for k in _PRINTED_TASK_FIELDS if k in edited}
        tracked = {k: edited[k] for k in ("lead", "support", "directed_by") if k in edited and k not in kept}
        return node({"task": printed_fields.pop("task"), **kept, **tracked, **printed_fields})
    return node(new_data)
