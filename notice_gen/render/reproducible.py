"""Byte-identical outputs: the same input, template and version give the same files.

Nothing in a DOCX or PDF may come from the clock, the time zone or the order a
library happens to write things in:

* the moment written into document properties and ZIP entries is the
  notice's own date (its issue date; for a draft, the meeting date) at
  00:00 Vietnam time, or ``SOURCE_DATE_EPOCH`` when the environment sets it
  (the reproducible-builds convention for "pretend it is this time");
* a DOCX is re-zipped with that timestamp on every entry, fixed permissions,
  and a fixed order: ``[Content_Types].xml`` first (as Office writes it), then
  ``_rels/.rels``, then every other part by name.

What is left outside our control: zlib's compressed bytes, which are the same
for a given zlib build and level (every build in Debian's current releases),
and WeasyPrint's layout, which is pinned in pyproject.toml.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Mapping

from ..errors import RenderError

VIETNAM = dt.timezone(dt.timedelta(hours=7), "+07:00")
ENV = "SOURCE_DATE_EPOCH"
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=VIETNAM)  # the earliest time a ZIP entry can carry
ZIP_LEVEL = 6
FIRST_PARTS = ("[Content_Types].xml", "_rels/.rels")


def moment(day: dt.date | None) -> dt.datetime:
    """The time written into a notice's files: SOURCE_DATE_EPOCH if set, else ``day`` at 00:00 +07:00."""
    epoch = os.environ.get(ENV, "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), VIETNAM)
        except (ValueError, OverflowError, OSError):
            raise RenderError(
                f"biến môi trường {ENV} phải là một số nguyên (số giây kể từ 01/01/1970 UTC), không phải “{epoch}”"
            ) from None
    if day is None:
        return ZIP_EPOCH
    return dt.datetime.combine(day, dt.time(), VIETNAM)


def utc_naive(when: dt.datetime) -> dt.datetime:
    """python-docx writes core-property dates as given, followed by "Z": hand it UTC."""
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def normalise_zip(data: bytes, when: dt.datetime, replace: Mapping[str, bytes] | None = None) -> bytes:
    """The same ZIP with fixed entry order, timestamps and attributes; ``replace`` gives the
    content of some entries (the DOCX renderer keeps its constant parts aside, render_docx.py)."""
    stamp = max(when, ZIP_EPOCH).astimezone(VIETNAM)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts.update(replace or {})
    order = [name for name in FIRST_PARTS if name in parts] + sorted(n for n in parts if n not in FIRST_PARTS)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system writes it
            info.external_attr = 0o100644 << 16
            target.writestr(info, parts[name], compresslevel=ZIP_LEVEL)
    return out.getvalue()
