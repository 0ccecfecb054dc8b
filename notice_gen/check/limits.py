"""What `check` reads at most, shared by the package's entry (``bounded``) and the PDF reader."""

from __future__ import annotations

# What check reads at most (issue 15: a DOCX zip bomb took 2.1 GB). A notice's DOCX is tens of
# kilobytes, with a logo a few megabytes; its PDF a few pages.
MAX_FILE_BYTES = 50_000_000
MAX_ZIP_ENTRIES = 1_000
MAX_UNZIPPED_BYTES = 100_000_000
MAX_XML_PART_BYTES = 20_000_000
MAX_PDF_PAGES = 200
MAX_PDF_CONTENT_BYTES = 20_000_000  # page and form content, unpacked; a notice's page holds ~50 kB


class TooLarge(ValueError):
    """A file beyond what check reads: refused before it is unpacked or parsed."""
