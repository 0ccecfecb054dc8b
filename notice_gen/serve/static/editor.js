// The drafting page of `notice-gen serve`: a form generated from the notice's JSON Schema,
// a YAML tab kept in sync with it, the live page preview and the findings beside their fields.
// The server does all the work (merge into the YAML, validate, lint, render, check); this file
// builds the form, sends what changed 250 ms after typing stops, and shows what comes back.
// Every text goes into the page through textContent or an input's value, never as HTML.
"use strict";

const DEBOUNCE_MS = 250;
const CHECK_AFTER_MS = 2000;
const root = document.getElementById("editor");
const NAME = root.dataset.name;
const CSRF = document.querySelector("meta[name=csrf]").content;
const ENC = encodeURIComponent(NAME);

const state = { text: "", data: null, sha: "", dirty: false, seq: 0, shown: 0, timer: null, inflight: null, view: "pdf", pdf: null, checked: null };
let schema = null;
let lists = { units: [], positions: [] };

// Vietnamese labels of the fields (the schema's own titles are the English field names).
const LABELS = {
  template: "Mẫu trình bày", issuer: "Cơ quan ban hành", name: "Tên", abbreviation: "Viết tắt",
  short_name: "Tên ngắn ở phần đầu", parent: "Cơ quan chủ quản", symbol: "Ký hiệu", number: "Số",
  issue_date: "Ngày ban hành", year: "Năm (dự thảo)", place: "Địa danh", secrecy: "Độ mật", urgency: "Độ khẩn",
  subject: "Trích yếu", meeting: "Cuộc họp", kind: "Loại cuộc họp", date: "Ngày họp", time_of_day: "Buổi",
  venue: "Địa điểm", form: "Hình thức", form_wording: "Cách nói trước hình thức", connection_points: "Số điểm cầu",
  counterpart: "Họp cùng", chair: "Người chủ trì", title: "Chức danh", roles: "Chức vụ Đảng, đoàn thể",
  position: "Chức vụ", attendees_intro: "Lời dẫn người dự", attendees: "Người dự", guests: "Khách mời",
  opening: "Phần mở đầu", paragraphs: "Các đoạn mở đầu", heard: "Điều đã nghe", conclusion: "Động từ câu dẫn",
  lead_in: "Câu dẫn", glossary: "Chữ viết tắt", numbering: "Cách đánh số mục", body: "Nội dung kết luận",
  closing: "Câu kết", audience: "Gửi để ai", action: "Việc phải làm", text: "Câu kết thay thế",
  recipients: "Nơi nhận", note: "Ghi chú", archive: "Lưu", units: "Nơi lưu", copies: "Số bản",
  drafter: "Người soạn thảo", initials: "Ký hiệu người soạn", signer: "Người ký", authority: "Thẩm quyền ký",
  section: "Tiêu đề mục", numbered: "Đánh số", content: "Nội dung", task: "Nhiệm vụ", lead: "Đơn vị chủ trì",
  support: "Đơn vị phối hợp", directed_by: "Lãnh đạo chỉ đạo", deadline: "Thời hạn", deadline_label: "Nhãn thời hạn",
  deadline_in_text: "Thời hạn đã nằm trong câu", list: "Danh sách", style: "Kiểu đánh dấu",
  organizer: "Cơ quan tổ chức", authorized_by: "Người ủy quyền cho người chủ trì", date_style: "Cách viết ngày họp",
  construction: "Kiểu câu mở đầu", attendees_style: "Cách liệt kê người dự", lead_in_placement: "Chỗ của câu dẫn",
  heard_wording: "Lời mở câu dẫn", concluded_by: "Người kết luận", item: "Đoạn đầu của điểm", members: "Các nơi nhận trong nhóm",
  case: "Chữ của tiêu đề", month: "Tháng (dự thảo)", heading_case: "Chữ của tiêu đề mục cấp 1", footnotes: "Chú thích cuối trang",
};
const KINDS = { text: "Đoạn văn", Task: "Nhiệm vụ", ListBlock: "Danh sách", Section: "Mục", Point: "Điểm nhiều đoạn", Person: "Một người", Recipient: "Nơi nhận có ghi chú" };
const LONG = new Set(["task", "subject", "text", "heard", "lead_in", "name", "venue", "attendees_intro", "item"]);
const UNIT_FIELDS = new Set(["lead", "support", "units"]);
const POSITION_FIELDS = new Set(["title", "position"]);
// The form's order: the meeting and its conclusions first, the letterhead details last.
const MAIN = ["meeting", "opening", "body", "closing", "recipients", "signer"];
const OTHER = ["issuer", "place", "number", "issue_date", "year", "month", "symbol", "subject", "secrecy", "urgency", "glossary", "footnotes", "numbering", "heading_case", "template", "archive", "drafter"];

