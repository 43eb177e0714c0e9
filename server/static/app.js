/* zwgk web page: one script, no framework, nothing loaded from outside this server.
 * Pages are hash routes (#/, #/tasks, #/compare, #/charts, #/sparql, #/source); every page reads
 * the filters of the side panel and calls the JSON API under /api/ (the CLI's --json). */
"use strict";

const ROLE = { lead: "牵头", responsible: "负责", cooperate: "配合" };
const ROLE_ORDER = { lead: 0, responsible: 1, cooperate: 2 };
const $ = (sel, root = document) => root.querySelector(sel);
const state = { facets: null, charts: null, examples: null, yasgui: null, route: null };

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "html") node.innerHTML = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) query.append(k, v);
  const url = `/api/${path}${query.toString() ? "?" + query : ""}`;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error((await response.text()).trim() || `${response.status} ${response.statusText}`);
  return response.json();
}

function apiUrl(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) query.append(k, v);
  return `/api/${path}?${query}`;
}

function showError(target, error) {
  target.replaceChildren(el("p", { class: "error" }, `出错了：${error.message || error}`));
}

/* -- filters ------------------------------------------------------------------------------------ */
const filters = { region: "", year: "", since: "", until: "", unit: "", unit_function: "", topic: "", due_after: "",
  due_before: "", undated: "", unassigned: "", shared: "", cooperated: "", level: "" };

function activeFilters() {
  const out = {};
  for (const [k, v] of Object.entries(filters)) if (v) out[k] = v;
  return out;
}

function describeFilters() {
  const parts = [];
  if (filters.region) parts.push(`地区 ${filters.region}`);
  if (filters.year) parts.push(`${filters.year}年`);
  if (filters.since || filters.until) parts.push(`${filters.since || "…"}—${filters.until || "…"}年的计划`);
  if (filters.level) parts.push(`${$("#f-level").selectedOptions[0].textContent}计划`);
  if (filters.unit) parts.push(`单位 ${filters.unit}`);
  if (filters.unit_function) parts.push(`职能 ${filters.unit_function}`);
  if (filters.topic) parts.push(`主题 ${filters.topic}`);
  if (filters.due_after || filters.due_before) parts.push(`时限 ${filters.due_after || "…"} 至 ${filters.due_before || "…"}`);
  if (filters.undated) parts.push(filters.undated === "true" ? "未明确完成时限" : "已明确完成时限");
  if (filters.unassigned) parts.push(filters.unassigned === "true" ? "未列明责任单位" : "已列明责任单位");
  if (filters.shared) parts.push(filters.shared === "true" ? "多个单位共同承担" : "单一单位承担");
  if (filters.cooperated) parts.push(filters.cooperated === "true" ? "有配合单位" : "无配合单位");
  $("#filter-summary").textContent = parts.length ? "已筛选：" + parts.join("，") : "未筛选：全部计划";
}

function renderTree(nodes) {
  return el("ul", {}, nodes.map((n) => el("li", {},
    el("a", { "data-region": n.name, class: filters.region === n.name ? "selected" : null, title: `${n.plans} 份计划`,
      onclick: () => { filters.region = filters.region === n.name ? "" : n.name; filtersChanged(); } }, n.name),
    n.children.length ? renderTree(n.children) : null)));
}

function fillFilters() {
  const f = state.facets;
  $("#region-tree").replaceChildren(renderTree(f.regions));
  const year = $("#f-year");
  year.replaceChildren(el("option", { value: "" }, "全部"), ...f.years.map((y) => el("option", { value: y }, y)));
  year.value = filters.year;
  for (const [id, label] of [["#f-since", "自"], ["#f-until", "至"]]) {  // a span of plan years (since=, until=)
    $(id).replaceChildren(el("option", { value: "" }, `${label}：不限`), ...f.years.map((y) => el("option", { value: y }, `${label} ${y}`)));
  }
  $("#f-since").value = filters.since;
  $("#f-until").value = filters.until;
  $("#unit-list").replaceChildren(...f.units.map((u) => el("option", { value: u.name }, `${u.count} 项任务`)));
  const fn = $("#f-function");  // unit functions: 计划财务 stands for 计财科, 计划财务处… in every plan
  fn.replaceChildren(el("option", { value: "" }, "全部"), ...(f.functions || []).map((u) => el("option", { value: u.name }, `${u.name} (${u.count})`)));
  fn.value = filters.unit_function;
  const topic = $("#f-topic");
  topic.replaceChildren(el("option", { value: "" }, "全部"), ...f.topics.map((t) => el("option", { value: t.name }, `${t.name} (${t.count})`)));
  topic.value = filters.topic;
  $("#topic-list").replaceChildren(...f.topics.map((t) => el("option", { value: t.name })));
  $("#f-unit").value = filters.unit;
  $("#f-after").value = filters.due_after;
  $("#f-before").value = filters.due_before;
  $("#f-undated").value = filters.undated;
  $("#f-unassigned").value = filters.unassigned;
  $("#f-shared").value = filters.shared;
  $("#f-cooperated").value = filters.cooperated;
  $("#f-level").value = filters.level;
  $("#store-info").textContent = `${f.plans} 份计划 · ${f.tasks} 项任务`;
  describeFilters();
}

