"""`notice-gen serve`: a drafting web page over a folder of notices.

The YAML files of the folder stay the source of truth: the page edits them through a form
generated from the model's JSON Schema (or as YAML), previews the pages the PDF renderer
prints, shows the input errors, lint and check findings beside their fields, and saves
atomically with the previous versions kept. The Văn thư's screens (issue, register, sign,
verify) work on the office's one register. Modules:

- ``folder``: the only code that turns a name from a request into a path (inside FOLDER).
- ``yamledit``: the form's data in and out of the YAML text, comments and order kept.
- ``drafting``: what one draft text gives: problems, findings, page images, downloads.
- ``auth``: accounts (scrypt hashes), sessions and CSRF tokens.
- ``app``: the Starlette application and its routes; ``pages/`` the HTML, ``static/`` the JS and CSS.
"""
