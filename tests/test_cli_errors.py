"""Click's usage errors reach the office staff in Vietnamese, with exit code 2 and no English left."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from notice_gen.cli import main

ENGLISH = re.compile(r"\b(Usage|Error|Missing|Invalid|does not exist|is not one of|No such|Did you mean|Try)\b")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["render", "khong-co.yaml"], "không có “khong-co.yaml”: kiểm tra lại đường dẫn."),
        (["tasks", "."], "thiếu tùy chọn '-o' / '--output'."),
        (["lint", "--tone-style", "moi", "."], "“moi” không phải một trong các giá trị: 'old', 'new'."),
        (["check"], "thiếu 'FILES...'"),
        (["render", "--frmat", "pdf", "x"], "không có tùy chọn --frmat. Có phải ý bạn là --format?"),
        (["khong-co-lenh"], "không có lệnh “khong-co-lenh”."),
    ],
)
def test_usage_errors_are_said_in_vietnamese(args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="notice-gen")
    assert result.exit_code == 2
    assert said in result.output and "Cách dùng: notice-gen" in result.output
    assert not ENGLISH.search(result.output.replace("[OPTIONS]", "").replace("COMMAND [ARGS]", "")), result.output


def test_help_and_version_still_exit_zero() -> None:
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