function filtersChanged() {
  if (state.facets) $("#region-tree").replaceChildren(renderTree(state.facets.regions));
  describeFilters();
  route();
}

function bindFilters() {
  $("#f-year").addEventListener("change", (e) => { filters.year = e.target.value; filtersChanged(); });
  $("#f-level").addEventListener("change", (e) => { filters.level = e.target.value; filtersChanged(); });
  $("#f-topic").addEventListener("change", (e) => { filters.topic = e.target.value; filtersChanged(); });
  $("#f-unit").addEventListener("change", (e) => { filters.unit = e.target.value.trim(); filtersChanged(); });
  $("#f-function").addEventListener("change", (e) => { filters.unit_function = e.target.value; filtersChanged(); });
  $("#f-after").addEventListener("change", (e) => { filters.due_after = e.target.value; filtersChanged(); });
  $("#f-before").addEventListener("change", (e) => { filters.due_before = e.target.value; filtersChanged(); });
  $("#f-undated").addEventListener("change", (e) => { filters.undated = e.target.value; filtersChanged(); });
  $("#f-unassigned").addEventListener("change", (e) => { filters.unassigned = e.target.value; filtersChanged(); });
  $("#f-shared").addEventListener("change", (e) => { filters.shared = e.target.value; filtersChanged(); });
  $("#f-cooperated").addEventListener("change", (e) => { filters.cooperated = e.target.value; filtersChanged(); });
  $("#f-since").addEventListener("change", (e) => { filters.since = e.target.value; filtersChanged(); });
  $("#f-until").addEventListener("change", (e) => { filters.until = e.target.value; filtersChanged(); });
  for (const button of document.querySelectorAll("[data-days]")) {
    button.addEventListener("click", () => {
      const today = new Date();
      const until = new Date(today.getTime() + Number(button.dataset.days) * 86400000);
      filters.due_after = today.toISOString().slice(0, 10);
      filters.due_before = until.toISOString().slice(0, 10);
      $("#f-after").value = filters.due_after;
      $("#f-before").value = filters.due_before;
      filtersChanged();
    });
  }
  $("#f-clear").addEventListener("click", () => {
    for (const k of Object.keys(filters)) filters[k] = "";
    fillFilters();
    filtersChanged();
  });
}

/* -- the responsible chain as a picture ----------------------------------------------------------- */
function textWidth(text) {
  let w = 0;
  for (const ch of text) w += /[\u0000-\u00ff]/.test(ch) ? 7.5 : 13.5;
  return w;
}

