"""Batches in worker processes (--jobs) and skipping unchanged notices (--force).

Nothing here is timed: speed is measured by bench/bench.py, never asserted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_gen import templates
from notice_gen.cli import main
from notice_gen.render import batch, stamps
from tests.conftest import INPUTS, MINIMAL, docx_words, output_names, pdf_words, write_yaml


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def report(output: str, out: Path) -> list[str]:
    """The status lines and the summary, with the output folder named the same whatever it is."""
    return [line.replace(str(out.resolve()), "OUT") for line in output.splitlines() if line.strip()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The shipped notices printed with the bo template, and a small one."""
    found = tmp_path / "in"
    found.mkdir()
    for path in INPUTS:
        if "template: bo" in path.read_text(encoding="utf-8"):
            shutil.copy(path, found / path.name)
    write_yaml(found, "minimal.yaml", MINIMAL)
    return found


def test_two_jobs_give_the_same_files_words_and_report_as_one(folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    code_one, output_one = run("render", str(folder), "-o", str(one), "--jobs", "1")
    code_two, output_two = run("render", str(folder), "-o", str(two), "--jobs", "2")
    assert (code_one, code_two) == (0, 0), output_one + output_two
    assert output_names(one) == output_names(two) and len(output_names(one)) == 8
    for name in output_names(one):
        if name.endswith(".docx"):
            assert docx_words(one / name) == docx_words(two / name), name
        else:
            assert pdf_words(one / name) == pdf_words(two / name), name
        assert (one / name).read_bytes() == (two / name).read_bytes(), name  # reproducible: the same bytes
    assert report(output_one, one) == report(output_two, two)  # the same lines, in the same order


def test_a_bad_file_in_a_parallel_batch_is_reported_the_same_way(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    write_yaml(source, "a.yaml", MINIMAL)
    write_yaml(source, "b.yaml", "issuer: [\n")
    write_yaml(source, "c.yaml", MINIMAL.replace("    issuer:", "    template: khong-co\n    issuer:"))
    write_yaml(source, "d.yaml", MINIMAL)
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, output = run("render", str(source), "-o", str(out), "--jobs", jobs, "-f", "docx")
        results[jobs] = code, report(output, out), output_names(out)
    assert results["1"] == results["2"]
    code, lines, names = results["2"]
    assert code == 2 and names == ["a.docx", "d.docx"]
    assert any("b.yaml" in line and "dữ liệu không hợp lệ" in line for line in lines)
    assert any(line.startswith("  không có mẫu “khong-co”; các mẫu có: bo") for line in lines)
    assert lines[-1] == "Đã kết xuất 2/4 tệp; 1 tệp dữ liệu không hợp lệ; 1 tệp lỗi khi kết xuất."
    (source / "b.yaml").unlink()  # only a render failure left: exit code 1
    code, output = run("render", str(source), "-o", str(tmp_path / "out3"), "--jobs", "2", "-f", "docx")
    assert code == 1 and "Đã kết xuất 2/3 tệp; 1 tệp lỗi khi kết xuất." in output


def test_workers_are_replaced_and_results_keep_their_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "WORKER_NOTICES", 2)  # rounds of 2 notices a worker
    source = tmp_path / "in"
    source.mkdir()
    for index in range(5):
        write_yaml(source, f"n{index}.yaml", MINIMAL.replace("Đoạn văn thứ nhất.", f"Đoạn số {index}."))
    out = tmp_path / "out"
    code, output = run("render", str(source), "-o", str(out), "--jobs", "1", "-f", "docx")  # 5 > 2: a worker
    assert code == 0, output
    assert [line.split()[1] for line in output.splitlines() if line.startswith("✓")] == [
        str(source / f"n{index}.yaml") for index in range(5)
    ]
    for index in range(5):
        assert f"Đoạn số {index}." in " ".join(docx_words(out / f"n{index}.docx"))


def test_templates_from_the_environment_reach_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    custom = tmp_path / "mau"
    shutil.copytree(templates.SHIPPED / "bo", custom / "rieng")
    monkeypatch.setenv(templates.ENV_VAR, str(custom))
    source = tmp_path / "in"
    source.mkdir()
    for index in range(4):
        write_yaml(source, f"n{index}.yaml", MINIMAL.replace("    issuer:", "    template: rieng\n    issuer:"))
    code, output = run("render", str(source), "-o", str(tmp_path / "out"), "--jobs", "2", "-f", "docx")
    assert code == 0, output


def rendered_again(output: str) -> bool:
    assert ("→" in output) != ("không thay đổi, giữ nguyên" in output), output
    return "→" in output


def test_an_unchanged_notice_is_skipped_until_something_changes(tmp_path: Path) -> None:
    custom = tmp_path / "mau"
    shutil.copytree(templates.SHIPPED / "bo", custom / "bo")  # --templates-dir finds it first
    source = write_yaml(tmp_path, "n.yaml", MINIMAL)
    out = tmp_path / "out"
    args = ("render", str(source), "-o", str(out), "--templates-dir", str(custom))
    code, output = run(*args)
    assert code == 0 and rendered_again(output)
    written = {name: (out / name).stat().st_mtime_ns for name in output_names(out)}

    code, output = run(*args)
    assert code == 0 and not rendered_again(output)
    assert "Đã kết xuất 0/1 tệp; 1 tệp không thay đổi từ lần trước, giữ nguyên (--force để kết xuất lại)." in output
    assert {name: (out / name).stat().st_mtime_ns for name in output_names(out)} == written  # not rewritten
    assert not rendered_again(run(*args, "--format", "pdf")[1])  # one of the formats made last time

    assert rendered_again(run(*args, "--force")[1])
    assert not rendered_again(run(*args)[1])

    source.write_text(source.read_text(encoding="utf-8").replace("thứ nhất", "thứ hai"), encoding="utf-8")
    assert rendered_again(run(*args)[1])  # the input changed
    assert "thứ hai" in " ".join(docx_words(out / "n.docx"))
    assert not rendered_again(run(*args)[1])

    css = custom / "bo" / "notice.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* sửa mẫu */\n", encoding="utf-8")
    assert rendered_again(run(*args)[1])  # the template changed
    assert not rendered_again(run(*args)[1])

    assert rendered_again(run(*args, "--final")[1])  # a final is another output than a draft
    assert not rendered_again(run(*args, "--final")[1])

    (out / "n.pdf").write_bytes((out / "n.pdf").read_bytes() + b"\n")  # an output changed by hand
    assert rendered_again(run(*args, "--final")[1])
    (out / "n.docx").unlink()  # or deleted
    assert rendered_again(run(*args, "--final")[1])
    assert output_names(out) == ["n.docx", "n.pdf"]


def test_a_broken_stamp_means_render_again(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("render", str(minimal), "-o", str(out))[0] == 0
    stamps.stamp_path(out, minimal).write_text("{not json", encoding="utf-8")
    code, output = run("render", str(minimal), "-o", str(out))
    assert code == 0 and rendered_again(output)
    assert not rendered_again(run("render", str(minimal), "-o", str(out))[1])  # and the stamp is whole again
