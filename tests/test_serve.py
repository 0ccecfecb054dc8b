"""`notice-gen serve` at the HTTP level: every endpoint, and what must never happen.

The application runs in-process (Starlette's TestClient). Each test works in its own copy
of a folder, so saving, issuing and signing are checked on the files they leave on disk.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import icalendar
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from pypdf import PdfReader
from starlette.testclient import TestClient

from notice_gen.cli import main
from notice_gen.notice.model import load_notice
from notice_gen.render.pipeline import Pipeline
from notice_gen.serve import app as app_module
from notice_gen.serve import yamledit
from notice_gen.serve.app import Settings, create_app
from notice_gen.serve.auth import check_password, hash_password, read_users
from tests.conftest import MINIMAL
from tests.signing_kit import PASSWORD, make_kit

ROOT = Path(__file__).resolve().parent.parent
DRAFT = textwrap.dedent(MINIMAL).lstrip().replace("number: 5\n", "").replace("issue_date: 2022-01-05\n", "")
COMMENTED = "# Ghi chú của người soạn: giữ dòng này\n" + DRAFT.replace(
    "venue: trụ sở Bộ", "venue: trụ sở Bộ  # nơi họp"
)
TASKS = DRAFT.replace(
    "      - Đoạn văn thứ nhất.\n",
    "      - Đoạn văn thứ nhất.\n"
    "      - task: Văn phòng Bộ tổng hợp, báo cáo.\n"
    "        lead: Văn phòng Bộ\n"
    "        deadline: 14/01/2022\n",
)
assert TASKS != DRAFT


def csrf_of(html: str) -> str:
    match = re.search(r'<meta name="csrf" content="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


class Client:
    """A TestClient signed in (when there are accounts) with the page's CSRF token at hand."""

    def __init__(self, folder: Path, **settings: object) -> None:
        self.folder = folder
        self.http = TestClient(create_app(Settings(folder, **settings)), base_url="http://127.0.0.1")
        self.token = ""

    def open(self, path: str = "/") -> str:
        response = self.http.get(path)
        assert response.status_code == 200, response.text
        self.token = csrf_of(response.text)
        return response.text

    def post_json(self, path: str, payload: object, *, token: str | None = None) -> object:
        headers = {"x-csrf-token": self.token if token is None else token}
        return self.http.post(path, json=payload, headers=headers)

    def post_form(self, path: str, data: dict[str, str], files: dict | None = None, *, token: bool = True):
        fields = {**data, "csrf_token": self.token} if token else data
        return self.http.post(path, data=fields, files=files, follow_redirects=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    root.mkdir()
    (root / "hop.yaml").write_text(COMMENTED, encoding="utf-8")
    (root / "chinh-thuc.yaml").write_text(textwrap.dedent(MINIMAL).lstrip(), encoding="utf-8")
    (root / "hong.yaml").write_text(DRAFT.replace("date: 2021-12-29", "date: 2021-02-30"), encoding="utf-8")
    return root


@pytest.fixture
def client(folder: Path) -> Client:
    c = Client(folder)
    c.open()
    return c


# --- List, new, copy ------------------------------------------------------------------------------


def test_the_list_shows_each_notice_with_its_state(client: Client) -> None:
    html = client.open("/")
    rows = dict(re.findall(r'<a href="/edit/([^"]+)">.*?<span class="state [^"]+">([^<]+)</span>', html, re.S))
    assert rows == {"chinh-thuc.yaml": "chính thức", "hong.yaml": "lỗi", "hop.yaml": "dự thảo"}


def test_new_from_the_blank_notice_and_as_a_copy(client: Client, folder: Path) -> None:
    response = client.post_form("/new", {"name": "moi", "from": "mau:bo"})
    assert response.status_code == 303 and response.headers["location"] == "/edit/moi.yaml"
    assert client.http.get("/edit/moi.yaml").status_code == 200
    check = client.post_json("/api/draft/moi.yaml", {"text": (folder / "moi.yaml").read_text(encoding="utf-8")})
    assert check.json()["problems"] == [] and check.json()["pages"] == 1
    # A copy of a final notice is a new draft: number and date dropped, everything else kept.
    client.post_form("/new", {"name": "ban-sao.yaml", "from": "chinh-thuc.yaml"})
    copy = (folder / "ban-sao.yaml").read_text(encoding="utf-8")
    assert "number:" not in copy and "issue_date:" not in copy and "Hội nghị giao ban tháng 12" in copy
    # The blank notice in another template's layout.
    assert "mẫu trống “vpcp”: Thông báo kết luận của Thủ tướng" in client.open("/")
    client.post_form("/new", {"name": "tinh", "from": "mau:tinh"})
    assert load_notice(folder / "tinh.yaml").template == "tinh"
    client.post_form("/new", {"name": "la", "from": "mau:../x"})
    assert not (folder / "la.yaml").exists() and "không có mẫu “../x”" in client.open("/")
    # Never over an existing file.
    client.post_form("/new", {"name": "hop.yaml", "from": "mau:bo"})
    assert (folder / "hop.yaml").read_text(encoding="utf-8") == COMMENTED


# --- The editor's API -----------------------------------------------------------------------------


def test_the_notice_comes_as_text_and_form_data(client: Client) -> None:
    body = client.http.get("/api/notice/hop.yaml").json()
    assert body["text"] == COMMENTED
    assert body["data"]["meeting"]["date"] == "29/12/2021"  # dates as the drafter types them
    assert body["data"]["signer"]["authority"] == ["TL. Bộ trưởng"]


def test_a_form_edit_is_merged_into_the_yaml_keeping_comments(client: Client) -> None:
    data = client.http.get("/api/notice/hop.yaml").json()["data"]
    data["meeting"]["venue"] = "Phòng họp số 1: tầng 3"  # a colon: the YAML must quote it
    data["body"][0]["content"].append({"task": "Vụ Pháp chế rà soát văn bản.", "deadline": "30/01/2022"})
    result = client.post_json("/api/draft/hop.yaml", {"text": COMMENTED, "data": data}).json()
    text = result["text"]
    assert text.startswith("# Ghi chú của người soạn: giữ dòng này\n")
    assert re.search(r"venue: 'Phòng họp số 1: tầng 3' +# nơi họp\n", text)
    assert "date: 2021-12-29" in text  # an unchanged date keeps its spelling
    assert "- task: Vụ Pháp chế rà soát văn bản." in text
    assert result["problems"] == [] and result["pages"] == 1
    # The next edit starts from the text the page got back (the server reuses its parsed tree).
    data["meeting"]["venue"] = "Phòng họp số 2"
    again = client.post_json("/api/draft/hop.yaml", {"text": text, "data": data}).json()["text"]
    assert re.search(r"venue: Phòng họp số 2 +# nơi họp\n", again)
    # As if the text were parsed afresh (only ruamel's choice of quotes may differ).
    assert yamledit.to_json(yamledit.parse(again)) == yamledit.to_json(yamledit.parse(yamledit.merge(text, data)))
    # Nothing is written until Save.
    assert (client.folder / "hop.yaml").read_text(encoding="utf-8") == COMMENTED


def test_input_errors_name_line_column_and_field(client: Client) -> None:
    text = COMMENTED.replace("date: 2021-12-29", "date: 2021-02-30")
    result = client.post_json("/api/draft/hop.yaml", {"text": text}).json()
    assert result["pdf"] is None
    [problem] = result["problems"]
    assert problem["where"] == "hop.yaml:6:9" and problem["field"] == "meeting.date"
    assert "không có thật trong lịch" in problem["message"]
    broken = client.post_json("/api/draft/hop.yaml", {"text": "issuer: [\n"}).json()
    assert broken["data"] is None and "lỗi cú pháp YAML" in broken["problems"][0]["message"]
    assert client.post_json("/api/lint/hop.yaml", {"text": text}).json()["findings"] is None


def test_lint_findings_carry_their_field_and_fix(client: Client) -> None:
    text = (
        TASKS.replace("14/01/2022", "15/01/2022")
        .replace("Đoạn văn thứ nhất.", "Đẩy mạnh hiện đại hóa, tự động hóa hành chính.")
        .replace("tổng hợp, báo cáo.", "tối ưu hoá quy trình.")
    )
    result = client.post_json("/api/lint/hop.yaml", {"text": text}).json()
    by_rule = {f["rule"]: f for f in result["findings"]}
    assert by_rule["thoi-han-ngay-nghi"]["field"] == "body[0].content[1].deadline"  # 15/01/2022 is a Saturday
    tone = by_rule["dau-thanh-khong-thong-nhat"]
    assert tone["field"] == "body[0].content[1].task" and tone["fixable"] and tone["where"].startswith("hop.yaml:")
    fixed = client.post_json("/api/fix/hop.yaml", {"text": text}).json()
    assert "task: Văn phòng Bộ tối ưu hóa quy trình." in fixed["text"] and fixed["changes"]
    assert all(change.startswith("hop.yaml:") for change in fixed["changes"])
    assert fixed["data"]["body"][0]["content"][1]["task"] == "Văn phòng Bộ tối ưu hóa quy trình."


def test_the_preview_pages_are_pngs_of_the_rendered_pdf(client: Client) -> None:
    result = client.post_json("/api/draft/hop.yaml", {"text": COMMENTED}).json()
    assert result["pages"] == 1
    png = client.http.get(f"/api/page/{result['pdf']}/0.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    from PIL import Image

    assert Image.open(io.BytesIO(png.content)).size == (794, 1123)  # A4 at 96 dpi
    assert client.http.get(f"/api/page/{result['pdf']}/1.png").status_code == 404
    assert client.http.get(f"/api/page/{'0' * 32}/0.png").status_code == 404
    # An edit changes the page: another image.
    other = client.post_json("/api/draft/hop.yaml", {"text": COMMENTED.replace("thứ nhất", "thứ hai")}).json()
    assert other["pdf"] != result["pdf"]
    assert client.http.get(f"/api/page/{other['pdf']}/0.png").content != png.content
    # check on the rendered draft: an own output passes (no error), the draft is seen as one.
    findings = client.post_json(f"/api/check/{result['pdf']}", {}).json()["findings"]
    assert not [f for f in findings if f["level"] == "lỗi"], findings


def test_the_docx_switch_shows_libreoffice_pages_or_says_why_not(client: Client, monkeypatch) -> None:
    result = client.post_json("/api/docx/hop.yaml", {"text": COMMENTED}).json()
    assert result["pages"] == 1
    assert client.http.get(f"/api/page/{result['pdf']}/0.png").content.startswith(b"\x89PNG")
    monkeypatch.setattr("shutil.which", lambda _name: None)
    missing = client.post_json("/api/docx/hop.yaml", {"text": COMMENTED}).json()
    assert "LibreOffice" in missing["unavailable"] and "PDF" in missing["unavailable"]


def test_save_is_atomic_keeps_versions_and_refuses_a_stale_base(client: Client, folder: Path) -> None:
    loaded = client.http.get("/api/notice/hop.yaml").json()
    first = COMMENTED.replace("thứ nhất", "thứ hai")
    saved = client.post_json("/api/save/hop.yaml", {"text": first, "base": loaded["sha"]})
    assert saved.status_code == 200, saved.text
    assert (folder / "hop.yaml").read_text(encoding="utf-8") == first
    versions = client.http.get("/api/versions/hop.yaml").json()
    assert len(versions) == 1
    assert client.http.get(f"/api/versions/hop.yaml/{versions[0]['id']}").text == COMMENTED
    # Someone else saved in between: the old base is refused, nothing is overwritten.
    stale = client.post_json("/api/save/hop.yaml", {"text": "x: 1\n", "base": loaded["sha"]})
    assert stale.status_code == 409 and (folder / "hop.yaml").read_text(encoding="utf-8") == first
    # No temporary file left, and no version file that `render FOLDER` would take for a notice.
    leftovers = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".tmp") and p.is_file()]
    assert sorted(p.name for p in leftovers) == ["chinh-thuc.yaml", "hong.yaml", "hop.yaml"]


