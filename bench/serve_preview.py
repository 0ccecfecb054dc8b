"""How soon the drafting page (`notice-gen serve`) shows the new pages after typing stops.

Issue 16 asks for the preview of a 5-page notice at most 1 s after the drafter stops typing.
Two measurements, on the 5-page notice of inputs/ (001):

- the server's part, in-process, step by step: one POST /api/draft (merge the form's data into
  the YAML, load, validate, lint, compose, render the PDF) and the GETs of every page image
  (pypdfium2, PNG), each edit a new text so nothing comes from a cache;
- end to end in a real browser (Playwright, Debian's chromium): from the last keystroke in a
  task's field to the moment the changed page image is loaded and shown. This includes the
  page's wait for typing to stop (editor.js DEBOUNCE_MS) and the browser's decoding.

Run from the repository root: `.venv/bin/python bench/serve_preview.py [--repeat N]`; it prints a
Markdown table and writes bench/SERVE.md. Never part of the test suite: timings depend on the
machine and on what else runs on it (the load average is recorded beside them).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from notice_gen.serve import yamledit  # noqa: E402
from notice_gen.serve.app import Settings, create_app  # noqa: E402

NOTICE = ROOT / "inputs" / "001-so-ket-6-thang-2021.yaml"
TASK = "body[1].content[1].content[0].task"  # a task on page 2 of 5
DEBOUNCE_MS = int(
    (ROOT / "notice_gen" / "serve" / "static" / "editor.js").read_text(encoding="utf-8")
    .split("const DEBOUNCE_MS = ")[1].split(";")[0]
)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def stat(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f} – {max(values) * 1000:.0f})"


def server_side(folder: Path, repeat: int) -> dict[str, list[float]]:
    from starlette.testclient import TestClient

    client = TestClient(create_app(Settings(folder)), base_url="http://127.0.0.1")
    html = client.get("/").text
    token = html.split('name="csrf" content="')[1].split('"')[0]
    text = NOTICE.read_text(encoding="utf-8")
    data = yamledit.to_json(yamledit.parse(text))
    times: dict[str, list[float]] = {"draft": [], "pages": [], "total": [], "cpu": []}
    for round_ in range(repeat + 1):
        data["body"][1]["content"][1]["content"][0]["task"] = f"Nhiệm vụ sửa lần {round_}: " + "chữ " * round_
        started, cpu0 = time.perf_counter(), cpu()
        result = client.post(f"/api/draft/{NOTICE.name}", json={"text": text, "data": data},
                             headers={"x-csrf-token": token}).json()  # fmt: skip
        drafted = time.perf_counter()
        for index in range(result["pages"]):
            assert client.get(f"/api/page/{result['pdf']}/{index}.png").status_code == 200
        done = time.perf_counter()
        if round_:  # the first round warms the template, the fonts and the lint data
            times["draft"].append(drafted - started)
            times["pages"].append(done - drafted)
            times["total"].append(done - started)
            times["cpu"].append(cpu() - cpu0)
    assert result["pages"] == 5, result["pages"]
    return times


def steps(repeat: int) -> dict[str, list[float]]:
    """The server's steps for one edit, in this thread's CPU time: what an idle machine would take."""
    from notice_gen import templates
    from notice_gen.render.compose import compose
    from notice_gen.serve.drafting import Drafting

    work = Path(tempfile.mkdtemp(prefix="bench-serve-steps-"))
    drafting, merger = Drafting(work), yamledit.Merger()
    text = NOTICE.read_text(encoding="utf-8")
    data = yamledit.to_json(yamledit.parse(text))
    text = merger.merge(text, data)
    drafting.evaluate(NOTICE.name, text)
    out: dict[str, list[float]] = {"merge": [], "load": [], "pdf": [], "png": [], "all": []}
    clock = time.thread_time
    for round_ in range(repeat):
        data["body"][1]["content"][1]["content"][0]["task"] = f"Nhiệm vụ sửa lần {round_}"
        t0 = clock()
        text = merger.merge(text, data)
        t1 = clock()
        _source, notice = drafting._load(NOTICE.name, text)
        t2 = clock()
        template = templates.find(notice.template)
        pdf = drafting.pipeline.renderer(template, "pdf").render(compose(notice, template))
        t3 = clock()
        key = drafting._keep(pdf)
        for index in range(drafting.page_count(key)):
            drafting.page_png(key, index)
        t4 = clock()
        for name, value in zip(out, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0), strict=True):
            out[name].append(value)
    shutil.rmtree(work, ignore_errors=True)
    return out


def in_browser(folder: Path, repeat: int) -> list[float]:
    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(folder)), port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/edit/{NOTICE.name}")
        page.wait_for_selector("#pages img:nth-child(5)", timeout=60_000)
        field = page.locator(f'[data-path="{TASK}"] > textarea')
        for round_ in range(repeat + 1):
            before = page.locator("#pages img").nth(1).get_attribute("src")
            field.fill(f"Nhiệm vụ sửa lần {round_}")
            page.wait_for_timeout(0)
            typed = time.perf_counter()
            page.wait_for_function(
                "before => { const img = document.querySelectorAll('#pages img')[1];"
                " return img.getAttribute('src') !== before && img.complete && img.naturalWidth > 0; }",
                arg=before,
                timeout=60_000,
                polling=10,
            )
            if round_:
                times.append(time.perf_counter() - typed)
        browser.close()
    server.should_exit = True
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        shutil.copy(NOTICE, work / NOTICE.name)
        load_start = os.getloadavg()
        cpu_steps = steps(args.repeat)
        server = server_side(work, args.repeat)
        browser = in_browser(work, args.repeat)
        load_end = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# Drafting page: preview after typing stops (bench/serve_preview.py)",
        "",
        f"Notice: `{NOTICE.relative_to(ROOT)}` (5 pages). {args.repeat} edits of one task, each a new text; "
        "median (min – max). "
        f"Load average at start {load_start[0]:.2f}, at end {load_end[0]:.2f}; {os.cpu_count()} CPUs.",
        "",
        "| step | time |",
        "|---|---|",
        f"| POST /api/draft: merge, load, validate, compose, PDF | {stat(server['draft'])} |",
        f"| GET of the 5 page images (pypdfium2, PNG) | {stat(server['pages'])} |",
        f"| server total | {stat(server['total'])} (CPU {stat(server['cpu'])}) |",
        f"| in chromium: last keystroke → changed page shown (includes the {DEBOUNCE_MS} ms wait) | {stat(browser)} |",
        "",
        "The server's steps for one edit in CPU time of the serving thread (what they take on an idle machine):",
        "",
        "| step | CPU time |",
        "|---|---|",
        f"| merge the form's data into the YAML (ruamel, tree kept from the last edit) | {stat(cpu_steps['merge'])} |",
        f"| load and validate (load.py, the model) | {stat(cpu_steps['load'])} |",
        f"| compose and render the PDF (WeasyPrint) | {stat(cpu_steps['pdf'])} |",
        f"| draw the 5 page images (pypdfium2, grey PNG) | {stat(cpu_steps['png'])} |",
        f"| all steps | {stat(cpu_steps['all'])} |",
        f"| all steps + the page's wait after the last keystroke ({DEBOUNCE_MS} ms) | "
        f"{statistics.median(cpu_steps['all']) * 1000 + DEBOUNCE_MS:.0f} ms |",
        "",
        "Target (issue 16): at most 1 s after typing stops, for a 5-page notice.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "SERVE.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
