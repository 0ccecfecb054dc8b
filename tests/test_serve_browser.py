"""`notice-gen serve` in a real browser: Playwright driving Debian's chromium (/usr/bin/chromium).

Few and whole: one drafter's session from opening a notice to checking the downloaded PDF,
and the list page's two ways to a new notice (from the blank notice, by importing a DOCX).
The server runs in a thread of the test process (uvicorn on a free loopback port) over a
folder of the test, so the files it writes are read back here. Screenshots go to the test's
folder (NOTICE_GEN_SCREENSHOTS=DIR keeps them).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from notice_gen.check import check_file
from notice_gen.serve.app import Settings, create_app
from tests.conftest import MINIMAL
from tests.test_serve import COMMENTED, TASKS, rendered_docx

CHROMIUM = "/usr/bin/chromium"  # scripts/setup.sh --test installs it; Playwright's own browsers are not used
WAIT_MS = 30_000  # a render on a busy 2-CPU machine; the page itself promises 1 s on an idle one (bench/)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "hop.yaml").write_text("# Ghi chú của người soạn: giữ dòng này\n" + TASKS, encoding="utf-8")
    (folder / "khac.yaml").write_text(COMMENTED, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(folder)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", folder
    server.should_exit = True
    thread.join(10)


def shot(page: Page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if keep := os.environ.get("NOTICE_GEN_SCREENSHOTS"):
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def test_edit_a_task_see_the_page_and_the_finding_save_download_and_check(
    browser: Browser, served: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = served
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/edit/hop.yaml")
    preview = page.locator("#pages img").first
    expect(preview).to_be_visible(timeout=WAIT_MS)
    first_src = preview.get_attribute("src")
    expect(page.locator("#status")).to_contain_text("0 lỗi", timeout=WAIT_MS)

    # Edit the task in the form: "hoá" beside "hóa" (lint) and a deadline on a Saturday.
    task = page.locator('[data-path="body[0].content[1].task"] > textarea')
    expect(task).to_have_value("Văn phòng Bộ tổng hợp, báo cáo.")
    task.fill("Văn phòng Bộ hiện đại hoá quy trình, tự động hóa báo cáo.")
    page.locator('[data-path="body[0].content[1].deadline"] > input').fill("15/01/2022")

    # The preview page changes, and each finding appears beside its field.
    expect(preview).not_to_have_attribute("src", first_src, timeout=WAIT_MS)
    expect(page.locator('[data-path="body[0].content[1].task"] > .msg.warning')).to_contain_text(
        "hoá", timeout=WAIT_MS
    )
    expect(page.locator('[data-path="body[0].content[1].deadline"] > .msg')).to_contain_text("thứ Bảy")
    assert "thoi-han-ngay-nghi" in page.locator("#summary").inner_text()
    shot(page, tmp_path, "1-form-finding")
    # The preview image is the new page: the server draws what the form now says.
    png = page.request.get(url + preview.get_attribute("src"))
    assert png.ok and png.body().startswith(b"\x89PNG")

    # Save: the YAML on disk has the new task, its own comment and order.
    page.locator("#save").click()
    expect(page.locator("#status")).to_contain_text("Đã lưu", timeout=WAIT_MS)
    saved = (folder / "hop.yaml").read_text(encoding="utf-8")
    assert saved.startswith("# Ghi chú của người soạn: giữ dòng này\nissuer:")
    assert "task: Văn phòng Bộ hiện đại hoá quy trình, tự động hóa báo cáo." in saved
    assert "deadline: 15/01/2022" in saved

    # The YAML tab follows the form, and the form follows the YAML tab.
    page.locator("#tab-yaml").click()
    yaml = page.locator("#yaml")
    expect(yaml).to_have_value(re.compile("hiện đại hoá quy trình"))
    yaml.fill(saved.replace("venue: trụ sở Bộ", "venue: Hội trường tầng 5"))
    expect(page.locator("#status")).to_contain_text("Chưa lưu", timeout=WAIT_MS)
    page.locator("#tab-form").click()
    expect(page.locator('[data-path="meeting.venue"] > textarea')).to_have_value("Hội trường tầng 5")
    shot(page, tmp_path, "2-yaml-into-form")

    # Download the PDF of the saved file and run check on it.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    pdf = tmp_path / "tai-ve.pdf"
    download.value.save_as(pdf)
    report = check_file(pdf)
    assert report.unreadable is None and report.errors == 0, report.lines()
    assert report.draft  # a draft: blank number and date, the DỰ THẢO mark
    assert errors == []


def test_new_and_imported_notices_from_the_list_open_in_the_editor(
    browser: Browser, served: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    expect(page.locator("table.list")).to_contain_text("hop.yaml")
    shot(page, tmp_path, "3-list")
    page.locator('input[name="name"]').first.fill("hop-thang-2")
    page.get_by_role("button", name="Tạo").click()
    expect(page).to_have_url(f"{url}/edit/hop-thang-2.yaml")
    expect(page.locator("#pages img")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator("#summary")).to_contain_text("Không có lỗi", timeout=WAIT_MS)
    assert (folder / "hop-thang-2.yaml").is_file()
    # Add a section with the tree's buttons; the new empty title is an input error beside it.
    page.locator("details.group", has_text="Nội dung kết luận").locator(".add button", has_text="+ Mục").last.click()
    expect(page.locator(".msg.error").first).to_be_visible(timeout=WAIT_MS)
    shot(page, tmp_path, "4-new-section-error")

    # Import a finished DOCX by upload (notice-gen import): it opens in the editor with its pages.
    page.goto(url)
    docx = tmp_path / "Thong bao 5.docx"
    docx.write_bytes(rendered_docx(tmp_path, textwrap.dedent(MINIMAL).lstrip()))
    page.locator('input[type="file"][name="file"]').set_input_files(str(docx))
    page.get_by_role("button", name="Nhập").click()
    expect(page).to_have_url(f"{url}/edit/Thong%20bao%205.yaml")
    expect(page.locator(".flash")).to_contain_text("Đã nhập Thong bao 5.docx thành Thong bao 5.yaml")
    expect(page.locator("#pages img")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator('[data-path="meeting.name"] > textarea')).to_have_value("Hội nghị giao ban tháng 12")
    shot(page, tmp_path, "5-imported")
    assert "Hội nghị giao ban tháng 12" in (folder / "Thong bao 5.yaml").read_text(encoding="utf-8")