def test_downloads_docx_pdf_and_task_exports(client: Client, folder: Path) -> None:
    (folder / "hop.yaml").write_text(TASKS, encoding="utf-8")
    docx = client.http.get("/download/hop.yaml/docx")
    assert docx.status_code == 200 and "hop.docx" in docx.headers["content-disposition"]
    assert any("Đoạn văn thứ nhất." in p.text for p in open_docx(io.BytesIO(docx.content)).paragraphs)
    pdf = client.http.get("/download/hop.yaml/pdf")
    assert "DỰ THẢO" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    sheet = openpyxl.load_workbook(io.BytesIO(client.http.get("/download/hop.yaml/xlsx").content)).active
    assert any("Văn phòng Bộ tổng hợp, báo cáo." in str(c.value) for row in sheet.iter_rows() for c in row)
    calendar = icalendar.Calendar.from_ical(client.http.get("/download/hop.yaml/ics").content)
    [todo] = [c for c in calendar.walk() if c.name in ("VTODO", "VEVENT")]
    assert "Văn phòng Bộ" in str(todo.get("summary")) + str(todo.get("description"))
    bad = client.http.get("/download/hong.yaml/pdf")
    assert bad.status_code == 422 and "hong.yaml:" in bad.text and "meeting.date" in bad.text
    assert client.http.get("/download/hop.yaml/exe").status_code == 404


