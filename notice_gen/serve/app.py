"""The Starlette application of `notice-gen serve`: pages, the editor's API, the Văn thư's screens.

Routes that change anything are POST and carry the session's CSRF token; every name in a
URL goes through folder.Folder, the one place that makes paths; every text reaches HTML
through Jinja2's autoescaping or the browser's textContent, never through markup built by
hand; the Content-Security-Policy allows only this server's own scripts and styles. The
rendering (WeasyPrint, PDFium) runs in Starlette's thread pool, one render at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import InputError, NoticeError
from . import yamledit
from .auth import CSRF_FIELD, CSRF_HEADER, ROLES, User, check_password, new_token, same_token
from .drafting import Drafting
from .folder import Folder, FolderError

MAX_BODY = 20 * 1024 * 1024  # a request body: an uploaded DOCX or PDF with pictures, a key file
MAX_UPLOAD = {"import": 20 * 1024 * 1024, "verify": 20 * 1024 * 1024, "p12": 64 * 1024, "image": 4 * 1024 * 1024}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
LOCAL_USER = User("máy này", "van-thu", "")  # loopback without accounts: the drafter's own machine
DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@dataclass
class Settings:
    folder: Path
    users: dict[str, User] | None = None  # None: loopback, no accounts
    register: Path | None = None  # --db; default FOLDER/so-van-ban-di.sqlite3
    templates_dir: Path | None = None
    loopback: bool = True
    trust: tuple[Path, ...] = ()  # root certificates verify trusts (--trust, NOTICE_GEN_TRUST)


class Limits:
    """ASGI middleware: a body larger than MAX_BODY is refused (413) before it is read, and a
    body without a declared length (chunked) is cut off at the same size."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if (length and (not length.isdigit() or int(length) > MAX_BODY)) or (
            length is None and b"chunked" in headers.get(b"transfer-encoding", b"")
        ):
            response = PlainTextResponse(
                f"Tệp gửi lên quá lớn hoặc không ghi rõ độ dài (tối đa {MAX_BODY // 1024 // 1024} MB).", 413
            )
            await response(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings) -> Starlette:
    folder = Folder(settings.folder)
    folder.state.mkdir(exist_ok=True)
    drafting = Drafting(folder.scratch(), settings.templates_dir)
    merger = yamledit.Merger()
    pages = Jinja2Templates(directory=str(resources.files("notice_gen.serve") / "pages"))
    schema_json = json.dumps(_schema(), ensure_ascii=False)
    register_path = (settings.register or folder.register_path()).absolute()

    # --- Guards ---------------------------------------------------------------------------------

    def user_of(request: Request) -> User | None:
        if settings.users is None:
            return LOCAL_USER
        return settings.users.get(request.session.get("user", ""))

    def token(request: Request) -> str:
        if "csrf" not in request.session:
            request.session["csrf"] = new_token()
        return str(request.session["csrf"])

    async def guard(request: Request, *, clerk: bool = False) -> User:
        """The signed-in user (401 otherwise); on POST the CSRF token (403 otherwise)."""
        user = user_of(request)
        if user is None:
            raise HTTPException(401, "Cần đăng nhập.")
        if clerk and not user.clerk:
            raise HTTPException(403, "Chỉ Văn thư được làm việc này.")
        if request.method == "POST":
            given = request.headers.get(CSRF_HEADER)
            if given is None and request.headers.get("content-type", "").startswith(
                ("multipart/form-data", "application/x-www-form-urlencoded")
            ):
                form = await request.form(max_files=4, max_fields=20, max_part_size=MAX_BODY)
                value = form.get(CSRF_FIELD)
                given = value if isinstance(value, str) else None
            if not same_token(request.session.get("csrf"), given):
                raise HTTPException(
                    403, "Phiên làm việc đã hết hoặc yêu cầu không đến từ trang này; hãy tải lại trang."
                )
        return user

    def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        flash = request.session.pop("flash", [])
        return pages.TemplateResponse(
            request,
            template,
            {"user": user_of(request), "csrf": token(request), "flash": flash, "roles": ROLES,
             "accounts": settings.users is not None, **context},
            status_code=status,
        )  # fmt: skip

    def say(request: Request, kind: str, text: str) -> None:
        request.session.setdefault("flash", []).append({"kind": kind, "text": text})

    def notice_name(request: Request) -> str:
        name = request.path_params["name"]
        try:
            folder.notice(name)
        except FolderError as exc:
            raise HTTPException(404, str(exc)) from None
        return str(name)

    async def body(request: Request) -> dict[str, Any]:
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise HTTPException(400, "Dữ liệu gửi lên không phải JSON.") from None
        if not isinstance(data, dict):
            raise HTTPException(400, "Dữ liệu gửi lên phải là một đối tượng JSON.")
        return data

    def text_of(data: dict[str, Any], key: str = "text") -> str:
        value = data.get(key)
        if not isinstance(value, str):
            raise HTTPException(400, f"Thiếu “{key}” (văn bản YAML).")
        if len(value.encode("utf-8")) > 1_000_000:
            raise HTTPException(413, "Văn bản quá dài (tối đa 1 MB).")
        return value

    # --- Sign-in --------------------------------------------------------------------------------

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login.html")
        form = await request.form(max_files=0, max_fields=5)
        if not same_token(request.session.get("csrf"), form.get(CSRF_FIELD)):  # type: ignore[arg-type]
            raise HTTPException(403, "Phiên làm việc đã hết; hãy tải lại trang đăng nhập.")
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        user = (settings.users or {}).get(name)
        ok = await run_in_threadpool(check_password, password, user.hash) if user else False
        if not ok:
            say(request, "error", "Sai tên tài khoản hoặc mật khẩu.")
            return RedirectResponse("/login", 303)
        request.session.clear()  # a new session on sign-in: a token planted before it is worthless
        request.session["user"] = name
        request.session["csrf"] = new_token()
        return RedirectResponse("/", 303)

    async def logout(request: Request) -> Response:
        await guard(request)
        request.session.clear()
        return RedirectResponse("/login" if settings.users else "/", 303)

    # --- List, new, import ----------------------------------------------------------------------

    async def index(request: Request) -> Response:
        await guard(request)
        rows = await run_in_threadpool(_states, folder, register_path)
        return page(request, "index.html", rows=rows, folder=folder.root, layouts=_layouts(settings.templates_dir))

    async def new(request: Request) -> Response:
        await guard(request)
        form = await request.form(max_files=0, max_fields=5)
        name = _yaml_name(str(form.get("name", "")))
        origin = str(form.get("from", ""))
        try:
            if folder.exists(name):
                say(request, "error", f"Đã có {name}; chọn tên khác.")
                return RedirectResponse("/", 303)
            if origin.startswith("mau:"):  # the blank notice in one of the templates' layouts
                layout = origin.removeprefix("mau:")
                if layout not in _layouts(settings.templates_dir):
                    raise FolderError(f"không có mẫu “{layout}” (notice-gen templates list)")
                text = (resources.files("notice_gen.serve") / "moi.yaml").read_text(encoding="utf-8")
                text = text.replace("\nissuer:\n", f"\ntemplate: {layout}\nissuer:\n", 1) if layout != "bo" else text
            elif origin:
                text = folder.read(origin).decode("utf-8")
                data = yamledit.to_json(yamledit.parse(text))
                for key in ("number", "issue_date"):  # a copy is a new draft: no number, no date yet
                    data.pop(key, None)
                text = yamledit.merge(text, data)
            else:
                text = (resources.files("notice_gen.serve") / "moi.yaml").read_text(encoding="utf-8")
            folder.write(name, text.encode("utf-8"))
        except (FolderError, yamledit.YamlError, UnicodeDecodeError) as exc:
            say(request, "error", str(exc))
            return RedirectResponse("/", 303)
        return RedirectResponse(f"/edit/{name}", 303)

    async def import_upload(request: Request) -> Response:
        await guard(request)
        form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_UPLOAD["import"])
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            say(request, "error", "Chọn một tệp DOCX hoặc PDF để nhập.")
            return RedirectResponse("/", 303)
        data = await _read_upload(upload, MAX_UPLOAD["import"])
        suffix = Path(upload.filename).suffix.lower()
        if suffix not in (".docx", ".pdf"):
            say(request, "error", f"Chỉ nhập được tệp .docx hoặc .pdf, không phải “{suffix or upload.filename}”.")
            return RedirectResponse("/", 303)
        name = _yaml_name(str(form.get("name", "")) or Path(upload.filename).stem)
        try:
            result = await run_in_threadpool(
                _import, folder, drafting, name, upload.filename, data, settings.templates_dir
            )
        except (NoticeError, FolderError) as exc:
            say(request, "error", f"Không nhập được {upload.filename}: {exc}")
            return RedirectResponse("/", 303)
        for line in result:
            say(request, "info", line)
        return RedirectResponse(f"/edit/{name}", 303)

    # --- The editor -----------------------------------------------------------------------------

    async def edit(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        if not folder.exists(name):
            raise HTTPException(404, f"Không có thông báo {name}.")
        return page(request, "edit.html", name=name)

    async def schema(request: Request) -> Response:
        await guard(request)
        return Response(schema_json, media_type="application/json")

    async def lists(request: Request) -> Response:
        await guard(request)
        units = drafting.rules.units(request.query_params.get("issuer", ""))
        return JSONResponse(
            {
                "units": [u.name for u in units.units] if units else [],
                "positions": list(drafting.rules.positions),
            }
        )

    async def notice(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        try:
            raw = folder.read(name)
            text = raw.decode("utf-8")
        except FolderError as exc:
            raise HTTPException(404, str(exc)) from None
        except UnicodeDecodeError:
            raise HTTPException(422, f"{name} không phải UTF-8; hãy lưu lại tệp với mã hóa UTF-8.") from None
        return JSONResponse({"text": text, "data": _data_or_none(text), "sha": _sha(raw)})

    async def draft(request: Request) -> Response:
        """The form's data (merged into ``text``) or the YAML ``text`` alone → the text, its input
        problems and its pages; the form's data too when the YAML was edited."""
        await guard(request)
        name = notice_name(request)
        data = await body(request)
        text = text_of(data)
        from_form = "data" in data
        if from_form:
            try:
                text = await run_in_threadpool(merger.merge, text, data["data"])
            except yamledit.YamlError as exc:
                return JSONResponse({"text": text, "yaml_error": str(exc)})
        result = await run_in_threadpool(drafting.evaluate, name, text)
        return JSONResponse(
            {
                "text": text,
                "data": None if from_form else await run_in_threadpool(_data_or_none, text),
                "problems": result.problems,
                "render_error": result.render_error,
                "pdf": result.pdf_key,
                "pages": result.pages,
            }
        )

    async def lint(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        text = text_of(await body(request))
        return JSONResponse({"findings": await run_in_threadpool(drafting.lint, name, text)})

    async def page_image(request: Request) -> Response:
        await guard(request)
        png = await run_in_threadpool(
            drafting.page_png, request.path_params["key"], int(request.path_params["index"])
        )
        if png is None:
            raise HTTPException(404, "Trang xem trước không còn; hãy sửa lại một chữ để vẽ lại.")
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=600"})

    async def check(request: Request) -> Response:
        await guard(request)
        return JSONResponse({"findings": await run_in_threadpool(drafting.check, request.path_params["key"])})

    async def docx_preview(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        text = text_of(await body(request))
        try:
            notice_ = await run_in_threadpool(drafting.notice_of, name, text.encode("utf-8"))
            key = await run_in_threadpool(drafting.docx_pages, notice_)
        except InputError:
            return JSONResponse({"unavailable": "Sửa các lỗi dữ liệu trước, rồi xem bản DOCX."})
        except RuntimeError as exc:
            return JSONResponse(
                {
                    "unavailable": f"Không xem được trang DOCX: {exc}. Bản PDF bên cạnh là bố cục của notice-gen; "
                    "DOCX mở trong Word có thể ngắt trang khác một vài dòng. Cài LibreOffice trên máy chủ "
                    "(apt-get install libreoffice-writer-nogui) để xem trang DOCX ở đây."
                }
            )
        except Exception as exc:  # LibreOffice failing (timeout, crash) must not take the page down
            return JSONResponse({"unavailable": f"LibreOffice không chuyển được DOCX ({type(exc).__name__})."})
        return JSONResponse({"pdf": key, "pages": drafting.page_count(key)})

    async def fix(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        text = text_of(await body(request))
        fixed, changes = await run_in_threadpool(drafting.fix, name, text)
        return JSONResponse({"text": fixed, "data": _data_or_none(fixed), "changes": changes})

    async def save(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        data = await body(request)
        text = text_of(data)
        try:
            current = folder.read(name) if folder.exists(name) else b""
            if data.get("base") and data["base"] != _sha(current):
                return JSONResponse(
                    {"error": f"{name} vừa được sửa ở nơi khác (tệp trên đĩa đã đổi). Chép phần của bạn, "
                     "tải lại trang rồi sửa lại, để không ghi đè lên thay đổi đó."},
                    409,
                )  # fmt: skip
            folder.write(name, text.encode("utf-8"))
        except FolderError as exc:
            return JSONResponse({"error": str(exc)}, 400)
        return JSONResponse({"sha": _sha(text.encode("utf-8")), "versions": len(folder.versions(name))})

    async def versions(request: Request) -> Response:
        await guard(request)
        name = notice_name(request)
        if "id" in request.path_params:
            try:
                return PlainTextResponse(folder.version(name, request.path_params["id"]).decode("utf-8"))
            except FolderError as exc:
                raise HTTPException(404, str(exc)) from None
        return JSONResponse(
            [{"id": v.id, "when": f"{v.when:%d/%m/%Y %H:%M:%S}", "size": v.size} for v in folder.versions(name)]
        )

    async def download(request: Request) -> Response:
        """A saved notice as a draft DOCX or PDF, or its tasks as XLSX or ICS."""
        await guard(request)
        name = notice_name(request)
        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise HTTPException(404, "Chỉ tải được docx, pdf, xlsx hoặc ics.")
        try:
            notice_ = await run_in_threadpool(drafting.notice_of, name, folder.read(name))
            if fmt in ("docx", "pdf"):
                data = await run_in_threadpool(drafting.render, notice_, fmt)
            else:
                data = _tasks(notice_, Path(name), fmt, drafting)
        except InputError as exc:
            return PlainTextResponse("Tệp đã lưu chưa hợp lệ:\n" + str(exc), 422)
        except (NoticeError, FolderError) as exc:
            return PlainTextResponse(str(exc), 422)
        filename = f"{Path(name).stem}{'-nhiem-vu' if fmt in ('xlsx', 'ics') else ''}.{fmt}"
        return Response(data, media_type=DOWNLOADS[fmt], headers={"content-disposition": _attachment(filename)})

    # --- The Văn thư ----------------------------------------------------------------------------

    async def clerk(request: Request) -> Response:
        await guard(request, clerk=True)
        year = request.query_params.get("year", "")
        entries, warnings = await run_in_threadpool(_entries, register_path, int(year) if year.isdigit() else None)
        return page(
            request, "van-thu.html", entries=entries, warnings=warnings, names=folder.names(),
            pdfs=folder.issued_pdfs(), register=register_path, year=year, today=f"{dt.date.today():%d/%m/%Y}",
        )  # fmt: skip

    async def issue(request: Request) -> Response:
        await guard(request, clerk=True)
        form = await request.form(max_files=0, max_fields=5)
        name = str(form.get("name", ""))
        when = str(form.get("date", "")).strip()
        try:
            lines = await run_in_threadpool(_issue, folder, register_path, settings.templates_dir, name, when)
        except (NoticeError, FolderError, ValueError) as exc:
            say(request, "error", f"Chưa cấp số cho {name}: {exc}")
        else:
            for line in lines:
                say(request, "info", line)
        return RedirectResponse("/van-thu", 303)

    async def prepare(request: Request) -> Response:
        await guard(request, clerk=True)
        form = await request.form(max_files=0, max_fields=5)
        name = str(form.get("name", ""))
        try:
            lines = await run_in_threadpool(_prepare, folder, register_path, settings.templates_dir, name)
        except (NoticeError, FolderError) as exc:
            say(request, "error", f"Chưa làm bản trình ký cho {name}: {exc}")
        else:
            for line in lines:
                say(request, "info", line)
        return RedirectResponse("/van-thu", 303)

    async def issued_file(request: Request) -> Response:
        await guard(request, clerk=True)
        try:
            path = folder.issued_file(request.path_params["file"])
            from .folder import read_plain

            data = read_plain(path)
        except FolderError as exc:
            raise HTTPException(404, str(exc)) from None
        media = DOWNLOADS.get(path.suffix.lstrip("."), "application/octet-stream")
        return Response(data, media_type=media, headers={"content-disposition": _attachment(path.name)})

    async def sign(request: Request) -> Response:
        await guard(request, clerk=True)
        form = await request.form(max_files=3, max_fields=10, max_part_size=MAX_BODY)
        target = str(form.get("file", ""))
        key, image = form.get("p12"), form.get("image")
        try:
            path = folder.issued_file(target)
            if not isinstance(key, UploadFile) or not key.filename:
                raise ValueError("chọn tệp khóa .p12/.pfx")
            p12 = await _read_upload(key, MAX_UPLOAD["p12"])
            picture = None
            if isinstance(image, UploadFile) and image.filename:
                picture = await _read_upload(image, MAX_UPLOAD["image"])
            size = str(form.get("size_mm", "")).strip()
            result = await run_in_threadpool(
                _sign, folder, path, p12, str(form.get("password", "")), str(form.get("role", "signer")),
                picture, float(size) if size else None,
            )  # fmt: skip
        except (NoticeError, FolderError, ValueError) as exc:
            say(request, "error", f"Chưa ký {target}: {exc}")
        else:
            for line in result:
                say(request, "info", line)
        return RedirectResponse("/van-thu", 303)

    async def verify(request: Request) -> Response:
        await guard(request)
        form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_UPLOAD["verify"])
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            say(request, "error", "Chọn một tệp PDF để kiểm tra chữ ký.")
            return RedirectResponse("/van-thu", 303)
        data = await _read_upload(upload, MAX_UPLOAD["verify"])
        try:
            reports = await run_in_threadpool(_verify, drafting, data, settings.trust)
        except NoticeError as exc:
            say(request, "error", f"{upload.filename}: {exc}")
            return RedirectResponse("/van-thu", 303)
        return page(request, "verify.html", file=upload.filename, reports=reports, trust=bool(settings.trust))

    async def register_export(request: Request) -> Response:
        await guard(request, clerk=True)
        from ..issuing.register import Register, RegisterError, export_xlsx

        year = request.query_params.get("year", "")
        try:
            with Register(register_path, create=False) as register:
                entries = register.entries(year=int(year) if year.isdigit() else None)
        except RegisterError as exc:
            return PlainTextResponse(str(exc), 404)
        data = export_xlsx(entries, f"Sổ văn bản đi {year}".strip())
        headers = {"content-disposition": _attachment("so-van-ban-di.xlsx")}
        return Response(data, media_type=DOWNLOADS["xlsx"], headers=headers)

    async def on_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 401 and not request.url.path.startswith("/api/"):
            return RedirectResponse("/login", 303)
        if request.url.path.startswith("/api/") or request.headers.get(CSRF_HEADER):
            return JSONResponse({"error": exc.detail}, exc.status_code)
        return page(request, "error.html", exc.status_code, message=exc.detail)

    async def on_crash(request: Request, exc: Exception) -> Response:
        """A bug of ours: a message in Vietnamese, never a traceback (uvicorn's log keeps it)."""
        message = f"Lỗi nội bộ của notice-gen ({type(exc).__name__}); xin báo lại cùng việc vừa làm."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, 500)
        return PlainTextResponse(message, 500)

    routes = [
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", index),
        Route("/new", new, methods=["POST"]),
        Route("/import", import_upload, methods=["POST"]),
        Route("/edit/{name}", edit),
        Route("/api/schema", schema),
        Route("/api/lists", lists),
        Route("/api/notice/{name}", notice),
        Route("/api/draft/{name}", draft, methods=["POST"]),
        Route("/api/page/{key:str}/{index:int}.png", page_image),
        Route("/api/lint/{name}", lint, methods=["POST"]),
        Route("/api/check/{key}", check, methods=["POST"]),
        Route("/api/docx/{name}", docx_preview, methods=["POST"]),
        Route("/api/fix/{name}", fix, methods=["POST"]),
        Route("/api/save/{name}", save, methods=["POST"]),
        Route("/api/versions/{name}", versions),
        Route("/api/versions/{name}/{id}", versions),
        Route("/download/{name}/{fmt}", download),
        Route("/van-thu", clerk),
        Route("/van-thu/prepare", prepare, methods=["POST"]),
        Route("/van-thu/issue", issue, methods=["POST"]),
        Route("/van-thu/file/{file}", issued_file),
        Route("/van-thu/sign", sign, methods=["POST"]),
        Route("/van-thu/verify", verify, methods=["POST"]),
        Route("/van-thu/so-van-ban-di.xlsx", register_export),
        Mount("/static", StaticFiles(directory=str(resources.files("notice_gen.serve") / "static")), name="static"),
    ]
    middleware = [
        Middleware(Limits),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(LOOPBACK) if settings.loopback else ["*"]),
        Middleware(
            SessionMiddleware,
            secret_key=secrets.token_urlsafe(32),  # sessions end with the server: nothing to leak on disk
            session_cookie="notice_gen",
            same_site="strict",
            max_age=12 * 3600,
        ),
    ]
    handlers = {HTTPException: on_error, Exception: on_crash}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)


# --- Helpers run in the thread pool ------------------------------------------------------------


def _schema() -> dict[str, Any]:
    from ..notice.model import Notice

    return Notice.model_json_schema()


def _layouts(templates_dir: Path | None) -> dict[str, str]:
    """The templates a new notice can take (notice-gen templates list): name → description."""
    from ..templates.tools import listing

    return {i.name: i.template.manifest.description for i in listing(templates_dir) if i.template and not i.shadowed_by}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _data_or_none(text: str) -> Any:
    try:
        return yamledit.to_json(yamledit.parse(text))
    except yamledit.YamlError:
        return None


def _yaml_name(name: str) -> str:
    name = name.strip()
    return name if name.endswith((".yaml", ".yml")) else f"{name}.yaml"


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


async def _read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"{upload.filename}: tệp quá lớn (tối đa {limit // 1024} KB).")
    return data


@dataclass
class Row:
    name: str
    state: str  # "lỗi", "dự thảo", "chính thức", "đã ban hành"
    detail: str


def _states(folder: Folder, register_path: Path) -> list[Row]:
    """Each notice with its state: invalid, draft (no number), final, or issued (in the register)."""
    from ..issuing.register import Register, RegisterError
    from ..notice.load import load
    from ..notice.model import validate

    issued: dict[str, str] = {}
    if register_path.exists():
        try:
            with Register(register_path, create=False) as register:
                for entry in register.entries():
                    if not entry.void:
                        issued[entry.source_sha256] = f"số {entry.number_symbol} ngày {entry.issue_date:%d/%m/%Y}"
        except RegisterError:
            pass
    rows = []
    for name in folder.names():
        path = folder.notice(name)
        try:
            raw = folder.read(name)
            notice = validate(load(path))
        except InputError as exc:
            rows.append(Row(name, "lỗi", f"{len(exc.problems)} lỗi dữ liệu"))
            continue
        except FolderError as exc:
            rows.append(Row(name, "lỗi", str(exc)))
            continue
        if _sha(raw) in issued:
            rows.append(Row(name, "đã ban hành", issued[_sha(raw)]))
        elif notice.number and notice.issue_date:
            rows.append(Row(name, "chính thức", f"số {notice.number}, ngày {notice.issue_date:%d/%m/%Y}"))
        else:
            rows.append(Row(name, "dự thảo", notice.meeting.name))
    return rows


def _tasks(notice: Any, path: Path, fmt: str, drafting: Drafting) -> bytes:
    from ..tasks import rows as task_rows
    from ..tasks.export import ics, xlsx

    today = dt.date.today()
    rows = list(task_rows.rows(notice, path, drafting.rules.calendar, today))
    return xlsx(rows, as_of=today) if fmt == "xlsx" else ics(rows, stamp=dt.datetime.now(dt.UTC))


def _import(
    folder: Folder, drafting: Drafting, name: str, filename: str, data: bytes, templates_dir: Path | None
) -> list[str]:
    """`notice-gen import` on an upload: a new YAML file ``name`` in FOLDER (never over one), and
    what the importer could not read into fields, with where it stands in the source."""
    from ..importer import import_file

    if folder.exists(name):
        raise FolderError(f"đã có {name}; chọn tên khác (hoặc xóa tệp cũ)")
    with drafting.scratch_file(f"tai-len{Path(filename).suffix.lower()}", data) as path:
        imported = import_file(path, templates_dir=templates_dir)
    folder.write(name, imported.yaml_text().encode("utf-8"))
    said = [f"Đã nhập {filename} thành {name}" + (f" ({imported.pages} trang)" if imported.pages else "")]
    return said + [f"{filename}: {warning}" for warning in imported.warnings]


def _entries(register_path: Path, year: int | None) -> tuple[list[tuple[Any, list[tuple[Any, str]]]], list[str]]:
    """The register's entries, each with its files and their state on disk. The state of a signed
    PDF comes from verifying it (pyHanko runs its own event loop): here, in a worker thread."""
    from ..issuing.register import NoRegister, Register, RegisterError

    try:
        with Register(register_path, create=False) as register:
            entries = register.entries(year=year)
            return [(e, [(o, o.state()) for o in e.outputs]) for e in entries], register.warnings
    except NoRegister:
        return [], []
    except RegisterError as exc:
        return [], [str(exc)]


def _issue(folder: Folder, register_path: Path, templates_dir: Path | None, name: str, when: str) -> list[str]:
    """`notice-gen issue` on a YAML notice of FOLDER, or on a signed copy for signing (a PDF of the
    issued folder that `prepare` made and the signer signed: ký trước, cấp số sau)."""
    from ..issuing.issue import issue, issue_signed
    from ..issuing.register import Register
    from ..notice.model import _parse_date

    signed = name.lower().endswith(".pdf")
    path = folder.issued_file(name) if signed else folder.notice(name)
    date = _parse_date(when) if when else None
    said: list[str] = []
    with Register(register_path, create=True) as register:
        number = issue_signed if signed else issue
        out = folder.own_dir(folder.issued)  # a ban-hanh/ linked elsewhere is refused, never written through
        done = number(path, register, out, date=date, templates_dir=templates_dir, say=said.append)
    files = ", ".join(p.name for p in done.files)
    done_line = f"Đã cấp số {done.number_symbol} ngày {done.issue_date:%d/%m/%Y} cho {name}: {files}"
    return [done_line, *said, *done.problems]


def _prepare(folder: Folder, register_path: Path, templates_dir: Path | None, name: str) -> list[str]:
    """`notice-gen prepare`: the copy for signing, into the issued folder; no number is taken."""
    from ..issuing.issue import prepare
    from ..issuing.register import Register

    with Register(register_path, create=True) as register:
        target = prepare(folder.notice(name), register, folder.own_dir(folder.issued), templates_dir=templates_dir)
    return [
        f"Bản trình ký: {target.name}. Người ký ký số bản này (ô Ký số, vai trò người ký); "
        "rồi Văn thư cấp số cho chính bản đã ký (ô Cấp số, chọn tệp .pdf đó)."
    ]


def _sign(
    folder: Folder, path: Path, p12: bytes, password: str, role: str, picture: bytes | None, size_mm: float | None
) -> list[str]:
    import shutil
    import tempfile

    from ..issuing.signing import load_key, sign

    work = Path(tempfile.mkdtemp(dir=folder.scratch()))
    try:
        (work / "key.p12").write_bytes(p12)
        (work / "key.p12").chmod(0o600)
        image = None
        if picture is not None:
            image = work / "hinh.png"
            image.write_bytes(picture)
        key = load_key(work / "key.p12", password or None)
        done = sign(path, path, key=key, role=role, image=image, width_mm=size_mm)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    who = "người ký" if role == "signer" else "cơ quan ban hành"
    return [f"Đã ký {path.name} ({who}: {done.signer}) vào trang {done.page + 1}", *done.warnings]


def _verify(drafting: Drafting, data: bytes, trust: tuple[Path, ...]) -> list[Any]:
    from ..issuing.signing import verify

    with drafting.scratch_file("kiem-tra.pdf", data) as path:
        return verify(path, trust)

