"""The render pipeline: compose a notice into one document, render it as DOCX and PDF, write atomically;
plus what a batch needs (pipeline, batch workers, stamps of unchanged notices)."""