def test_lists_complete_unit_and_position_names(client: Client) -> None:
    lists = client.http.get("/api/lists?issuer=BTTTT").json()
    assert "Văn phòng Bộ" in lists["units"] and "Bộ trưởng" in lists["positions"]
    assert client.http.get("/api/lists?issuer=../../etc").json()["units"] == []


def test_every_field_of_the_model_has_a_vietnamese_label_in_the_form() -> None:
    """The form labels fields in Vietnamese (editor.js LABELS): a field added to the model needs one."""
    from importlib import resources

    from notice_gen.notice.model import Notice

    schema = Notice.model_json_schema()
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names |= set(definition.get("properties", {}))
    script = (resources.files("notice_gen.serve") / "static" / "editor.js").read_text(encoding="utf-8")
    labels = set(re.findall(r"\b([a-z_]+): \"", script.split("const LABELS = {")[1].split("};")[0]))
    assert names - labels == set()
    # Each kind of item a list may hold (a union: paragraph, task, list, section, point…) is named too.
    unions = re.findall(r'"oneOf": \[(.*?)\]', json.dumps(schema))
    kinds = {ref.split("/")[-1] for union in unions for ref in re.findall(r'"\$ref": "([^"]+)"', union)}
    shown = set(re.findall(r"\b([A-Za-z]+): \"", script.split("const KINDS = {")[1].split("};")[0]))
    assert {"Task", "ListBlock", "Section", "Point"} <= kinds <= shown