// --- Small helpers --------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function pathText(path) {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : (out ? "." : "") + part;
  return out;
}

function deref(node) {
  if (node && node.$ref) return schema.$defs[node.$ref.split("/").pop()];
  return node || {};
}

function refName(node) {
  return node && node.$ref ? node.$ref.split("/").pop() : null;
}

function nonNull(node) {
  // anyOf [X, null] is an optional X
  if (node.anyOf) {
    const rest = node.anyOf.filter((n) => n.type !== "null");
    if (rest.length === 1) return { ...node, ...deref(rest[0]), anyOf: undefined, $ref: undefined, _ref: refName(rest[0]), _nullable: true };
  }
  return { ...deref(node), _ref: refName(node) || node._ref, description: node.description || deref(node).description };
}

function getAt(path) {
  let value = state.data;
  for (const part of path) value = value == null ? undefined : value[part];
  return value;
}

function setAt(path, value) {
  let parent = state.data;
  for (const part of path.slice(0, -1)) parent = parent[part];
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
}

function changed(rebuild = false) {
  state.dirty = true;
  if (rebuild) renderForm();
  schedule();
}

// --- Talking to the server -----------------------------------------------------------------

async function call(url, payload) {
  const response = await fetch(url, {
    method: payload === undefined ? "GET" : "POST",
    headers: payload === undefined ? {} : { "content-type": "application/json", "x-csrf-token": CSRF },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error((body && body.error) || body || `lỗi ${response.status}`);
  return body;
}

function status(text, kind = "") {
  const node = document.getElementById("status");
  node.textContent = text;
  node.className = `status ${kind}`;
}

function schedule(payload) {
  clearTimeout(state.timer);
  clearTimeout(state.checkTimer);
  state.pending = payload || "form";
  status("Đang chờ gõ xong…");
  state.timer = setTimeout(runDraft, DEBOUNCE_MS);
}

async function runDraft() {
  clearTimeout(state.timer);
  state.timer = null;
  const kind = state.pending;
  const fromForm = kind === "form";
  state.pending = null;
  const seq = ++state.seq;
  const payload = fromForm ? { text: state.text, data: state.data } : { text: state.text };
  status("Đang kiểm tra và vẽ trang…");
  const work = call(`/api/draft/${ENC}`, payload);
  state.inflight = work;
  let result;
  try {
    result = await work;
  } catch (error) {
    status(`Lỗi: ${error.message}`, "bad");
    return;
  }
  if (seq < state.shown) return; // an older answer arriving late
  state.shown = seq;
  state.text = result.text;
  if (fromForm) {
    if (document.getElementById("yaml").hidden) document.getElementById("yaml").value = result.text;
  } else if (kind !== "initial" && result.data && typeof result.data === "object") {
    state.data = result.data; // the YAML was edited: the form follows it
    if (!document.getElementById("form").hidden) renderForm();
  }
  show(result);
}

// The pages first; then lint on the same text and check on the new PDF, each in its own request.
function show(result) {
  const items = [];
  if (result.yaml_error) items.push({ kind: "input", level: "lỗi", field: "", where: "", message: `YAML không đọc được: ${result.yaml_error}` });
  for (const p of result.problems || []) items.push({ kind: "input", level: "lỗi", ...p });
  if (result.render_error) items.push({ kind: "render", level: "lỗi", field: "", where: "", message: result.render_error });
  const loads = !result.yaml_error && !(result.problems || []).length;
  // A text that does not load has no lint; its last pages and their check stay as they were.
  setMessages(loads ? ["input", "render"] : ["input", "render", "lint", "check"], items);
  if (loads) runLint(result.text);
  if (result.pdf) {
    state.pdf = { key: result.pdf, pages: result.pages };
    if (state.view === "pdf") showPages(state.pdf);
    // check reads the whole PDF back (about a second): only once typing has paused for a while,
    // so that it never delays the next preview.
    clearTimeout(state.checkTimer);
    if (state.checked !== result.pdf) state.checkTimer = setTimeout(() => runCheck(result.pdf), CHECK_AFTER_MS);
  }
}

function setMessages(kinds, items) {
  state.messages = (state.messages || []).filter((m) => !kinds.includes(m.kind)).concat(items);
  placeMessages();
  const errors = state.messages.filter((m) => m.level === "lỗi").length;
  const warnings = state.messages.length - errors;
  status(`${state.dirty ? "Chưa lưu" : "Đã lưu"} · ${errors} lỗi, ${warnings} cảnh báo`, errors ? "bad" : "ok");
}

async function runLint(text) {
  const seq = (state.lintSeq = (state.lintSeq || 0) + 1);
  try {
    const result = await call(`/api/lint/${ENC}`, { text });
    if (seq === state.lintSeq && result.findings) setMessages(["lint"], result.findings.map((f) => ({ kind: "lint", ...f })));
  } catch (error) {
    /* lint is advice: the input problems and the pages stay */
  }
}

async function runCheck(key) {
  state.checked = key;
  try {
    const result = await call(`/api/check/${key}`, {});
    if (state.pdf && state.pdf.key === key) setMessages(["check"], result.findings.map((f) => ({ kind: "check", ...f })));
  } catch (error) {
    /* check is advice: the lint and input messages stay */
  }
}

function showPages(pdf) {
  const box = document.getElementById("pages");
  const images = [...box.querySelectorAll("img")];
  for (let i = 0; i < pdf.pages; i++) {
    const src = `/api/page/${pdf.key}/${i}.png`;
    if (images[i]) {
      // Swap only once the new page is loaded: no blank flash, and a changed src means a drawn page.
      if (images[i].getAttribute("src") !== src) {
        const next = new Image();
        const target = images[i];
        next.onload = () => { if (box.dataset.key === pdf.key) target.src = src; };
        next.src = src;
      }
    } else box.append(el("img", { src, alt: `Trang ${i + 1}`, class: "page" }));
  }
  for (const extra of images.slice(pdf.pages)) extra.remove();
  document.getElementById("page-count").textContent = `${pdf.pages} trang`;
  box.dataset.key = pdf.key;
}

// --- Messages beside their fields ----------------------------------------------------------

function placeMessages() {
  for (const old of document.querySelectorAll("#form .msg")) old.remove();
  for (const marked of document.querySelectorAll("#form .has-error, #form .has-warning")) marked.classList.remove("has-error", "has-warning");
  const summary = document.getElementById("summary");
  summary.replaceChildren();
  const messages = state.messages || [];
  if (!messages.length) {
    summary.append(el("p", { class: "ok", text: "Không có lỗi, không có cảnh báo." }));
    return;
  }
  const list = el("ul");
  for (const m of messages) {
    const label = { input: "dữ liệu", lint: "lint", check: "check", render: "kết xuất" }[m.kind];
    const line = `${m.where ? m.where + ": " : ""}${m.level} ${m.rule ? m.rule + " " : ""}(${label})${m.field ? " " + m.field : ""}: ${m.message}`;
    const item = el("li", { class: m.level === "lỗi" ? "error" : "warning" }, el("span", { text: line }));
    if (m.hint) item.append(el("div", { class: "hint", text: `gợi ý: ${m.hint}` }));
    if (m.fixable) item.append(el("button", { type: "button", class: "small", text: "Sửa", onclick: fix }));
    const target = fieldNode(m.field || "");
    if (target) {
      item.addEventListener("click", () => focusField(target));
      const note = el("div", { class: `msg ${m.level === "lỗi" ? "error" : "warning"}`, text: `${m.message}${m.hint ? " — " + m.hint : ""}` });
      if (m.fixable) note.append(" ", el("button", { type: "button", class: "small", text: "Sửa", onclick: fix }));
      target.append(note);
      target.classList.add(m.level === "lỗi" ? "has-error" : "has-warning");
    }
    list.append(item);
  }
  summary.append(list);
}

function fieldNode(field) {
  // The field itself, or its nearest ancestor the form shows.
  let path = field;
  while (true) {
    const node = document.querySelector(`#form [data-path="${CSS.escape(path)}"]`);
    if (node) return node;
    if (!path) return null;
    const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
    path = cut > 0 ? path.slice(0, cut) : "";
  }
}

function focusField(node) {
  if (document.getElementById("form").hidden) showTab("form");
  for (let up = node.parentElement; up; up = up.parentElement) if (up.tagName === "DETAILS") up.open = true;
  node.scrollIntoView({ block: "center" });
  const input = node.querySelector("input, textarea, select");
  if (input) input.focus();
}

// --- The form, generated from the schema ---------------------------------------------------

function renderForm() {
  const form = document.getElementById("form");
  const scroll = form.scrollTop;
  form.replaceChildren();
  if (!state.data || typeof state.data !== "object" || Array.isArray(state.data)) {
    form.append(el("p", { class: "note", text: "Tệp chưa đọc được thành một thông báo: sửa ở thẻ YAML trước." }));
    return;
  }
  const props = schema.properties;
  for (const key of MAIN) form.append(group(key, props[key], [key], true));
  const other = el("details", { class: "group" }, el("summary", { text: "Phần đầu văn bản và các thông tin khác" }));
  // Every field of the schema has its place: a field added to the model later lands here too.
  const rest = Object.keys(props).filter((key) => !MAIN.includes(key) && !OTHER.includes(key));
  for (const key of [...OTHER, ...rest]) if (props[key]) other.append(field(key, props[key], [key], schema.required.includes(key)));
  form.append(other);
  for (const area of form.querySelectorAll("textarea")) fit(area); // sized once they are in the page
  placeMessages();
  form.scrollTop = scroll;
}

function group(key, node, path, open) {
  const box = el("details", { class: "group", open }, el("summary", { text: LABELS[key] || key }));
  box.append(field(key, node, path, schema.required.includes(key), true));
  return box;
}

function field(key, node, path, required, bare = false) {
  const spec = nonNull(node);
  const value = getAt(path);
  const row = el("div", { class: "field", "data-path": pathText(path) });
  const label = typeof key === "number" ? null : el("label", { class: "name", text: (LABELS[key] || key) + (required ? " *" : "") });
  if (label && !bare) row.append(label);
  if (spec.description && !bare && typeof key !== "number") row.append(el("div", { class: "desc", text: spec.description }));

  if (spec.type === "object" && spec.properties) {
    if (value === undefined) {
      row.append(el("button", { type: "button", class: "small", text: `+ thêm ${LABELS[key] || key}`, onclick: () => { setAt(path, skeleton(spec)); changed(true); } }));
      return row;
    }
    const box = el("div", { class: "object" });
    for (const [name, sub] of Object.entries(spec.properties)) box.append(field(name, sub, [...path, name], (spec.required || []).includes(name)));
    if (!required && !bare) box.append(el("button", { type: "button", class: "small danger", text: `bỏ ${LABELS[key] || key}`, onclick: () => { setAt(path, undefined); changed(true); } }));
    row.append(box);
    return row;
  }
  if (spec.type === "object" && spec.additionalProperties) return glossary(row, path, value || {});
  if (spec.type === "array") return array(row, key, spec, path, value || []);
  row.append(scalar(key, spec, path, value, required));
  return row;
}

function skeleton(spec) {
  const out = {};
  for (const name of spec.required || []) {
    const sub = nonNull(spec.properties[name]);
    out[name] = sub.type === "object" ? skeleton(sub) : sub.type === "array" ? [] : "";
  }
  return out;
}

function scalar(key, spec, path, value, required) {
  const name = typeof key === "number" ? path[path.length - 2] : key;
  if (spec.type === "boolean") {
    const box = el("input", { type: "checkbox" });
    box.checked = value === undefined ? !!spec.default : !!value;
    box.addEventListener("change", () => { setAt(path, box.checked); changed(); });
    return box;
  }
  if (spec.enum) {
    const select = el("select");
    select.append(el("option", { value: "", text: required ? "— chọn —" : "(không)" }));
    for (const option of spec.enum) select.append(el("option", { value: option, text: option, selected: option === value }));
    select.addEventListener("change", () => { setAt(path, select.value || undefined); changed(); });
    return select;
  }
  const long = LONG.has(name) || (typeof key === "number" && ["body", "content", "list", "paragraphs"].includes(name));
  const input = long ? el("textarea", { rows: 2 }) : el("input", { type: spec.type === "integer" ? "number" : "text" });
  if (spec.pattern && spec.pattern.includes("\\d{4}")) input.placeholder = "ngày/tháng/năm, ví dụ 30/04/2022";
  else if (name === "deadline") input.placeholder = "30/04/2022 hoặc chữ: Quý III/2022";
  else if (spec.default !== undefined && spec.default !== null) input.placeholder = String(spec.default);
  if (UNIT_FIELDS.has(name) || (name === "name" && path.includes("recipients"))) input.setAttribute("list", "dl-units");
  if (POSITION_FIELDS.has(name)) input.setAttribute("list", "dl-positions");
  input.value = value === undefined || value === null ? "" : String(value);
  input.addEventListener("input", () => {
    if (long) fit(input);
    const raw = input.value;
    let next = raw === "" ? undefined : raw;
    if (spec.type === "integer" && raw !== "") next = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (next === undefined && typeof path[path.length - 1] === "number") next = "";
    else if (next === undefined && required && spec._nullable) next = null; // an untitled section: `section:` left empty
    setAt(path, next);
    changed();
  });
  return input;
}

function fit(area) {
  area.style.height = "auto";
  area.style.height = `${Math.min(area.scrollHeight + 2, 400)}px`;
}

function glossary(row, path, value) {
  const box = el("div", { class: "object" });
  for (const [abbr, meaning] of Object.entries(value)) {
    const k = el("input", { value: abbr, class: "short" });
    const v = el("input", { value: meaning });
    const apply = () => {
      const next = {};
      for (const [a, m] of Object.entries(getAt(path) || {})) next[a === abbr ? k.value : a] = a === abbr ? v.value : m;
      setAt(path, next);
      changed();
    };
    k.addEventListener("change", () => { apply(); renderForm(); });
    v.addEventListener("input", apply);
    box.append(el("div", { class: "pair", "data-path": pathText([...path, abbr]) }, k, v,
      el("button", { type: "button", class: "small danger", text: "✕", title: "Xóa", onclick: () => { const next = { ...getAt(path) }; delete next[abbr]; setAt(path, next); changed(true); } })));
  }
  box.append(el("button", { type: "button", class: "small", text: "+ thêm chữ viết tắt", onclick: () => { setAt(path, { ...(getAt(path) || {}), "": "" }); changed(true); } }));
  row.append(box);
  return row;
}

// Arrays: items with move, indent, remove; the tree of sections, lists and tasks.
function array(row, key, spec, path, value) {
  const itemSpec = spec.items;
  const choices = itemSpec.oneOf ? itemSpec.oneOf.map((n) => refName(n) || "text") : null;
  const tree = ["body", "content", "list"].includes(key);
  if (getAt(path) === undefined) setAt(path, value);
  const box = el("div", { class: `array ${tree ? "tree" : ""}` });
  value.forEach((item, index) => {
    const itemPath = [...path, index];
    const kind = choices ? kindOf(item, choices) : null;
    const sub = kind && kind !== "text" ? { $ref: `#/$defs/${kind}` } : choices ? { type: "string" } : itemSpec;
    const controls = el("div", { class: "controls" });
    if (choices) controls.append(el("span", { class: "kind", text: KINDS[kind] || kind }));
    controls.append(
      button("↑", "Lên trên", index > 0, () => move(path, index, index - 1)),
      button("↓", "Xuống dưới", index < value.length - 1, () => move(path, index, index + 1)),
    );
    if (tree) {
      controls.append(
        button("→", "Lùi vào: thành nội dung của mục hoặc danh sách ngay trên", index > 0 && container(value[index - 1]) !== null, () => indent(path, index)),
        button("←", "Lùi ra: ra ngoài mục hoặc danh sách chứa nó", outerOf(path) !== null, () => outdent(path, index)),
      );
    }
    controls.append(button("✕", "Xóa", true, () => { getAt(path).splice(index, 1); changed(true); }, "danger"));
    const item_ = el("div", { class: `item kind-${kind || "plain"}` }, controls);
    item_.append(field(index, sub, itemPath, true, true));
    box.append(item_);
  });
  const add = el("div", { class: "add" });
  if (choices) {
    for (const choice of choices) add.append(el("button", { type: "button", class: "small", text: `+ ${KINDS[choice] || choice}`, onclick: () => { getAt(path).push(newItem(choice)); changed(true); } }));
  } else {
    add.append(el("button", { type: "button", class: "small", text: "+ thêm", onclick: () => { getAt(path).push(newItem(refName(itemSpec) || "text")); changed(true); } }));
  }
  box.append(add);
  row.append(box);
  return row;
}

function button(text, title, enabled, action, extra = "") {
  return el("button", { type: "button", class: `small ${extra}`, text, title, disabled: !enabled, onclick: action });
}

function kindOf(item, choices) {
  if (typeof item === "string" || item === null || item === undefined) return "text";
  if ("section" in item && choices.includes("Section")) return "Section";
  if ("task" in item && choices.includes("Task")) return "Task";
  if ("list" in item && choices.includes("ListBlock")) return "ListBlock";
  if ("item" in item && choices.includes("Point")) return "Point";
  if ("name" in item) return choices.find((c) => c !== "text") || "text";
  return choices.find((c) => c !== "text") || "text";
}

function newItem(kind) {
  if (kind === "text") return "";
  if (kind === "Section") return { section: "", content: [""] };
  if (kind === "ListBlock") return { list: [""] };
  if (kind === "Task") return { task: "" };
  if (kind === "Point") return { item: "", content: [""] };
  return skeleton(deref({ $ref: `#/$defs/${kind}` }));
}

function move(path, from, to) {
  const list = getAt(path);
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item);
  changed(true);
}

function container(item) {
  if (item && typeof item === "object" && Array.isArray(item.content)) return "content";
  if (item && typeof item === "object" && Array.isArray(item.list)) return "list";
  return null;
}

function indent(path, index) {
  const list = getAt(path);
  const into = list[index - 1][container(list[index - 1])];
  into.push(list.splice(index, 1)[0]);
  changed(true);
}

function outerOf(path) {
  // body[1].content → the parent list body, the parent item 1
  const last = path[path.length - 1];
  if (last !== "content" && last !== "list") return null;
  return { list: path.slice(0, -2), index: path[path.length - 2] };
}

function outdent(path, index) {
  const outer = outerOf(path);
  const item = getAt(path).splice(index, 1)[0];
  getAt(outer.list).splice(outer.index + 1, 0, item);
  changed(true);
}

// --- Tabs, buttons, start -------------------------------------------------------------------

function showTab(which) {
  const yaml = document.getElementById("yaml");
  const form = document.getElementById("form");
  document.getElementById("tab-form").classList.toggle("on", which === "form");
  document.getElementById("tab-yaml").classList.toggle("on", which === "yaml");
  if (which === "yaml") {
    yaml.value = state.text;
    yaml.hidden = false;
    form.hidden = true;
  } else {
    yaml.hidden = true;
    form.hidden = false;
    renderForm();
  }
}

async function flush() {
  if (state.timer) await runDraft();
  else if (state.inflight) await state.inflight.catch(() => null);
}

async function save() {
  await flush();
  try {
    const result = await call(`/api/save/${ENC}`, { text: state.text, base: state.sha });
    state.sha = result.sha;
    state.dirty = false;
    status(`Đã lưu (${result.versions} phiên bản trước được giữ)`, "ok");
    loadVersions();
  } catch (error) {
    status(`Chưa lưu: ${error.message}`, "bad");
  }
}

async function fix() {
  await flush();
  try {
    const result = await call(`/api/fix/${ENC}`, { text: state.text });
    state.text = result.text;
    if (result.data) state.data = result.data;
    document.getElementById("yaml").value = state.text;
    state.dirty = true;
    renderForm();
    schedule("yaml");
    status(result.changes.length ? `Đã sửa: ${result.changes.join("; ")}` : "Không có gì sửa tự động được.");
  } catch (error) {
    status(`Không sửa được: ${error.message}`, "bad");
  }
}

async function showDocx() {
  state.view = "docx";
  document.getElementById("show-docx").classList.add("on");
  document.getElementById("show-pdf").classList.remove("on");
  const note = document.getElementById("docx-note");
  note.hidden = false;
  note.textContent = "LibreOffice đang dàn trang bản DOCX…";
  try {
    const result = await call(`/api/docx/${ENC}`, { text: state.text });
    if (result.unavailable) {
      note.textContent = result.unavailable;
      return;
    }
    note.textContent = "Trang của bản DOCX do LibreOffice dàn (Word có thể ngắt khác đôi dòng). Bấm “Trang DOCX” lần nữa để cập nhật sau khi sửa.";
    if (state.view === "docx") showPages({ key: result.pdf, pages: result.pages });
  } catch (error) {
    note.textContent = `Không xem được trang DOCX: ${error.message}`;
  }
}

function showPdf() {
  state.view = "pdf";
  document.getElementById("show-pdf").classList.add("on");
  document.getElementById("show-docx").classList.remove("on");
  document.getElementById("docx-note").hidden = true;
  if (state.pdf) showPages(state.pdf);
}

async function loadVersions() {
  const select = document.getElementById("versions");
  const found = await call(`/api/versions/${ENC}`);
  select.replaceChildren(el("option", { value: "", text: found.length ? "Phiên bản trước…" : "Chưa có phiên bản trước" }));
  for (const v of found) select.append(el("option", { value: v.id, text: `${v.when} (${v.size} byte)` }));
}

async function restoreVersion(event) {
  const id = event.target.value;
  if (!id) return;
  const text = await call(`/api/versions/${ENC}/${id}`);
  event.target.value = "";
  state.text = text;
  state.dirty = true;
  document.getElementById("yaml").value = text;
  status("Đã mở phiên bản cũ: bấm Lưu để lấy lại nó (bản hiện tại cũng được giữ).");
  schedule("yaml");
  await flush();
  renderForm();
}

async function start() {
  schema = await call("/api/schema");
  const loaded = await call(`/api/notice/${ENC}`);
  state.text = loaded.text;
  state.data = loaded.data;
  state.sha = loaded.sha;
  const issuer = loaded.data && loaded.data.issuer ? loaded.data.issuer.abbreviation || "" : "";
  lists = await call(`/api/lists?issuer=${encodeURIComponent(issuer)}`);
  for (const [id, items] of [["dl-units", lists.units], ["dl-positions", lists.positions]]) {
    const dl = el("datalist", { id });
    for (const item of items) dl.append(el("option", { value: item }));
    document.body.append(dl);
  }
  document.getElementById("yaml").value = state.text;
  renderForm();
  document.getElementById("tab-form").addEventListener("click", () => showTab("form"));
  document.getElementById("tab-yaml").addEventListener("click", () => showTab("yaml"));
  document.getElementById("yaml").addEventListener("input", (event) => {
    state.text = event.target.value;
    state.dirty = true;
    schedule("yaml");
  });
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("fix").addEventListener("click", fix);
  document.getElementById("show-docx").addEventListener("click", showDocx);
  document.getElementById("show-pdf").addEventListener("click", showPdf);
  document.getElementById("versions").addEventListener("change", restoreVersion);
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); }
  });
  window.addEventListener("beforeunload", (event) => { if (state.dirty) event.preventDefault(); });
  loadVersions();
  schedule("initial");
  await flush();
}

start().catch((error) => status(`Không mở được: ${error.message}`, "bad"));