/* Units → agency → region → … → province, chains aligned on the right (the province), shared steps drawn once. */
function chainSvg(units) {
  const chains = units.filter((u) => u.chain && u.chain.length).map((u) => ({ role: u.role, chain: u.chain }));
  if (!chains.length) return null;
  const depth = Math.max(...chains.map((c) => c.chain.length));
  const columns = Array.from({ length: depth }, () => []);
  const nodes = new Map();
  const edges = new Set();
  for (const c of chains) {
    let previous = null;
    c.chain.forEach((name, i) => {
      const col = depth - c.chain.length + i;
      const key = i === 0 ? `u:${name}` : `${col}:${name}`;
      if (!nodes.has(key)) {
        const node = { key, name, col, row: columns[col].length, role: i === 0 ? c.role : null };
        nodes.set(key, node);
        columns[col].push(node);
      } else if (i === 0 && ROLE_ORDER[c.role] < ROLE_ORDER[nodes.get(key).role]) {
        nodes.get(key).role = c.role;
      }
      if (previous) edges.add(`${previous}|${key}`);
      previous = key;
    });
  }
  const colWidth = columns.map((col) => Math.max(60, ...col.map((n) => textWidth(n.name) + 20)));
  const gap = 34, rowH = 30, boxH = 22;
  const x = [];
  colWidth.reduce((acc, w, i) => { x[i] = acc; return acc + w + gap; }, 4);
  const rows = Math.max(...columns.map((c) => c.length));
  const width = x[depth - 1] + colWidth[depth - 1] + 4;
  const height = rows * rowH + 6;
  const y = (n) => 4 + (n.row + (rows - columns[n.col].length) / 2) * rowH;
  const parts = [`<svg class="chain" role="img" aria-label="责任链" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#94a3b8"/></marker></defs>'];
  for (const edge of edges) {
    const [a, b] = edge.split("|").map((k) => nodes.get(k));
    const x1 = x[a.col] + colWidth[a.col], y1 = y(a) + boxH / 2, x2 = x[b.col] - 2, y2 = y(b) + boxH / 2;
    parts.push(`<path d="M${x1},${y1} C${x1 + gap / 2},${y1} ${x2 - gap / 2},${y2} ${x2},${y2}" fill="none" stroke="#94a3b8" stroke-width="1.4" marker-end="url(#arrow)"/>`);
  }
  const colours = { lead: "#b42318", responsible: "#1d4ed8", cooperate: "#6b7280" };
  for (const n of nodes.values()) {
    const fill = n.role ? colours[n.role] : "#f1f5f9";
    const ink = n.role ? "#fff" : "#111827";
    const label = n.role ? `${n.name}（${ROLE[n.role]}）` : n.name;
    parts.push(`<g><title>${esc(label)}</title><rect x="${x[n.col]}" y="${y(n)}" width="${colWidth[n.col]}" height="${boxH}" rx="5" fill="${fill}" stroke="#94a3b8"/>` +
      `<text x="${x[n.col] + colWidth[n.col] / 2}" y="${y(n) + 15.5}" font-size="13" text-anchor="middle" fill="${ink}">${esc(n.name)}</text></g>`);
  }
  parts.push("</svg>");
  const holder = document.createElement("div");
  holder.innerHTML = parts.join("");
  return holder.firstChild;
}

/* -- pieces shared by the pages ------------------------------------------------------------------- */
function unitChips(units) {
  const sorted = [...units].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return el("div", { class: "chips" }, sorted.map((u) => el("span", { class: "chip", title: u.inherited ? "沿用上行（合并单元格）" : null },
    el("span", { class: `role ${u.role}` }, ROLE[u.role] || u.role), u.name + (u.aspect ? `（${u.aspect}）` : ""))));
}

function deadlineText(t) {
  if (t.deadline_raw) return t.deadline_raw + (t.deadline ? `（${t.deadline}）` : "");
  if (t.deadline) return t.deadline;
  if (t.ongoing) return "持续推进";
  return "未列明";
}

function sourceLink(t) {
  if (!t.source_lines) return null;
  const [first, last] = t.source_lines;
  const href = `#/source?doc=${encodeURIComponent(t.doc)}&from=${first}&to=${last}&task=${encodeURIComponent(t.id)}`;
  return el("a", { class: "src", href, title: `${t.doc} 原文` }, `原文 第${first}${last !== first ? "–" + last : ""}行`);
}

function taskItem(t) {
  return el("li", { class: "task", "data-task": t.id },
    el("div", { class: "req" }, t.seq ? `${t.seq}. ` : "", t.requirement),
    el("div", { class: "meta" }, (t.section || []).join(" › "), " · 完成时限：", el("span", { class: "deadline" }, deadlineText(t)),
      t.topics && t.topics.length ? ` · 主题：${t.topics.join("、")}` : ""),
    unitChips(t.units || []),
    chainSvg(t.units || []),
    copiedFrom(t.copied_from || [], "照搬自"),
    copiedFrom(t.shared_with || [], "同见于", t.shared_count),
    sourceLink(t));
}

/* 照搬上级方案 answers: the plans above whose tasks word this one near-identically; 在多个地区都出现: other
   regions' plans doing so (the nearest few of `total`). */
function copiedFrom(sources, label, total) {
  if (!sources.length) return null;
  const more = total && total > sources.length ? [el("div", {}, `… 共 ${total} 份其他地区计划有相同表述`)] : [];
  return el("div", { class: "meta copied" }, ...sources.map((s) => el("div", {},
    `${label}：${s.region || "?"} · ${s.plan_title || s.doc}（${s.year || "?"}）${s.tasks.join("、")}：${s.text}`)), ...more);
}

/* A table whose headers sort it (numbers as numbers, text by Chinese collation). */
function sortableTable(headers, rows) {
  const table = el("table", { class: "grid sortable" });
  const head = el("tr", {}, headers.map((h, i) => el("th", { "data-col": i, tabindex: 0 }, h.label)));
  const body = el("tbody");
  const draw = (list) => body.replaceChildren(...list.map((r) => el("tr", {}, headers.map((h, i) => {
    const cell = r.cells[i];
    return el("td", { class: h.numeric ? "num" : h.nowrap ? "nowrap" : null }, cell instanceof Node ? cell : cell ?? "");
  }))));
  let order = rows.slice();
  draw(order);
  head.addEventListener("click", (e) => {
    const th = e.target.closest("th");
    if (!th) return;
    const col = Number(th.dataset.col);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of head.children) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const key = (r) => r.keys[col];
    order = rows.slice().sort((a, b) => {
      const x = key(a), y = key(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""), "zh-Hans-CN");
      return ascending ? c : -c;
    });
    draw(order);
  });
  table.append(el("thead", {}, head), body);
  return table;
}

