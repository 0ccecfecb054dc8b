"""The command line: exit codes, batches past bad files, nothing half-written, safe names."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_gen import __version__
from notice_gen.cli import main
from notice_gen.render.output import safe_stem, target
from notice_gen.render.pdf import PdfRenderer
from tests.conftest import MINIMAL, output_names, write_yaml


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_renders_one_file_and_exits_0(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run("render", str(minimal), "-o", str(out))
    assert code == 0, output
    assert output_names(out) == ["minimal.docx", "minimal.pdf"]
    assert "Đã kết xuất 1/1 tệp." in output


def test_format_option_limits_the_outputs(minimal: Path, tmp_path: Path) -> None:
    code, _ = run("render", str(minimal), "-o", str(tmp_path / "o"), "--format", "pdf")
    assert code == 0
    assert output_names(tmp_path / "o") == ["minimal.pdf"]
    code, output = run("render", str(minimal), "-o", str(tmp_path / "o"), "--format", "odt")
    assert code == 2 and "định dạng không hỗ trợ: odt" in output


def test_invalid_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = write_yaml(tmp_path, "bad.yaml", MINIMAL.replace("2021-12-29", "2022-02-30"))
    out = tmp_path / "out"
    code, output = run("render", str(bad), "-o", str(out))
    assert code == 2
    assert f"{bad}:7:9: meeting.date: ngày “2022-02-30” không có thật trong lịch" in output
    assert not out.exists() or list(out.iterdir()) == []
    assert "Traceback" not in output


def test_a_batch_goes_on_past_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_yaml(folder, "a.yaml", MINIMAL)
    write_yaml(folder, "b.yaml", "issuer: [\n")
    write_yaml(folder, "c.yaml", MINIMAL)
    out = tmp_path / "out"
    code, output = run("render", str(folder), "-o", str(out))
    assert code == 2
    assert output_names(out) == ["a.docx", "a.pdf", "c.docx", "c.pdf"]
    assert "b.yaml" in output and "lỗi cú pháp YAML" in output
    assert "Đã kết xuất 2/3 tệp; 1 tệp dữ liệu không hợp lệ." in output


def test_a_render_failure_exits_1_and_leaves_no_file(minimal: Path, tmp_path: Path) -> None:
    unknown = write_yaml(
        tmp_path, "unknown.yaml", MINIMAL.replace("    issuer:", "    template: khong-co\n    issuer:")
    )
    out = tmp_path / "out"
    code, output = run("render", str(unknown), "-o", str(out))
    assert code == 1
    assert "không có mẫu “khong-co”; các mẫu có: bo" in output
    assert not out.exists() or list(out.iterdir()) == []


def test_a_failing_pdf_leaves_neither_docx_nor_temporary_files(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: PdfRenderer, doc: object) -> bytes:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(PdfRenderer, "render", explode)
    out = tmp_path / "out"
    code, output = run("render", str(minimal), "-o", str(out))
    assert code == 1
    assert "lỗi nội bộ của notice-gen (RuntimeError: disk on fire)" in output
    assert not out.exists() or list(out.iterdir()) == []


def test_rerender_replaces_outputs_whole(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("render", str(minimal), "-o", str(out))[0] == 0
    first = (out / "minimal.pdf").stat().st_ino
    assert run("render", str(minimal), "-o", str(out), "--force")[0] == 0
    assert (out / "minimal.pdf").stat().st_ino != first  # renamed over, never rewritten in place
    assert output_names(out) == ["minimal.docx", "minimal.pdf"]


def test_output_names_come_from_the_file_name_only(tmp_path: Path) -> None:
    weird = write_yaml(tmp_path, "Số 12:TB BTTTT (bản 2).yaml", MINIMAL)
    code, output = run("render", str(weird), "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert output_names(tmp_path / "out") == [
        "Số_12_TB_BTTTT_bản_2.docx",
        "Số_12_TB_BTTTT_bản_2.pdf",
    ]


@pytest.mark.parametrize(
    ("name", "stem"), [("../../etc/x.yaml", "x"), ("..yaml", "thong-bao"), (".yaml", "yaml"), ("-.yaml", "-")]
)
def test_safe_stem_never_leaves_the_folder(tmp_path: Path, name: str, stem: str) -> None:
    assert safe_stem(Path(name)) == stem
    path = target(tmp_path, Path(name), "pdf")
    assert path.parent == tmp_path.resolve()


@pytest.mark.parametrize(("count", "shown"), [(3, False), (4, True)])
def test_a_progress_bar_from_four_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, shown: bool
) -> None:
    import rich.progress

    seen: list[bool] = []

    class Recording(rich.progress.Progress):
        def __init__(self, *args: object, disable: bool = False, **kwargs: object) -> None:
            seen.append(not disable)
            super().__init__(*args, disable=disable, **kwargs)

    monkeypatch.setattr(rich.progress, "Progress", Recording)
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(count):
        write_yaml(folder, f"n{index}.yaml", MINIMAL)
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"), "--format", "docx")
    assert code == 0
    assert seen == [shown]
    assert f"Đã kết xuất {count}/{count} tệp." in output


def test_empty_folder_is_bad_usage(tmp_path: Path) -> None:
    code, output = run("render", str(tmp_path), "-o", str(tmp_path / "out"))
    assert code == 2 and "Không có tệp .yaml" in output


def test_version_and_help() -> None:
    code, output = run("--version")
    assert code == 0 and output.strip() == f"notice-gen, version {__version__}"
    code, output = run("--help")
    assert code == 0 and "Mã thoát" in output and "render" in output and "schema" in output
    code, output = run("render", "--help")
    assert code == 0 and "--output" in output and "--format" in output


def test_schema_is_json_schema_of_the_input(tmp_path: Path) -> None:
    code, output = run("schema")
    assert code == 0
    schema = json.loads(output)
    assert schema["title"] == "notice_gen: THÔNG BÁO kết luận"
    assert {"issuer", "meeting", "body", "recipients", "signer"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert "Ngày họp." in json.dumps(schema, ensure_ascii=False)


def test_paths_with_brackets_print_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "a[" / "b]"
    folder.mkdir(parents=True)
    good = write_yaml(folder, "thong-bao [draft].yaml", MINIMAL)
    code, output = run("render", str(good), "-o", str(tmp_path / "out"), "-f", "docx")
    assert code == 0, output
    assert "a[/b]/thong-bao [draft].yaml" in output


def test_an_unwritable_output_is_a_render_failure_not_a_bug(minimal: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, output = run("render", str(minimal), "-o", str(blocker / "out"))
    assert code == 1
    assert "không ghi được" in output and "lỗi nội bộ" not in output


def test_a_failed_second_write_leaves_no_first_file(minimal: Path, tmp_path: Path, monkeypatch) -> None:
    import notice_gen.render.output as output_module

    real = output_module._stage
    calls = []

    def stage(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(output_module, "_stage", stage)
    out = tmp_path / "out"
    code, output = run("render", str(minimal), "-o", str(out))
    assert code == 1 and "No space left on device" in output
    assert list(out.iterdir()) == []  # neither the DOCX nor a temporary file
