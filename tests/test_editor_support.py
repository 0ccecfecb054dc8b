"""Editor support: every input names the committed JSON Schema, and that schema is the model's."""

import json
from pathlib import Path

from click.testing import CliRunner

from notice_gen.cli import main
from tests.conftest import EXAMPLES, ROOT

SCHEMA = ROOT / "schema" / "notice.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/notice.schema.json"


def test_the_committed_schema_is_the_generated_one() -> None:
    """Regenerate with: .venv/bin/notice-gen schema > schema/notice.schema.json"""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json.loads(result.output), (
        "schema/notice.schema.json is stale: run `.venv/bin/notice-gen schema > schema/notice.schema.json`"
    )


def test_every_input_starts_with_the_schema_line() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == SCHEMA_LINE, path
        # The line is relative to the file: it must reach the committed schema.
        assert (path.parent / first.split("$schema=", 1)[1]).resolve() == SCHEMA.resolve()


def test_the_schema_line_is_only_a_comment(tmp_path: Path) -> None:
    from notice_gen.notice.model import load_notice

    for path in EXAMPLES:
        assert load_notice(path).issuer.name