function unitsByRole(t, role) {
  return (t.units || []).filter((u) => u.role === role).map((u) => u.name + (u.aspect ? `（${u.aspect}）` : "")).join("、");
}

function taskTable(tasks) {
  const headers = [{ label: "地区", nowrap: true }, { label: "计划" }, { label: "序号" }, { label: "工作要求" }, { label: "牵头" },
    { label: "负责" }, { label: "配合" }, { label: "完成时限" }, { label: "来源", nowrap: true }];
  const rows = tasks.map((t) => {
    const keys = [t.region, t.plan_title || t.doc, Number(t.seq) || t.seq, t.requirement, unitsByRole(t, "lead"), unitsByRole(t, "responsible"),
      unitsByRole(t, "cooperate"), t.deadline || t.deadline_raw || "", t.source_lines ? t.source_lines[0] : 0];
    const cells = keys.slice(0, 8).map(String);
    cells[7] = deadlineText(t);
    cells.push(sourceLink(t));
    return { keys, cells };
  });
  return sortableTable(headers, rows);
}

/* -- 问答 ------------------------------------------------------------------------------------------ */
async function showAsk(params) {
  const q = params.get("q") || "";
  $("#ask-q").value = q;
  const target = $("#ask-result");
  if (!q) { target.replaceChildren(); return; }
  target.replaceChildren(el("p", { class: "muted" }, "查询中…"));
  try {
    const answer = await api("ask", { q, ...activeFilters(), plans: ASK_PAGE });
    renderAnswer(answer, target, { q, ...activeFilters() });
  } catch (error) { showError(target, error); }
}

/* Plans per page of an answer: an unscoped question over a whole province answers thousands. */
const ASK_PAGE = 20;

function renderAnswer(answer, target, params) {
  const found = Object.entries(answer.found || {}).map(([k, v]) => `${k}: ${v}`).join("，");
  const gap = answer.intent === "gap"  // 哪些方案没有涉及…: the plans without such tasks come first
    ? `${answer.silent.length} 份计划未涉及（排在前面），` : "";
  const counted = answer.intent === "missing"  // 缺少哪些主题: topics are the answer, not tasks
    ? `${answer.plans_total} 份计划，各自缺少的主题（多数其他计划有而它没有）`
    : answer.intent === "plans" ? `${answer.plans_total} 份计划（共 ${answer.count} 项任务）`
    : `${gap}共 ${answer.count} 项任务，${answer.plans_total} 份计划`;
  const head = el("p", { class: "summary-line" }, counted,
    answer.concepts.length ? ` · 主题：${answer.concepts.join("、")}` : "", found ? ` · 从问题读出：${found}` : "");
  const notes = (answer.notes || []).map((n) => el("p", { class: "muted notes" }, n));
  target.replaceChildren(head, ...unitRanking(answer), ...topicCounts(answer), ...citedCounts(answer), ...planSections(answer), ...notes);
  appendMore(answer, target, params, notes[0] || null);
}