def test_schema_is_the_models(client: Client) -> None:
    from notice_gen.notice.model import Notice

    assert client.http.get("/api/schema").json() == Notice.model_json_schema()


# --- Safety ---------------------------------------------------------------------------------------


def test_every_post_needs_the_sessions_csrf_token(client: Client, folder: Path) -> None:
    for path in ("/api/draft/hop.yaml", "/api/lint/hop.yaml", "/api/save/hop.yaml", "/api/fix/hop.yaml",
                 "/api/docx/hop.yaml", f"/api/check/{'0' * 32}"):
        for token in ("", "forged"):
            response = client.post_json(path, {"text": "x: 1\n"}, token=token)
            assert response.status_code == 403, (path, token)
    for path in ("/new", "/import", "/van-thu/issue", "/van-thu/sign", "/van-thu/verify", "/logout"):
        response = client.post_form(path, {"name": "x.yaml", "from": ""}, token=False)
        assert response.status_code == 403, path
    assert (folder / "hop.yaml").read_text(encoding="utf-8") == COMMENTED
    assert not (folder / "x.yaml").exists()
    # Another browser (no session cookie) with this session's token is refused too.
    other = TestClient(client.http.app, base_url="http://127.0.0.1")
    stolen = other.post("/api/save/hop.yaml", json={"text": "x"}, headers={"x-csrf-token": client.token})
    assert stolen.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/notice/..%2F..%2Fetc%2Fpasswd",
        "/api/notice/%2Fetc%2Fpasswd",
        "/api/notice/.hidden.yaml",
        "/api/notice/..%2Foutside.yaml",
        "/api/notice/passwd",
        "/edit/..%2Foutside.yaml",
        "/download/..%2Foutside.yaml/pdf",
        "/api/versions/hop.yaml/..%2F..%2F..%2Foutside",
        "/van-thu/file/..%2F..%2Foutside.yaml",
        "/van-thu/file/%2E%2E",
    ],
)
def test_no_path_outside_the_folder_is_read(client: Client, url: str) -> None:
    (client.folder.parent / "outside.yaml").write_text("bí mật: có\n", encoding="utf-8")
    response = client.http.get(url)
    assert response.status_code == 404, (url, response.status_code)
    assert "bí mật" not in response.text


