"""The office's own data, kept outside the installed package (data.py; docs/lint.md, section 4)."""
