"""The notice as the office writes it: YAML read with positions (load), validated (model), and the
format-independent document that compose makes of it (document)."""