def test_symlinks_are_neither_followed_nor_written_through(client: Client, folder: Path) -> None:
    outside = folder.parent / "outside.yaml"
    outside.write_text(COMMENTED, encoding="utf-8")
    (folder / "link.yaml").symlink_to(outside)
    assert "link.yaml" not in client.open("/")
    assert client.http.get("/api/notice/link.yaml").status_code == 404
    assert client.http.get("/download/link.yaml/pdf").status_code == 404
    response = client.post_json("/api/save/link.yaml", {"text": "x: 1\n"})
    assert response.status_code == 404
    assert outside.read_text(encoding="utf-8") == COMMENTED and (folder / "link.yaml").is_symlink()
    # A linked state folder is not written through either: the save is refused whole.
    (folder / ".notice-gen-serve" / "versions").symlink_to(folder.parent, target_is_directory=True)
    refused = client.post_json("/api/save/hop.yaml", {"text": COMMENTED + "\n"})
    assert refused.status_code == 400 and "symlink" in refused.json()["error"]
    assert not (folder.parent / "hop.yaml").exists()
    assert (folder / "hop.yaml").read_text(encoding="utf-8") == COMMENTED


def test_issuing_never_writes_through_a_linked_issued_folder(client: Client, folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    (folder / "ban-hanh").symlink_to(elsewhere, target_is_directory=True)
    client.post_form("/van-thu/issue", {"name": "hop.yaml", "date": "05/01/2022"})
    page = client.open("/van-thu")
    assert "Chưa cấp số cho hop.yaml" in page and "symlink" in page
    client.post_form("/van-thu/prepare", {"name": "hop.yaml"})
    page = client.open("/van-thu")
    assert "Chưa làm bản trình ký cho hop.yaml" in page and "symlink" in page
    assert list(elsewhere.iterdir()) == []


def test_oversized_bodies_and_uploads_are_refused(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "MAX_BODY", 50_000)
    big = client.post_json("/api/draft/hop.yaml", {"text": "a" * 60_000})
    assert big.status_code == 413 and "quá lớn" in big.text
    upload = client.post_form("/import", {}, files={"file": ("to.docx", b"x" * 60_000)})
    assert upload.status_code == 413
    monkeypatch.setattr(app_module, "MAX_BODY", 20 * 1024 * 1024)
    long_text = client.post_json("/api/draft/hop.yaml", {"text": "a" * 1_100_000})
    assert long_text.status_code == 413
    p12 = client.post_form("/van-thu/sign", {"file": "x.pdf", "password": ""}, files={"p12": ("k.p12", b"k" * 70_000)})
    assert p12.status_code == 413


def test_text_is_escaped_in_the_html(client: Client, folder: Path) -> None:
    (folder / "xss.yaml").write_text(
        DRAFT.replace("Hội nghị giao ban tháng 12", "<script>alert(1)</script> & <b>đậm</b>"), encoding="utf-8"
    )
    html = client.open("/")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    response = client.http.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_every_asset_is_served_locally(client: Client) -> None:
    """No CDN, no web font: the page works in a ministry network without the Internet."""
    from importlib import resources

    static = resources.files("notice_gen.serve") / "static"
    pages = resources.files("notice_gen.serve") / "pages"
    for folder in (static, pages):
        for item in folder.iterdir():
            text = item.read_text(encoding="utf-8")
            assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), item.name
    for name in ("editor.js", "style.css"):
        response = client.http.get(f"/static/{name}")
        assert response.status_code == 200 and response.text == (static / name).read_text(encoding="utf-8")
    assert client.http.get("/static/..%2Fapp.py").status_code == 404