/* 哪个单位的任务最多: the units by tasks (in the role asked); the plans list every answered task after it. */
function unitRanking(answer) {
  if (answer.intent !== "busiest") return [];
  const ranked = answer.units_ranked || [];
  if (!ranked.length) return [el("p", { class: "muted" }, "没有任务列明责任单位。")];
  const rows = ranked.map((u) => el("tr", {}, el("td", {}, u.name), el("td", {}, String(u.tasks)),
    ...["lead", "responsible", "cooperate"].map((r) => el("td", {}, u[r] === null ? "—" : String(u[r]))),
    el("td", {}, String(u.plans))));
  const by = { lead: "牵头", cooperate: "配合" }[answer.ranked_by] || "";
  return [el("p", { class: "ranking-head" }, `单位排名 · 按${by}任务数`), el("table", { class: "ranking" },
    el("thead", {}, el("tr", {}, ...["单位", "任务", "牵头", "负责", "配合", "计划"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows))];
}

/* 泗县的计划涉及哪些主题 · 哪个主题的任务最多: the answered tasks' topics, most tasks first. */
function topicCounts(answer) {
  if (answer.intent !== "topics") return [];
  const topics = answer.topics || [];
  if (!topics.length) return [el("p", { class: "muted" }, "这些任务都未归入主题。")];
  const rows = topics.map((t) => el("tr", {}, el("td", {}, t.topic), el("td", {}, String(t.tasks)), el("td", {}, String(t.plans))));
  return [el("p", { class: "ranking-head" }, "主题 · 按任务数"), el("table", { class: "ranking topics" },
    el("thead", {}, el("tr", {}, ...["主题", "任务", "计划"].map((h) => el("th", {}, h)))), el("tbody", {}, rows))];
}

/* 引用最多的上级文件是哪个: the documents cited, by how many of the plans in view cite each. */
function citedCounts(answer) {
  if (answer.intent !== "cited") return [];
  const cited = answer.cited || [];
  if (!cited.length) return [el("p", { class: "muted" }, "这些计划未识别出引用的文件。")];
  const rows = cited.map((c) => el("tr", {}, el("td", {}, c.title ? `《${c.title}》` : ""), el("td", {}, c.number || ""),
    el("td", {}, String(c.plans))));
  return [el("p", { class: "ranking-head" }, "引用的文件 · 按引用计划数"), el("table", { class: "ranking cited" },
    el("thead", {}, el("tr", {}, ...["文件", "文号", "计划"].map((h) => el("th", {}, h)))), el("tbody", {}, rows))];
}

/* A "more plans" button after the last plan shown, as long as the answer has more. */
function appendMore(answer, target, params, before) {
  if (answer.next_offset === null || answer.next_offset === undefined) return;
  const left = answer.plans_total - answer.next_offset;
  const more = el("button", { type: "button", class: "more-plans" }, `显示更多计划（还有 ${left} 份）`);
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const next = await api("ask", { ...params, plans: ASK_PAGE, offset: answer.next_offset });
      more.replaceWith(...planSections(next));
      appendMore(next, target, params, before);
    } catch (error) {  // the plans shown stay; the button says what went wrong and may be pressed again
      more.disabled = false;
      more.textContent = `出错了：${error.message || error} · 重试`;
    }
  });
  target.insertBefore(more, before);
}

