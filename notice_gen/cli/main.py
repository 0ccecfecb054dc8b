"""The notice-gen command line.

Imports are lazy: `notice-gen --help` must not pay for WeasyPrint.

Exit codes: 0 every file rendered; 1 a file could not be rendered (template,
font); 2 bad usage, or an input that is not a valid notice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

from .. import __version__
from . import options
from .messages import VietnameseGroup
from .options import day

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
# pypdf logs what it repairs in a damaged PDF ("EOF marker not found") in English on stderr; check
# and import say what is wrong with the file in Vietnamese, once.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
PROGRESS_FROM = 4  # a progress bar from this many files on


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    wrong = [f for f in chosen if f not in ("docx", "pdf")]
    if wrong or not chosen:
        raise click.BadParameter(
            f"định dạng không hỗ trợ: {', '.join(wrong) or '(trống)'}; chọn docx, pdf hoặc docx,pdf"
        )
    return chosen


@click.group(cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@options.templates_dir
@click.option(
    "--final",
    is_flag=True,
    help="Bản chính thức: bắt buộc có số và ngày ban hành, không in dấu DỰ THẢO. Mặc định là dự thảo.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Số tiến trình kết xuất song song. Mặc định: một cho mỗi nhân CPU, mỗi tiến trình ít nhất 3 tệp.",
)
@click.option("--force", is_flag=True, help="Kết xuất lại cả những tệp không thay đổi gì từ lần kết xuất trước.")
def render(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    templates_dir: Path | None,
    final: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Kết xuất các tệp YAML (hoặc mọi tệp .yaml trong thư mục) thành DOCX và PDF.

    Tên tệp ra lấy theo tên tệp vào: inputs/001.yaml → outputs/001.docx, outputs/001.pdf.
    Tệp lỗi được báo rồi bỏ qua; các tệp khác vẫn được kết xuất. Tệp mà không gì thay đổi
    từ lần kết xuất trước (tệp vào, mẫu, phiên bản notice-gen, tệp ra) thì được giữ nguyên.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    from ..render.batch import Settings, default_jobs, run
    from ..render.output import safe_stem
    from ..render.pipeline import collect

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    files = collect(paths)
    if not files:
        err.print("Không có tệp .yaml nào để kết xuất.")
        sys.exit(EXIT_INVALID)
    claimed: dict[str, Path] = {}  # output name → the input that has it
    refused = {path: first for path in files if (first := claimed.setdefault(safe_stem(path), path)) != path}
    todo = [path for path in files if path not in refused]
    settings = Settings(out_dir=out_dir, formats=formats, templates_dir=templates_dir, final=final, force=force)
    results = run(todo, settings, jobs or default_jobs(len(todo)))  # in the order of todo
    counts = dict.fromkeys(("rendered", "unchanged", "invalid", "failed"), 0)

    def say(ok: bool, path: Path, message: str, *details: str) -> None:
        """One status line; paths and messages are text, never Rich markup."""
        mark, separator = ("[green]✓[/]", " ") if ok else ("[red]✗[/]", ": ")
        err.print(f"{mark} {escape(str(path))}{separator}{escape(message)}")
        for detail in details:
            err.print(f"  {detail}", markup=False)

    with Progress(console=err, transient=True, disable=len(files) < PROGRESS_FROM) as progress:
        task = progress.add_task("Đang kết xuất", total=len(files))
        for path in files:
            if path in refused:
                counts["invalid"] += 1
                say(False, path, f"tên tệp ra trùng với tệp {refused[path]}; hãy đổi tên một trong hai tệp")
            else:
                outcome = next(results)
                counts[outcome.status] += 1
                outputs = ", ".join(str(o) for o in outcome.outputs)
                if outcome.status == "rendered":
                    say(True, path, "→ " + outputs)
                elif outcome.status == "unchanged":
                    say(True, path, "= " + outputs + " (không thay đổi, giữ nguyên)")
                else:
                    say(False, path, outcome.message, *outcome.details)
            progress.advance(task)
    err.print(
        f"Đã kết xuất {counts['rendered']}/{len(files)} tệp"
        + (
            f"; {counts['unchanged']} tệp không thay đổi từ lần trước, giữ nguyên (--force để kết xuất lại)"
            if counts["unchanged"]
            else ""
        )
        + (f"; {counts['invalid']} tệp dữ liệu không hợp lệ" if counts["invalid"] else "")
        + (f"; {counts['failed']} tệp lỗi khi kết xuất" if counts["failed"] else "")
        + "."
    )
    sys.exit(EXIT_INVALID if counts["invalid"] else EXIT_FAILED if counts["failed"] else EXIT_OK)


@main.command()
def schema() -> None:
    """In JSON Schema của định dạng nhập liệu (cho trình soạn thảo tự gợi ý và kiểm tra)."""
    from ..notice.model import Notice

    click.echo(json.dumps(Notice.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cấu trúc ở docs/check.md).")
@click.option("--fix", is_flag=True, help="Ghi bản DOCX đã sửa các lỗi cơ học bên cạnh tệp gốc (<tên>-da-sua.docx).")
def check(files: tuple[Path, ...], as_json: bool, fix: bool) -> None:
    """Kiểm tra thể thức NĐ30 của tệp DOCX hoặc PDF (của notice-gen hay soạn tay bằng Word).

    \b
    Mã thoát: 0 không có lỗi (có thể có cảnh báo); 1 có lỗi;
              2 có tệp không đọc được.
    """
    from ..check import check_file
    from ..errors import NoticeError

    reports = []
    for path in files:
        report = check_file(path)
        if fix and report.format == "docx" and not report.unreadable:
            from ..check.fix import fix as fix_file

            try:
                fixed = fix_file(path)
            except NoticeError as exc:
                click.echo(f"{path}: không ghi được bản sửa: {exc}", err=True)
            else:
                report = check_file(fixed)  # what is left for a person
                report.fixed = fixed
        elif fix and report.format == "pdf":
            click.echo(f"{path}: PDF không sửa được; hãy sửa tệp gốc (DOCX) rồi xuất lại.", err=True)
        reports.append(report)
        if not as_json:
            for line in report.lines():
                click.echo(line)
    if as_json:
        from ..check.report import JSON_VERSION

        payload = {"version": JSON_VERSION, "files": [r.as_json() for r in reports]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if any(r.unreadable for r in reports):
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FAILED if any(r.errors for r in reports) else EXIT_OK)



def _export_file(_ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    from ..tasks.export import FORMATS

    if value.suffix.lower().lstrip(".") not in FORMATS:
        raise click.BadParameter(
            f"không biết ghi “{value.name}”: đuôi tệp chọn định dạng, một trong {', '.join('.' + f for f in FORMATS)}"
        )
    return value


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_export_file,
    help="Tệp kết quả; đuôi tệp chọn định dạng: .xlsx, .csv, .ics hoặc .json.",
)
@click.option("--as-of", callback=day, help="Ngày xét trạng thái (2022-06-30 hoặc 30/6/2022); mặc định hôm nay.")
@click.option("--unit", help="Chỉ lấy nhiệm vụ mà đơn vị này chủ trì hoặc phối hợp.")
@click.option(
    "--days-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp ngày nghỉ, ngày làm bù của cơ quan (TOML); mặc định theo biến môi trường NOTICE_GEN_DAYS.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục dữ liệu của cơ quan (danh sách đơn vị, chức vụ, chữ viết tắt, ngày nghỉ); mặc định "
    "NOTICE_GEN_DATA, rồi thư mục .notice-gen cạnh tệp đầu vào, rồi danh sách có sẵn (docs/lint.md).",
)
def tasks(
    paths: tuple[Path, ...],
    out_file: Path,
    as_of: dt.date | None,
    unit: str | None,
    days_file: Path | None,
    data_dir: Path | None,
) -> None:
    """Xuất các nhiệm vụ trong thông báo ra bảng theo dõi: XLSX, CSV, ICS (lịch) hoặc JSON.

    Mỗi nhiệm vụ một dòng, có số thông báo, mục, đơn vị, thời hạn (như ghi và thành ngày khi
    tính được) và trạng thái: quá hạn, đến hạn trong 7 ngày, còn hạn, không có thời hạn.
    Tệp lỗi được báo rồi bỏ qua; các tệp khác vẫn được xuất.
    """
    import difflib

    from rich.console import Console
    from rich.markup import escape

    from ..errors import InputError, NoticeError
    from ..notice.model import load_notice
    from ..office import data as office_data
    from ..render.output import write_all
    from ..render.pipeline import collect
    from ..tasks import rows as task_rows
    from ..tasks.export import export
    from ..tasks.workdays import Calendar

    err = Console(stderr=True, highlight=False, soft_wrap=True)

    def say(ok: bool, path: Path, message: str, *details: str) -> None:
        """One status line; paths and messages are text, never Rich markup."""
        mark, separator = ("[green]✓[/]", " ") if ok else ("[red]✗[/]", ": ")
        err.print(f"{mark} {escape(str(path))}{separator}{escape(message)}")
        for detail in details:
            err.print(f"  {detail}", markup=False)

    files = collect(paths)
    if not files:
        err.print("Không có tệp .yaml nào để xuất nhiệm vụ.")
        sys.exit(EXIT_INVALID)
    try:
        calendar = Calendar.load(days_file, data=office_data.find(data_dir, paths))
    except InputError as exc:
        err.print("✗ Tệp ngày nghỉ không hợp lệ, không xuất gì:", markup=False)
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False)
        sys.exit(EXIT_INVALID)
    as_of = as_of or dt.date.today()
    rows: list[task_rows.TaskRow] = []
    read: list[Path] = []
    invalid: list[Path] = []
    failed: list[Path] = []
    for path in files:
        try:
            found = list(task_rows.rows(load_notice(path), path, calendar, as_of))
        except InputError as exc:
            invalid.append(path)
            say(False, path, "dữ liệu không hợp lệ, bỏ qua:", *map(str, exc.problems))
        except Exception as exc:  # a bug of ours: report it, keep the batch going
            failed.append(path)
            say(False, path, f"lỗi nội bộ của notice-gen ({type(exc).__name__}: {exc}); xin báo lại kèm tệp này")
        else:
            read.append(path)
            rows += found
            say(True, path, f"{len(found)} nhiệm vụ")
    if not read:
        err.print(f"Không đọc được tệp nào; không ghi {out_file}.", markup=False)
        sys.exit(EXIT_INVALID if invalid else EXIT_FAILED)
    if unit:
        selected = task_rows.for_unit(rows, unit)
        if not selected:
            known = {task_rows.unit_key(u): u for u in task_rows.units(rows)}
            close = difflib.get_close_matches(task_rows.unit_key(unit), known, n=3, cutoff=0.6)
            hint = f"; có phải ý bạn là {', '.join('“' + known[k] + '”' for k in close)}?" if close else ""
            err.print(f"Không có nhiệm vụ nào của đơn vị “{unit}”{hint} Không ghi {out_file}.", markup=False)
            sys.exit(EXIT_INVALID)
        rows = selected
    try:
        data = export(rows, out_file, as_of=as_of, unit=unit, stamp=dt.datetime.now(dt.UTC))
        write_all({out_file: data})
    except NoticeError as exc:
        err.print(f"✗ {exc}", markup=False)
        sys.exit(EXIT_FAILED)
    counts = {s: sum(r.status == s for r in rows) for s in task_rows.STATUSES}
    err.print(
        f"Đã xuất {len(rows)} nhiệm vụ từ {len(read)}/{len(files)} tệp vào {out_file}"
        + (f"; {len(invalid)} tệp dữ liệu không hợp lệ" if invalid else "")
        + (f"; {len(failed)} tệp lỗi" if failed else "")
        + ".",
        markup=False,
    )
    from ..nd30 import short_date

    summary = ", ".join(f"{status} {n}" for status, n in counts.items())
    err.print(f"Ngày {short_date(as_of)}: {summary}.", markup=False)
    sys.exit(EXIT_INVALID if invalid else EXIT_FAILED if failed else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--fix", is_flag=True, help="Sửa ngay trong tệp những gì sửa được (giữ nguyên chú thích, thứ tự, ngoặc).")
@click.option(
    "--tone-style",
    type=click.Choice(["old", "new"]),
    help="Kiểu đặt dấu thanh bắt buộc: old (hóa, thủy) hoặc new (hoá, thuỷ). Mặc định: kiểu văn bản dùng nhiều hơn.",
)
@click.option(
    "--days-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp ngày nghỉ, ngày làm bù của cơ quan (TOML), như của lệnh tasks; mặc định theo NOTICE_GEN_DAYS.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục dữ liệu của cơ quan (danh sách đơn vị, chức vụ, chữ viết tắt, ngày nghỉ); mặc định "
    "NOTICE_GEN_DATA, rồi thư mục .notice-gen cạnh tệp đầu vào, rồi danh sách có sẵn (docs/lint.md).",
)
def lint(
    paths: tuple[Path, ...], fix: bool, tone_style: str | None, days_file: Path | None, data_dir: Path | None
) -> None:
    """Soát lỗi nội dung của tệp YAML: chữ viết tắt, viết hoa chức vụ, tên đơn vị, dấu thanh,
    bảng mã, thời hạn, ngày ban hành, cấu trúc (docs/lint.md).

    \b
    Mã thoát: 0 không có lỗi (có thể có cảnh báo); 1 có lỗi;
              2 có tệp không đọc được.
    """
    from ..errors import InputError
    from ..lint.rules import Rules
    from ..lint.runner import run
    from ..office import data as office_data
    from ..render.pipeline import collect

    files = collect(paths)
    if not files:
        click.echo("Không có tệp .yaml nào để kiểm tra.", err=True)
        sys.exit(EXIT_INVALID)
    try:
        data = office_data.find(data_dir, paths)
        rules = Rules.load(tone_style=tone_style, days_file=days_file, data=data)
    except InputError as exc:  # the office's day-swap file, or a data file, is wrong
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_INVALID)
    sys.exit(run(files, rules, fix=fix, echo=click.echo))


# The template maintainer's commands live in their own module (docs/templates.md).
from .templates import templates_group  # noqa: E402

main.add_command(templates_group)

# The Văn thư's commands: issue, register, sign, verify (docs/issuing.md).
from .issuing import COMMANDS as _ISSUING_COMMANDS  # noqa: E402

for _command in _ISSUING_COMMANDS:
    main.add_command(_command)

# notice-gen import: DOCX, PDF and text notices back into YAML (docs/import.md).
from .importing import import_command  # noqa: E402

main.add_command(import_command)

# The drafting web page (docs/serve.md).
from .serve import serve  # noqa: E402

main.add_command(serve)


# The office's data folder (docs/lint.md, section 4).
from .data import data_group  # noqa: E402

main.add_command(data_group)
