"""notice_gen: THÔNG BÁO kết luận from YAML to DOCX and PDF in the NĐ30 format.

The pipeline, one module a step:
load (YAML with positions) → model (validated input) → compose (the one
document) → render_docx | render_pdf → output (atomic files).
"""

__version__ = "0.1.0"