function planSections(answer) {
  return answer.answers.map((plan) => {
    const chain = (plan.region_chain || []).join(" › ");
    const section = el("section", { class: `region-answer${plan.silent ? " silent" : ""}`, "data-region": plan.region || plan.doc },
      el("h3", {}, plan.region || plan.doc, el("small", {}, [chain, plan.issuer, plan.year].filter(Boolean).join(" · "))),
      plan.plan_title ? el("p", { class: "plan-title" }, plan.plan_title) : null);
    if (plan.silent) {
      section.append(el("p", { class: "muted" }, "未提及：该计划没有这方面的任务。"));
      return section;
    }
    if (plan.note) section.append(el("p", { class: "note" }, plan.note));
    if (answer.intent === "topics") {  // 涉及哪些主题: the plan's topics counted, not its tasks listed
      const topics = plan.topics || [];
      section.append(el("p", { class: "plan-topics" }, "主题（任务数）：",
        topics.length ? topics.map((t) => `${t.topic} ${t.tasks}`).join("、") : "无：这些任务都未归入主题"));
      return section;
    }
    if (answer.intent === "missing") {  // 缺少哪些主题: the topics most other plans cover and this one does not
      const gaps = plan.missing_topics || [];
      section.append(el("p", { class: "missing" }, "缺少（有此主题的其他计划/其他计划）：",
        gaps.length ? gaps.map((g) => `${g.topic} ${g.peers}/${g.of}`).join("、") : "无：多数其他计划有的主题它都有"));
      return section;
    }
    if (answer.intent === "plans") {  // 泗县的方案是哪个单位印发的: the plan's facts, not its tasks
      section.append(el("p", { class: "plan-facts" }, `发文单位：${plan.issuer || "未识别"} · 文号：${plan.doc_number || "未识别"}`
        + ` · 年份：${plan.year || "未识别"} · ${plan.task_count} 项任务 · 文件：${plan.doc}`));
    }
    if (answer.intent === "cited") {  // 引用最多的上级文件: what each plan cites
      section.append(el("p", { class: "plan-cited" }, "引用：" + (plan.policies || []).map((b) => [b.title ? `《${b.title}》` : "", b.number].filter(Boolean).join("")).join("；")));
      return section;
    }
    if (answer.intent === "plans" || answer.intent === "basis") {
      if (plan.basis && plan.basis.length) {
        section.append(el("p", { class: "muted" }, "依据：" + plan.basis.map((b) => [b.title, b.number].filter(Boolean).join(" ")).join("；")));
      }
      return section;
    }
    if (plan.units.length) section.append(el("div", {}, el("strong", {}, "负责单位："), unitChips(plan.units)));
    if (plan.basis && plan.basis.length) {
      section.append(el("p", { class: "muted" }, "依据：" + plan.basis.map((b) => [b.title, b.number].filter(Boolean).join(" ")).join("；")));
    }
    section.append(el("ol", { class: "tasks" }, plan.tasks.map(taskItem)));
    return section;
  });
}

/* -- 任务 ------------------------------------------------------------------------------------------ */
const TASK_LIMIT = 500;

async function showTasks() {
  const target = $("#tasks-result");
  const params = activeFilters();
  $("#tasks-csv").href = apiUrl("tasks", { ...params, format: "csv" });
  $("#tasks-xlsx").href = apiUrl("tasks", { ...params, format: "xlsx" });
  target.replaceChildren(el("p", { class: "muted" }, "读取中…"));
  try {
    const tasks = await api("tasks", params);
    $("#tasks-count").textContent = `${tasks.length} 项任务` + (tasks.length > TASK_LIMIT ? `（显示前 ${TASK_LIMIT} 项，全部请导出）` : "");
    target.replaceChildren(taskTable(tasks.slice(0, TASK_LIMIT)));
  } catch (error) { showError(target, error); }
}

/* -- 谁负责什么 (compare) ---------------------------------------------------------------------------- */
async function showCompare(params) {
  const topic = params.get("topic") || "";
  $("#compare-topic").value = topic;
  const target = $("#compare-result");
  for (const id of ["#compare-csv", "#compare-xlsx"]) $(id).hidden = !topic;
  if (!topic) { target.replaceChildren(el("p", { class: "muted" }, "输入一个主题（如 依申请公开、政策解读、政务新媒体），比较各地区由哪些单位牵头、负责、配合。")); return; }
  const { unit, unit_function, due_after, due_before, undated, unassigned, shared, cooperated, ...planFilters } = activeFilters();
  $("#compare-csv").href = apiUrl("compare", { q: topic, ...planFilters, format: "csv" });
  $("#compare-xlsx").href = apiUrl("compare", { q: topic, ...planFilters, format: "xlsx" });
  target.replaceChildren(el("p", { class: "muted" }, "比较中…"));
  try {
    const result = await api("compare", { q: topic, ...planFilters });
    const names = (us) => us.map((u) => `${u.name}×${u.tasks}`).join("、");
    const headers = [{ label: "地区" }, { label: "计划" }, { label: "年份", numeric: true }, { label: "任务数", numeric: true },
      { label: "牵头" }, { label: "负责" }, { label: "配合" }, { label: "完成时限" }, { label: "说明" }];
    const rows = result.plans.map((p) => {
      const keys = [p.region || (p.region_chain || []).slice(-1)[0] || "", p.plan_title || p.doc, p.year || 0, p.tasks, names(p.lead),
        names(p.responsible), names(p.cooperate), p.deadlines.map((d) => `${d.raw}×${d.tasks}`).join("、"), p.note || ""];
      return { keys, cells: keys.map((k) => (k === 0 ? "" : String(k))) };
    });
    target.replaceChildren(el("p", { class: "summary-line" }, `${result.label || topic}：${result.tasks} 项任务，${result.plans.length} 份计划`),
      sortableTable(headers, rows));
  } catch (error) { showError(target, error); }
}