def test_a_bug_gives_a_vietnamese_message_not_a_traceback(client: Client, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("notice_gen.serve.drafting.Drafting.evaluate", broken)
    quiet = TestClient(client.http.app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    quiet.cookies = client.http.cookies
    response = quiet.post("/api/draft/hop.yaml", json={"text": COMMENTED}, headers={"x-csrf-token": client.token})
    assert response.status_code == 500
    assert response.json()["error"].startswith("Lỗi nội bộ của notice-gen (ZeroDivisionError)")
    assert "Traceback" not in response.text and "division by zero" not in response.text


def test_a_foreign_host_header_is_refused_on_loopback(client: Client) -> None:
    # DNS rebinding: a page of evil.example resolving to 127.0.0.1 must not reach the server.
    assert client.http.get("/", headers={"host": "evil.example"}).status_code == 400


# --- Accounts -------------------------------------------------------------------------------------


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    runner = CliRunner()
    path = tmp_path / "users.txt"
    for name, role, password in (("lan", "soan-thao", "mat-khau-1"), ("vanthu", "van-thu", "mat-khau-2")):
        result = runner.invoke(
            main, ["serve", "--users", str(path), "--add-user", name, "--role", role], input=f"{password}\n{password}\n"
        )
        assert result.exit_code == 0, result.output
    return path


def test_accounts_are_scrypt_hashes(users_file: Path) -> None:
    users = read_users(users_file)
    assert set(users) == {"lan", "vanthu"} and users["vanthu"].clerk and not users["lan"].clerk
    assert "mat-khau" not in users_file.read_text(encoding="utf-8")
    assert users["lan"].hash.startswith("scrypt$")
    assert check_password("mat-khau-1", users["lan"].hash) and not check_password("mat-khau-2", users["lan"].hash)
    assert hash_password("x") != hash_password("x")  # salted


def test_with_accounts_everything_needs_a_sign_in(folder: Path, users_file: Path) -> None:
    c = Client(folder, users=read_users(users_file), loopback=False)
    assert c.http.get("/", follow_redirects=False).headers["location"] == "/login"
    assert c.http.get("/api/notice/hop.yaml").status_code == 401
    assert c.http.get("/download/hop.yaml/pdf", follow_redirects=False).status_code == 303
    c.open("/login")
    wrong = c.post_form("/login", {"name": "lan", "password": "sai"})
    assert wrong.headers["location"] == "/login" and "Sai tên tài khoản" in c.open("/login")
    assert c.post_form("/login", {"name": "lan", "password": "mat-khau-1"}).headers["location"] == "/"
    html = c.open("/")
    assert "hop.yaml" in html and "/van-thu" not in html  # a drafter does not see the Văn thư's screens
    assert c.http.get("/van-thu").status_code == 403
    assert c.post_form("/van-thu/issue", {"name": "hop.yaml"}).status_code == 403
    assert c.http.get("/api/notice/hop.yaml").status_code == 200
    c.post_form("/logout", {})
    assert c.http.get("/api/notice/hop.yaml").status_code == 401


def test_serve_refuses_a_network_host_without_accounts(tmp_path: Path, users_file: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["serve", str(tmp_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--users" in result.output
    bad = tmp_path / "bad-users.txt"
    bad.write_text("lan:mat-khau-1\n", encoding="utf-8")
    result = runner.invoke(main, ["serve", str(tmp_path), "--host", "0.0.0.0", "--users", str(bad)])
    assert result.exit_code == 2 and f"{bad}:1:" in result.output
    result = runner.invoke(main, ["serve", str(tmp_path / "khong-co")])
    assert result.exit_code == 2 and "Không có thư mục" in result.output


# --- The Văn thư --------------------------------------------------------------------------------


def test_issue_register_sign_and_verify(folder: Path, tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit")
    client = Client(folder, trust=(kit.ca_pem,))
    client.open()
    response = client.post_form("/van-thu/issue", {"name": "hop.yaml", "date": "05/01/2022"})
    assert response.status_code == 303
    page = client.open("/van-thu")
    assert "Đã cấp số 01/TB-BTTTT ngày 05/01/2022 cho hop.yaml" in page
    assert "01/TB-BTTTT" in page and (folder / "so-van-ban-di.sqlite3").is_file()
    pdf = folder / "ban-hanh" / "01-TB-BTTTT-2022.pdf"
    assert pdf.is_file() and (folder / "ban-hanh" / "01-TB-BTTTT-2022.docx").is_file()
    assert "hop.yaml" in client.open("/") and "đã ban hành" in client.open("/")
    # Issuing the same file again is refused (notice-gen issue without --again).
    client.post_form("/van-thu/issue", {"name": "hop.yaml", "date": "05/01/2022"})
    assert "Chưa cấp số cho hop.yaml" in client.open("/van-thu")
    download = client.http.get("/van-thu/file/01-TB-BTTTT-2022.pdf")
    assert download.content == pdf.read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(client.http.get("/van-thu/so-van-ban-di.xlsx").content)).active
    assert any("01/TB-BTTTT" in str(c.value) for row in sheet.iter_rows() for c in row)
    # Sign as the signer with a key file, then verify the upload against the office's root.
    signed = client.post_form(
        "/van-thu/sign",
        {"file": pdf.name, "role": "signer", "password": PASSWORD, "size_mm": ""},
        files={"p12": ("ky.p12", kit.signer_p12.read_bytes()), "image": ("chu-ky.png", kit.signature_png.read_bytes())},
    )
    assert signed.status_code == 303
    page = client.open("/van-thu")
    assert "Đã ký 01-TB-BTTTT-2022.pdf (người ký: Bùi Hoàng Phương)" in page
    assert "đã ký thêm (phần gốc nguyên vẹn, chữ ký số hợp lệ)" in page  # the register's view of the file
    assert not list((folder / ".notice-gen-serve" / "scratch").iterdir())  # the key file is gone
    report = client.post_form("/van-thu/verify", {}, files={"file": ("ban.pdf", pdf.read_bytes())})
    assert report.status_code == 200 and "✓ Chữ ký 1 (người ký): Bùi Hoàng Phương" in report.text
    assert "Chứng thư tin cậy: có" in report.text
    untrusted = Client(folder)
    untrusted.open()
    report = untrusted.post_form("/van-thu/verify", {}, files={"file": ("ban.pdf", pdf.read_bytes())})
    assert "? Chữ ký 1 (người ký)" in report.text and "Chứng thư tin cậy: chưa kiểm tra" in report.text
    wrong = client.post_form(
        "/van-thu/sign", {"file": pdf.name, "role": "signer", "password": "sai"},
        files={"p12": ("ky.p12", kit.signer_p12.read_bytes())},
    )  # fmt: skip
    assert wrong.status_code == 303 and "sai mật khẩu" in client.open("/van-thu")


def rendered_docx(folder: Path, text: str) -> bytes:
    """A DOCX of notice-gen's own, as a drafter would upload a finished notice."""
    source = folder / "nguon.yaml"
    source.write_text(text, encoding="utf-8")
    [docx] = Pipeline(out_dir=folder, formats=("docx",), final=True).render(source)
    return docx.read_bytes()


def test_sign_first_then_number(folder: Path, tmp_path: Path) -> None:
    """The ministries' way (NĐ30 Điều 15.2): a copy for signing, the signer signs, then the number."""
    kit = make_kit(tmp_path / "kit")
    client = Client(folder, trust=(kit.ca_pem,))
    client.open()
    assert client.post_form("/van-thu/prepare", {"name": "hop.yaml"}).status_code == 303
    page = client.open("/van-thu")
    assert "Bản trình ký: hop.trinh-ky.pdf" in page and "<option>hop.trinh-ky.pdf</option>" in page
    copy = folder / "ban-hanh" / "hop.trinh-ky.pdf"
    assert copy.is_file() and (folder / "so-van-ban-di.sqlite3").is_file()
    signed = client.post_form(
        "/van-thu/sign", {"file": copy.name, "role": "signer", "password": PASSWORD},
        files={"p12": ("ky.p12", kit.signer_p12.read_bytes())},
    )  # fmt: skip
    assert signed.status_code == 303 and "Đã ký hop.trinh-ky.pdf" in client.open("/van-thu")
    client.post_form("/van-thu/issue", {"name": copy.name, "date": "05/01/2022"})
    page = client.open("/van-thu")
    assert "Đã cấp số 01/TB-BTTTT ngày 05/01/2022 cho hop.trinh-ky.pdf" in page, page
    [issued_pdf] = [p for p in (folder / "ban-hanh").glob("01-*.pdf")]
    fields = {name: f.get("/V") for name, f in (PdfReader(issued_pdf).get_fields() or {}).items()}
    assert fields["SoKyHieu"] == "Số: 01/TB-BTTTT" and fields["NgayBanHanh"] == "Hà Nội, ngày 05 tháng 01 năm 2022"
    report = client.post_form("/van-thu/verify", {}, files={"file": ("ban.pdf", issued_pdf.read_bytes())})
    assert "✓ Chữ ký 1 (người ký): Bùi Hoàng Phương" in report.text, report.text
    # A PDF that is not such a copy is refused with the reason; nothing is numbered.
    client.post_form("/van-thu/issue", {"name": issued_pdf.name, "date": "06/01/2022"})
    assert f"Chưa cấp số cho {issued_pdf.name}" in client.open("/van-thu")


def test_import_a_docx_into_a_new_yaml_file(client: Client, folder: Path, tmp_path: Path) -> None:
    docx = rendered_docx(tmp_path, textwrap.dedent(MINIMAL).lstrip())
    response = client.post_form("/import", {"name": "nhap"}, files={"file": ("Thông báo 5.docx", docx)})
    assert response.status_code == 303 and response.headers["location"] == "/edit/nhap.yaml"
    assert "Đã nhập Thông báo 5.docx thành nhap.yaml" in client.open("/edit/nhap.yaml")
    imported = load_notice(folder / "nhap.yaml")
    assert imported.meeting.name == "Hội nghị giao ban tháng 12" and imported.number == 5
    assert imported.signer.name == "Bùi Hoàng Phương"
    # Never over an existing file; the name comes from the upload's name when none is given.
    again = client.post_form("/import", {"name": "nhap"}, files={"file": ("x.docx", docx)})
    assert again.headers["location"] == "/" and "đã có nhap.yaml" in client.open("/")
    client.post_form("/import", {}, files={"file": ("../../Thông báo 6.docx", docx)})
    assert (folder / "Thông báo 6.yaml").is_file() and not (folder.parent / "Thông báo 6.yaml").exists()


def test_import_says_why_a_file_is_refused(client: Client, folder: Path) -> None:
    response = client.post_form("/import", {}, files={"file": ("thong-bao.docx", b"PK\x03\x04 not really")})
    assert response.status_code == 303
    assert "Không nhập được thong-bao.docx" in client.open("/")
    wrong = client.post_form("/import", {}, files={"file": ("anh.png", b"\x89PNG")})
    assert wrong.status_code == 303 and "Chỉ nhập được tệp .docx hoặc .pdf" in client.open("/")
    assert sorted(p.name for p in folder.glob("*.yaml")) == ["chinh-thuc.yaml", "hong.yaml", "hop.yaml"]
