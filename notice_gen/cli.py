"""The notice-gen command line.

Imports are lazy: `notice-gen --help` must not pay for WeasyPrint.

Exit codes: 0 every file rendered; 1 a file could not be rendered (template,
font); 2 bad usage, or an input that is not a valid notice.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
PROGRESS_FROM = 4  # a progress bar from this many files on


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    wrong = [f for f in chosen if f not in ("docx", "pdf")]
    if wrong or not chosen:
        raise click.BadParameter(
            f"định dạng không hỗ trợ: {', '.join(wrong) or '(trống)'}; chọn docx, pdf hoặc docx,pdf"
        )
    return chosen


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="notice-gen")
def main() -> None:
    """Soạn THÔNG BÁO kết luận từ tệp YAML thành DOCX và PDF đúng thể thức NĐ30/2020/NĐ-CP.

    \b
    Mã thoát: 0 mọi tệp đều được kết xuất; 1 có tệp không kết xuất được;
              2 sai cách dùng hoặc dữ liệu vào không hợp lệ.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Thư mục ghi kết quả.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    default="docx,pdf",
    show_default=True,
    callback=_formats,
    help="Định dạng ra: docx, pdf hoặc docx,pdf.",
)
@click.option(
    "--templates-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Thư mục mẫu của người dùng, được tìm trước các mẫu có sẵn.",
)
def render(paths: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], templates_dir: Path | None) -> None:
    """Kết xuất các tệp YAML (hoặc mọi tệp .yaml trong thư mục) thành DOCX và PDF.

    Tên tệp ra lấy theo tên tệp vào: inputs/001.yaml → outputs/001.docx, outputs/001.pdf.
    Tệp lỗi được báo rồi bỏ qua; các tệp khác vẫn được kết xuất.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    from .errors import InputError, NoticeError
    from .output import safe_stem
    from .pipeline import Pipeline, collect

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    files = collect(paths)
    if not files:
        err.print("Không có tệp .yaml nào để kết xuất.")
        sys.exit(EXIT_INVALID)
    pipeline = Pipeline(out_dir=out_dir, formats=formats, templates_dir=templates_dir)
    rendered: list[Path] = []
    invalid: list[Path] = []
    failed: list[Path] = []
    claimed: dict[str, Path] = {}  # output name → the input that has it

    def say(ok: bool, path: Path, message: str, *details: str) -> None:
        """One status line; paths and messages are text, never Rich markup."""
        mark, separator = ("[green]✓[/]", " ") if ok else ("[red]✗[/]", ": ")
        err.print(f"{mark} {escape(str(path))}{separator}{escape(message)}")
        for detail in details:
            err.print(f"  {detail}", markup=False)

    with Progress(console=err, transient=True, disable=len(files) < PROGRESS_FROM) as progress:
        task = progress.add_task("Đang kết xuất", total=len(files))
        for path in files:
            first = claimed.setdefault(safe_stem(path), path)
            if first != path:
                invalid.append(path)
                say(False, path, f"tên tệp ra trùng với tệp {first}; hãy đổi tên một trong hai tệp")
                progress.advance(task)
                continue
            try:
                outputs = pipeline.render(path)
            except InputError as exc:
                invalid.append(path)
                say(False, path, "dữ liệu không hợp lệ, không ghi tệp nào:", *map(str, exc.problems))
            except NoticeError as exc:
                failed.append(path)
                say(False, path, "không kết xuất được:", str(exc))
            except Exception as exc:  # a bug of ours: report it, keep the batch going
                failed.append(path)
                say(False, path, f"lỗi nội bộ của notice-gen ({type(exc).__name__}: {exc}); xin báo lại kèm tệp này")
            else:
                rendered.append(path)
                say(True, path, "→ " + ", ".join(str(o) for o in outputs))
            progress.advance(task)
    err.print(
        f"Đã kết xuất {len(rendered)}/{len(files)} tệp"
        + (f"; {len(invalid)} tệp dữ liệu không hợp lệ" if invalid else "")
        + (f"; {len(failed)} tệp lỗi khi kết xuất" if failed else "")
        + "."
    )
    sys.exit(EXIT_INVALID if invalid else EXIT_FAILED if failed else EXIT_OK)


@main.command()
def schema() -> None:
    """In JSON Schema của định dạng nhập liệu (cho trình soạn thảo tự gợi ý và kiểm tra)."""
    from .model import Notice

    click.echo(json.dumps(Notice.model_json_schema(), ensure_ascii=False, indent=2))
