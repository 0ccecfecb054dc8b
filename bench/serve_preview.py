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
        f"| POST /api/draft: merge, load, validate, lint, compose, PDF | {stat(server['draft'])} |",
        f"| GET of the 5 page images (pypdfium2, PNG) | {stat(server['pages'])} |",
        f"| server total | {stat(server['total'])} (CPU {stat(server['cpu'])}) |",
        f"| in chromium: last keystroke → changed page shown (includes the 300 ms wait) | {stat(browser)} |",
        "",
        "Target (issue 16): at most 1 s after typing stops, for a 5-page notice.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "SERVE.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