/* -- 图表 ------------------------------------------------------------------------------------------ */
function heatColour(n, top) {
  if (!n) return "";
  const share = n / Math.max(1, top);
  return `background:rgb(255,${Math.round(245 - 190 * share)},${Math.round(240 - 200 * share)});${share > 0.6 ? "color:#fff;" : ""}`;
}

async function listTasks(title, params, keep) {
  const target = $("#chart-tasks");
  target.replaceChildren(el("p", { class: "muted" }, "读取中…"));
  try {
    const tasks = (await api("tasks", params)).filter(keep);
    target.replaceChildren(el("h3", { id: "chart-tasks-title" }, `${title}：${tasks.length} 项任务`), taskTable(tasks));
    target.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (error) { showError(target, error); }
}

async function showCharts() {
  const heat = $("#heatmap");
  const { unit, unit_function, due_after, due_before, undated, unassigned, shared, cooperated, ...planFilters } = activeFilters();
  const key = JSON.stringify(planFilters);
  try {
    if (!state.charts || state.chartsKey !== key) {
      state.charts = await api("charts", planFilters);
      state.chartsKey = key;
    }
  } catch (error) { showError(heat, error); return; }
  $("#chart-tasks").replaceChildren();
  const { heatmap, map, provinces } = state.charts;
  const top = Math.max(1, ...heatmap.cells.flat().map((ids) => ids.length));
  const table = el("table", { class: "heat" },
    el("thead", {}, el("tr", {}, el("th", {}, "地区"), heatmap.topics.map((t) => el("th", {}, t)), el("th", {}, "任务"))),
    el("tbody", {}, heatmap.regions.map((region, r) => el("tr", {}, el("th", {}, region),
      heatmap.topics.map((topic, c) => {
        const ids = heatmap.cells[r][c];
        const open = () => { const set = new Set(ids); listTasks(`${region} · ${topic}`, { region, topic }, (t) => set.has(t.id)); };
        return el("td", { class: "cell", tabindex: ids.length ? 0 : null, style: heatColour(ids.length, top), "data-region": region, "data-topic": topic,
          title: `${region} · ${topic}：${ids.length} 项`, onclick: ids.length ? open : null,
          onkeydown: (e) => { if (e.key === "Enter" && ids.length) open(); } }, ids.length || "");
      }), el("td", { class: "num" }, heatmap.totals[r])))));
  heat.replaceChildren(table);
  $("#map").replaceChildren(mapSvg(map, provinces || []));
}

function mapSvg(points, provinces) {
  const W = 820, H = 620, west = 73, east = 136, south = 17, north = 54;
  const px = (lon) => ((lon - west) / (east - west)) * W;
  const py = (lat) => ((north - lat) / (north - south)) * H;
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "计划所在地区地图");
  const topTasks = Math.max(1, ...provinces.map((p) => p.tasks || 0));
  for (const p of provinces) {
    const path = document.createElementNS(svgNS, "path");
    path.setAttribute("d", p.rings.map((ring) => "M" + ring.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z").join(""));
    const share = (p.tasks || 0) / topTasks;
    path.setAttribute("fill", p.tasks ? `rgb(${Math.round(254 - 60 * share)},${Math.round(243 - 120 * share)},${Math.round(199 - 150 * share)})` : "#fff");
    path.setAttribute("stroke", "#94a3b8");
    path.setAttribute("stroke-width", "0.6");
    const title = document.createElementNS(svgNS, "title");
    title.textContent = `${p.name}：${p.tasks || 0} 项任务`;
    path.append(title);
    svg.append(path);
  }
  const most = Math.max(1, ...points.map((p) => p.tasks));
  for (const p of points) {
    const g = document.createElementNS(svgNS, "g");
    const circle = document.createElementNS(svgNS, "circle");
    circle.setAttribute("cx", px(p.longitude).toFixed(1));
    circle.setAttribute("cy", py(p.latitude).toFixed(1));
    circle.setAttribute("r", (4 + 10 * Math.sqrt(p.tasks / most)).toFixed(1));
    circle.setAttribute("fill", "rgba(29,78,216,.75)");
    circle.setAttribute("stroke", "#fff");
    circle.setAttribute("data-region", p.name);
    circle.setAttribute("tabindex", "0");
    const title = document.createElementNS(svgNS, "title");
    title.textContent = `${p.name}：${p.plans} 份计划，${p.tasks} 项任务`;
    circle.append(title);
    const open = () => listTasks(p.name, { region: p.name }, (t) => t.region === p.name);
    circle.addEventListener("click", open);
    circle.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    const label = document.createElementNS(svgNS, "text");
    label.setAttribute("x", (px(p.longitude) + 9).toFixed(1));
    label.setAttribute("y", (py(p.latitude) - 7).toFixed(1));
    label.setAttribute("font-size", "13");
    label.textContent = p.name;
    g.append(circle, label);
    svg.append(g);
  }
  return svg;
}

/* -- SPARQL ---------------------------------------------------------------------------------------- */
function loadYasgui() {
  if (window.Yasgui) return Promise.resolve();
  return new Promise((resolve, reject) => {
    document.head.append(el("link", { rel: "stylesheet", href: "/static/vendor/yasgui/yasgui.min.css" }));
    const script = el("script", { src: "/static/vendor/yasgui/yasgui.min.js" });
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error("YASGUI could not be loaded")));
    document.head.append(script);
  });
}

async function showSparql() {
  const target = $("#yasgui");
  try {
    if (!state.examples) state.examples = await api("examples");
    await loadYasgui();
  } catch (error) { showError(target, error); return; }
  if (!state.yasgui) {
    const endpoint = `${location.origin}/sparql`;
    state.yasgui = new window.Yasgui(target, {
      requestConfig: { endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      populateFromUrl: false, // it would read (and clear) this page's #/sparql hash as a query
      endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    });
    // plain values (no ^^xsd:integer) in whole cells: the answers are short Chinese names
    state.yasgui.getTab().getYasr().storePluginConfig("table", { isEllipsed: false, compact: true, pageSize: 50 });
    if (state.examples.length) state.yasgui.getTab().setQuery(state.examples[0].declared);
    const list = $("#example-list");
    list.replaceChildren(...state.examples.map((ex) => el("li", {},
      el("a", { "data-example": ex.name, title: ex.name, onclick: () => runExample(ex) }, ex.title))));
  }
}

function runExample(example) {
  const tab = state.yasgui.getTab();
  tab.setQuery(example.declared);
  tab.getYasqe().refresh();
  tab.query();
}

/* -- source ---------------------------------------------------------------------------------------- */
async function showSource(params) {
  const target = $("#source-result");
  const doc = params.get("doc");
  const first = Number(params.get("from")) || 0;
  const last = Number(params.get("to")) || first;
  target.replaceChildren(el("p", { class: "muted" }, "读取原文…"));
  try {
    const source = await api("source", { doc });
    const lines = source.lines.map((text, i) => {
      const n = i + 1;
      return el("div", { id: `L${n}`, class: n >= first && n <= last ? "hl" : null }, el("span", { class: "n" }, n), text || " ");
    });
    target.replaceChildren(
      el("div", { class: "toolbar" }, el("h2", {}, source.title || doc), el("a", { href: "javascript:history.back()" }, "← 返回")),
      el("p", { class: "muted" }, `${doc} · ${source.path}` + (first ? ` · 第 ${first}–${last} 行` : "")),
      source.note ? el("p", { class: "note" }, source.note) : null,
      el("pre", { class: "source-text" }, lines));
    const mark = $(`#L${first}`);
    if (mark) mark.scrollIntoView({ block: "center" });
  } catch (error) { showError(target, error); }
}

/* -- routing --------------------------------------------------------------------------------------- */
const PAGES = { "": "ask", tasks: "tasks", compare: "compare", charts: "charts", sparql: "sparql", source: "source" };

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const page = PAGES[path] ?? "ask";
  const params = new URLSearchParams(query || "");
  for (const section of document.querySelectorAll(".page")) section.hidden = section.id !== `page-${page}`;
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.page === page);
  $("#filters").hidden = page === "sparql" || page === "source";
  ({ ask: showAsk, tasks: showTasks, compare: showCompare, charts: showCharts, sparql: showSparql, source: showSource })[page](params);
}

async function start() {
  bindFilters();
  $("#ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("#ask-q").value.trim();
    const next = `#/?q=${encodeURIComponent(q)}`;
    if (location.hash === next) route(); else location.hash = next;
  });
  $("#compare-form").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/compare?topic=${encodeURIComponent($("#compare-topic").value.trim())}`;
  });
  window.addEventListener("hashchange", route);
  try {
    state.facets = await api("facets");
    fillFilters();
  } catch (error) { showError($("#filter-summary"), error); }
  route();
}

start();
