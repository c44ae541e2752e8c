// dateline web app: every page is drawn from its JSON twin (the same path under /api).
// Text from the database is only ever set as text (textContent), never as markup.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({headers: {Accept: "application/json"}}, options || {}));
  const data = await response.json().catch(() => ({detail: response.statusText}));
  if (!response.ok) {
    const detail = Array.isArray(data.detail) ? data.detail.map(d => `${d.where}: ${d.problem}`).join("; ") : data.detail;
    throw new Error(detail || `HTTP ${response.status}`);
  }
  return data;
}

const main = () => document.getElementById("main");
const fmt = v => (v === null || v === undefined) ? "" : Array.isArray(v) ? v.filter(x => x !== null).join(", ") : String(v);
const actorLink = id => id ? h("a", {href: "/actors/" + encodeURIComponent(id)}, id) : h("span", {class: "muted"}, "—");
const eventLink = (id, label) => h("a", {href: "/events/" + encodeURIComponent(id)}, label || id);

function render(title, ...nodes) {
  document.title = title + " · dateline";
  main().replaceChildren(h("h1", {text: title}), ...nodes.flat(Infinity).filter(n => n !== null && n !== undefined));
}

function table(columns, rows, empty) {
  if (!rows.length) return h("p", {class: "muted"}, empty || "Nothing to show.");
  return h("div", {class: "table-wrap"}, h("table", {},
    h("thead", {}, h("tr", {}, columns.map(c => h("th", {class: c.num ? "num" : null, scope: "col"}, c.label)))),
    h("tbody", {}, rows.map(r => h("tr", {}, columns.map(c => {
      const v = c.cell ? c.cell(r) : fmt(r[c.key]);
      return h("td", {class: c.num ? "num" : c.nowrap ? "nowrap" : null}, v);
    }))))));
}

function pager(next) {
  if (!next) return null;
  const params = new URLSearchParams(location.search);
  params.set("after", next);
  return h("p", {class: "pager"}, h("a", {href: location.pathname + "?" + params}, "Next page →"));
}

// --- filters form (GET: the URL holds the search, so a page can be bookmarked and shared) ----------------
const FILTERS = [
  ["text", "Words in the sentence"], ["actor", "Actor (id, name, USA, USA:DEF)"], ["country", "Country (ISO3)"],
  ["role", "Role (DEF, MIL…)"], ["type", "Type (CONSULT…)"], ["mode", "Mode (phone…)"],
  ["since", "Since", "date"], ["until", "Until", "date"], ["place", "Place name"],
  ["near", "Near (lat,lon)"], ["km", "Radius km", "number"], ["outlet", "Outlet"],
  ["min_confidence", "Min. confidence (0–1)", "number"],
];

function filterForm(action) {
  const params = new URLSearchParams(location.search);
  const fields = FILTERS.map(([name, label, type]) => h("label", {}, label,
    h("input", {name, type: type || "text", value: params.get(name) || "", step: type === "number" ? "any" : null})));
  const select = (name, label, options) => h("label", {}, label, h("select", {name},
    options.map(o => h("option", {value: o, selected: (params.get(name) || "") === o}, o || "(any)"))));
  fields.push(select("modality", "Modality", ["asserted", "negated", "hypothetical", "future", "any"]));
  fields.push(select("precision", "Precision of place", ["", "place", "near", "district", "region", "country", "context"]));
  const form = h("form", {class: "filters", method: "get", action, role: "search"}, fields,
    h("div", {class: "actions"}, h("button", {type: "submit"}, "Search"),
      h("a", {href: action}, "Clear")));
  form.addEventListener("submit", () => {  // leave empty fields out of the URL
    for (const el of form.elements) if (el.name && !el.value) el.disabled = true;
  });
  return form;
}

function searchParams(extra) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  return params;
}

// --- pages ------------------------------------------------------------------------------------------------
async function eventsPage() {
  const params = searchParams();
  const histogramParams = new URLSearchParams(params);
  histogramParams.delete("after");
  histogramParams.delete("limit");
  const [page, hist] = await Promise.all([api("/api/events?" + params), api("/api/events/histogram?" + histogramParams)]);
  render("Events", filterForm("/events"),
    h("h2", {}, "Over time"), histogram(hist.rows),
    h("h2", {}, `Events (${page.rows.length}${page.next ? "+" : ""})`),
    eventTable(page.rows), pager(page.next));
}

function eventTable(rows) {
  return table([
    {label: "Date", cell: r => eventLink(r.id, r.date || "undated"), nowrap: true},
    {label: "Type", cell: r => h("span", {}, r.type, r.mode ? h("span", {class: "muted"}, " · " + r.mode) : null)},
    {label: "Source", cell: r => actorLink(r.source_actor)},
    {label: "Target", cell: r => actorLink(r.target_actor)},
    {label: "Place", key: "location_name"},
    {label: "Sources", key: "n_sources", num: true},
    {label: "Sentence", cell: r => h("span", {class: "muted"}, fmt(r.sentence).trim().slice(0, 160))},
  ], rows, "No event matches these filters.");
}

function everyMonth(rows) {  // months without events count too: the bars are a time axis
  const counts = new Map(rows.map(r => [r.month, r.events]));
  const months = [];
  let [y, m] = rows[0].month.split("-").map(Number);
  const last = rows[rows.length - 1].month;
  for (let guard = 0; guard < 2400; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    months.push({month: key, events: counts.get(key) || 0});
    if (key >= last) break;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return months;
}

function histogram(found) {
  if (!found.length) return h("p", {class: "muted"}, "No dated event.");
  const rows = everyMonth(found);
  const width = 800, height = 130, pad = 18;
  const max = Math.max(...rows.map(r => r.events));
  const bar = (width - 2) / rows.length;
  const svg = s("svg", {class: "hist", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Events per month, ${rows[0].month} to ${rows[rows.length - 1].month}`, preserveAspectRatio: "none"});
  rows.forEach((r, i) => {
    if (!r.events) return;
    const barHeight = Math.max(1, (height - pad - 4) * r.events / max);
    svg.append(s("rect", {x: 1 + i * bar, y: height - pad - barHeight, width: Math.max(1, bar - 1), height: barHeight},
      s("title", {}, `${r.month}: ${r.events} events`)));
  });
  svg.append(s("text", {x: 2, y: height - 4}, rows[0].month));
  svg.append(s("text", {x: width - 2, y: height - 4, "text-anchor": "end"}, rows[rows.length - 1].month));
  svg.append(s("text", {x: 2, y: 10}, `max ${max} / month`));
  return svg;
}

function confidenceWhy(e) {
  const reasons = [];
  reasons.push(e.source_country ? "the source has a country" : "the source's country is unknown");
  reasons.push(e.target_actor || e.target_country ? "a target was found" : "no target was found");
  reasons.push(`${e.n_sources} source${e.n_sources === 1 ? "" : "s"} report it`);
  if (e.date_precision) reasons.push(`dated to the ${e.date_precision} by the text`);
  else reasons.push("dated only by the article's publication");
  return reasons.join("; ");
}

async function eventPage(id) {
  const e = await api("/api/events/" + encodeURIComponent(id));
  const side = (actor, text, country, roles) => h("span", {}, actorLink(actor || country),
    text ? h("span", {class: "muted"}, ` “${text}”`) : null, country ? h("span", {class: "pill"}, country) : null,
    (roles || []).map(r => h("span", {class: "pill"}, r)));
  const facts = h("dl", {class: "facts"},
    h("dt", {}, "Type"), h("dd", {}, e.type, e.cameo ? h("span", {class: "muted"}, ` (CAMEO ${e.cameo})`) : null),
    h("dt", {}, "Mode"), h("dd", {}, e.mode || "—"),
    h("dt", {}, "Source"), h("dd", {}, side(e.source_actor, e.source_text, e.source_country, e.source_roles)),
    h("dt", {}, "Target"), h("dd", {}, side(e.target_actor, e.target_text, e.target_country, e.target_roles)),
    h("dt", {}, "Date"), h("dd", {}, e.date || "undated", h("span", {class: "muted"}, " · precision: " + (e.date_precision || "publication date only"))),
    h("dt", {}, "Place"), h("dd", {}, e.location_name || "—", e.location_country ? h("span", {class: "pill"}, e.location_country) : null),
    h("dt", {}, "Modality"), h("dd", {}, e.modality),
    h("dt", {}, "Confidence"), h("dd", {}, fmt(e.confidence), h("div", {class: "muted"}, confidenceWhy(e))),
    h("dt", {}, "Sources"), h("dd", {}, String(e.n_sources)));
  if (e.source_actor && e.target_actor && e.type === "CONSULT") {
    facts.append(h("dt", {}, "Contacts"), h("dd", {}, h("a", {href: "/contacts?" + new URLSearchParams({a: e.source_actor, b: e.target_actor})}, "every contact of this pair")));
  }
  const outlines = await api("/api/outlines");
  const mapBox = e.lat !== null && e.lat !== undefined
    ? worldMap(outlines.rows, [{lat: e.lat, lon: e.lon, name: e.location_name, events: 1, exact: true}], {focus: [e.lat, e.lon]})
    : h("p", {class: "muted"}, "No place on record for this event.");
  render(`${e.type}${e.mode ? " · " + e.mode : ""}: ${e.source_actor || e.source_country || "?"} → ${e.target_actor || e.target_country || "?"}, ${e.date || "undated"}`,
    h("div", {class: "cols"}, h("div", {}, facts), h("div", {}, mapBox)),
    h("h2", {}, `Evidence (${e.n_sources} article${e.n_sources === 1 ? "" : "s"}, ${e.reports.length} report${e.reports.length === 1 ? "" : "s"})`),
    byArticle(e.reports).map(evidence));
  const first = document.querySelector("mark.evidence");
  if (first) first.parentElement.scrollTop = Math.max(0, first.offsetTop - first.parentElement.offsetTop - 40);
}

// One card per article: its reports' sentences marked in its text (an article may report an event twice).
function byArticle(reports) {
  const groups = new Map();
  for (const r of reports) (groups.get(r.article_id) || groups.set(r.article_id, []).get(r.article_id)).push(r);
  return [...groups.values()];
}

function evidenceSpan(body, report) {
  let start = report.span_start, end = report.span_end;
  if (!(Number.isInteger(start) && Number.isInteger(end) && end <= body.length && start < end)) {
    const sentence = (report.sentence || "").trim();
    start = sentence ? body.indexOf(sentence) : -1;
    end = start >= 0 ? start + sentence.length : -1;
  }
  while (end > start && /\s/.test(body[end - 1])) end--;  // the sentence's trailing line breaks stay unmarked
  return start >= 0 ? [start, end] : null;
}

function evidence(reports) {
  const first = reports[0];
  const body = first.body || "";
  const spans = reports.map(r => evidenceSpan(body, r)).filter(Boolean).sort((a, b) => a[0] - b[0]);
  const text = h("div", {class: "article-body", tabindex: "0", "aria-label": "Article text"});
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;  // the same sentence reported twice is marked once
    text.append(body.slice(at, start), h("mark", {class: "evidence"}, body.slice(start, end)));
    at = end;
  }
  text.append(body.slice(at));
  if (!spans.length) text.replaceChildren(...reports.map(r => h("mark", {class: "evidence"}, r.sentence || "")));
  return h("section", {class: "card"},
    h("p", {}, h("a", {href: "/articles/" + encodeURIComponent(first.article_id)}, first.title || first.article_id),
      h("span", {class: "muted"}, ` · ${fmt(first.outlet) || "no outlet"} · published ${fmt(first.published) || "?"}` +
        (first.url ? ` · ${first.url}` : ""))),
    reports.map(r => h("p", {class: "muted"}, `${r.type}${r.mode ? " · " + r.mode : ""} · ${r.modality}` +
      (r.attribution ? ` · according to ${r.attribution}` : "") + ` · date “${fmt(r.date_text) || "publication"}” → ${fmt(r.date) || "?"}` +
      ` · confidence ${fmt(r.confidence)}`)),
    text);
}

// --- map: equirectangular, x = longitude, y = -latitude; no tiles ------------------------------------
function worldMap(outlines, points, options) {
  let box = [-180, -90, 360, 180];
  if (options && options.focus) {
    const [lat, lon] = options.focus;
    box = [Math.max(-180, Math.min(180 - 60, lon - 30)), Math.max(-90, Math.min(90 - 32, -lat - 16)), 60, 32];
  }
  const svg = s("svg", {class: "map", viewBox: box.join(" "), role: "group", "aria-label": "Map of events"});
  const land = s("g", {"aria-hidden": "true"});
  for (const c of outlines) land.append(s("path", {class: "land", d: c.path}, s("title", {}, c.name)));
  svg.append(land);
  const scale = box[2] / 360;
  const max = Math.max(1, ...points.map(p => p.events));
  for (const p of points) {
    const r = scale * (1 + 3.5 * Math.sqrt(p.events / max));
    const circle = s("circle", {class: "point" + (p.exact || p.feature === "city" ? " exact" : ""), cx: p.lon, cy: -p.lat, r,
      "stroke-width": scale * 0.4});
    circle.append(s("title", {}, `${p.name || "?"}: ${p.events} event${p.events === 1 ? "" : "s"}`));
    const href = p.first_id && p.events === 1 ? "/events/" + encodeURIComponent(p.first_id)
      : "/events?" + searchParams({near: `${p.lat.toFixed(3)},${p.lon.toFixed(3)}`, km: options && options.km || 100});
    svg.append(options && options.focus ? circle : s("a", {href, "aria-label": `${p.name || "place"}: ${p.events} events`}, circle));
  }
  return svg;
}

async function mapPage() {
  const params = searchParams();
  const first = await api("/api/map?" + params);
  const cell = first.rows.length > 300 ? 2 : 0;
  const data = cell ? await api("/api/map?" + searchParams({cell})) : first;
  const outlines = await api("/api/outlines");
  render("Map of events", filterForm("/map"),
    h("p", {class: "muted"}, `${data.rows.length} ${cell ? "clusters of 2° cells" : "places"}; filled points are cities, ` +
      "open ones regions or countries. Each point links to its events."),
    worldMap(outlines.rows, data.rows, {km: cell ? 150 : 25}),
    h("h2", {}, "Places"),
    table([{label: "Place", cell: r => h("a", {href: "/events?" + searchParams({near: `${r.lat.toFixed(3)},${r.lon.toFixed(3)}`, km: 25})}, r.name || "?")},
      {label: "Country", key: "country"}, {label: "Precision", key: "feature"}, {label: "Events", key: "events", num: true}],
      data.rows.slice(0, 200), "No event with a place matches these filters."));
}

async function actorPage(id) {
  const a = await api("/api/actors/" + encodeURIComponent(id));
  render(a.names[0] ? `${a.names[0]} (${a.id || a.query})` : (a.id || a.query),
    h("dl", {class: "facts"},
      h("dt", {}, "Id"), h("dd", {}, a.id || "—"), h("dt", {}, "Kind"), h("dd", {}, a.kind || "—"),
      h("dt", {}, "Country"), h("dd", {}, a.country || "—"),
      h("dt", {}, "Roles"), h("dd", {}, (a.roles.length ? a.roles : [a.role]).filter(Boolean).map(r => h("span", {class: "pill"}, r))),
      h("dt", {}, "Names"), h("dd", {}, a.names.join(" · ") || "—"),
      h("dt", {}, "Articles"), h("dd", {}, String(a.articles))),
    h("h2", {}, "Offices held"),
    table([{label: "Office", key: "title"}, {label: "Country", key: "country"}, {label: "From", key: "start"}, {label: "To", cell: r => r.end || "in office"}],
      a.offices, "No office on record in the knowledge base."),
    h("h2", {}, "Main counterparts"),
    table([{label: "Counterpart", cell: r => actorLink(r.other)}, {label: "Events", key: "events", num: true},
      {label: "By type", key: "types"},
      {label: "", cell: r => h("a", {href: "/contacts?" + new URLSearchParams({a: a.id || a.query, b: r.other})}, "contacts")}],
      a.counterparts, "No counterpart on record."),
    h("h2", {}, "Timeline"),
    table([{label: "Date", cell: r => eventLink(r.id, r.date || "undated")}, {label: "Type", key: "type"}, {label: "Mode", key: "mode"},
      {label: "Source", cell: r => actorLink(r.source_actor)}, {label: "Target", cell: r => actorLink(r.target_actor)},
      {label: "Place", key: "location_name"}], a.timeline, "No event involves this actor."));
}

async function actorsPage() {
  const page = await api("/api/actors?" + searchParams());
  render("Actors", table([{label: "Actor", cell: r => actorLink(r.id)}, {label: "Name", key: "name"}, {label: "Kind", key: "kind"},
    {label: "Country", key: "country"}, {label: "Roles", key: "roles"}, {label: "Articles", key: "articles", num: true},
    {label: "Mentions", key: "mentions", num: true}], page.rows), pager(page.next));
}

async function contactsPage() {
  const params = new URLSearchParams(location.search);
  const input = (name, label, type) => h("label", {}, label, h("input", {name, type: type || "text", value: params.get(name) || ""}));
  const form = h("form", {class: "filters", method: "get", action: "/contacts"},
    input("a", "Party A (actor, name, USA, USA:DEF)"), input("b", "Party B"), input("since", "Since", "date"), input("until", "Until", "date"),
    h("label", {}, "Undated too", h("input", {type: "checkbox", name: "undated", value: "true", checked: params.get("undated") === "true"})),
    h("div", {class: "actions"}, h("button", {type: "submit"}, "Show contacts")));
  if (!params.get("a") || !params.get("b")) {
    render("Contacts between two parties", form, h("p", {class: "muted"}, "When did they last speak, and how long between calls? Try ",
      h("a", {href: "/contacts?a=Lloyd+Austin&b=Sergei+Shoigu"}, "Lloyd Austin and Sergei Shoigu"), "."));
    return;
  }
  const c = await api("/api/contacts?" + searchParams());
  const summary = c.rows.length
    ? h("p", {class: "card"}, `${c.rows.length} contact${c.rows.length === 1 ? "" : "s"}; last on `, h("strong", {}, c.last),
        c.longest_gap_days !== null ? `; longest gap ${c.longest_gap_days} days` : "")
    : h("p", {class: "muted"}, "No dated contact on record between these two.");
  render(`Contacts: ${c.a} – ${c.b}`, form, summary, contactStrip(c.rows),
    table([{label: "#", key: "n", num: true}, {label: "Date", cell: r => eventLink(r.id, r.date)},
      {label: "Days since previous", cell: r => r.gap_days === null ? "—" : `${r.gap_days} days`, num: true},
      {label: "Mode", key: "mode"}, {label: "Who called", cell: r => h("span", {}, actorLink(r.source_actor), " → ", actorLink(r.target_actor))},
      {label: "Sources", cell: r => `${r.n_sources}: ${fmt(r.outlets)}`}], c.rows));
}

function contactStrip(rows) {
  if (rows.length < 2) return null;
  const t = r => Date.parse(r.date_start);
  const t0 = t(rows[0]), t1 = t(rows[rows.length - 1]), width = 800, pad = 40;
  const x = r => pad + (width - 2 * pad) * (t(r) - t0) / Math.max(1, t1 - t0);
  const svg = s("svg", {class: "strip", viewBox: `0 0 ${width} 70`, role: "img", "aria-label": "Contacts on a time line, with the days between them"});
  svg.append(s("line", {x1: pad, x2: width - pad, y1: 30, y2: 30}));
  rows.forEach((r, i) => {
    svg.append(s("circle", {cx: x(r), cy: 30, r: 5}, s("title", {}, r.date)));
    svg.append(s("text", {x: x(r), y: 55, "text-anchor": "middle"}, r.date));
    if (i > 0) svg.append(s("text", {x: (x(r) + x(rows[i - 1])) / 2, y: 20, "text-anchor": "middle"}, `${r.gap_days} d`));
  });
  return svg;
}

async function networkPage() {
  const params = searchParams();
  const data = await api("/api/network?" + params);
  const form = h("form", {class: "filters", method: "get", action: "/network"},
    h("label", {}, "Type", h("input", {name: "type", value: params.get("type") || ""})),
    h("label", {}, "Since", h("input", {name: "since", type: "date", value: params.get("since") || ""})),
    h("label", {}, "Until", h("input", {name: "until", type: "date", value: params.get("until") || ""})),
    h("div", {class: "actions"}, h("button", {type: "submit"}, "Show")));
  render("Network of dyads", form, networkGraph(data.rows.slice(0, 60)),
    h("h2", {}, `Dyads (${data.rows.length}${data.more ? ", the busiest" : ""})`),
    table([{label: "Source", cell: r => actorLink(r.source)}, {label: "Target", cell: r => actorLink(r.target)},
      {label: "Type", key: "type"}, {label: "Events", key: "events", num: true},
      {label: "", cell: r => h("a", {href: "/contacts?" + new URLSearchParams({a: r.source, b: r.target})}, "contacts")}],
      data.rows, "No dyad."));
}

function networkGraph(rows) {
  if (!rows.length) return null;
  const weight = {};
  for (const r of rows) for (const n of [r.source, r.target]) weight[n] = (weight[n] || 0) + r.events;
  const nodes = Object.keys(weight).sort((a, b) => weight[b] - weight[a]).slice(0, 30);
  const size = 600, centre = size / 2, radius = size / 2 - 110;
  const at = {};
  nodes.forEach((n, i) => { const a = 2 * Math.PI * i / nodes.length; at[n] = [centre + radius * Math.cos(a), centre + radius * Math.sin(a), a]; });
  const svg = s("svg", {class: "net", viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": "Network of the most active dyads; the table below lists them all"});
  const max = Math.max(...rows.map(r => r.events));
  for (const r of rows) {
    if (!at[r.source] || !at[r.target]) continue;
    svg.append(s("line", {x1: at[r.source][0], y1: at[r.source][1], x2: at[r.target][0], y2: at[r.target][1], "stroke-width": 1 + 4 * r.events / max},
      s("title", {}, `${r.source} → ${r.target}: ${r.type} ${r.events}`)));
  }
  for (const n of nodes) {
    const [x, y, a] = at[n];
    const right = Math.cos(a) >= 0;
    svg.append(s("circle", {cx: x, cy: y, r: 3 + Math.sqrt(weight[n])}));
    svg.append(s("text", {x: x + (right ? 8 : -8), y: y + 4, "text-anchor": right ? "start" : "end"}, n.length > 26 ? n.slice(0, 25) + "…" : n));
  }
  return svg;
}

async function articlesPage() {
  const page = await api("/api/articles?" + searchParams());
  render("Articles", table([{label: "Published", key: "published"}, {label: "Title", cell: r => h("a", {href: "/articles/" + encodeURIComponent(r.id)}, r.title || r.id)},
    {label: "Outlet", key: "source"}, {label: "Characters", key: "chars", num: true}], page.rows, "No article stored yet."), pager(page.next));
}

async function articlePage(id) {
  const a = await api("/api/articles/" + encodeURIComponent(id));
  render(a.title || a.id, h("p", {class: "muted"}, `${fmt(a.source) || "no outlet"} · published ${fmt(a.published) || "?"} · ${a.origin}`),
    annotated(a), h("h2", {}, `Events (${a.events.length})`), recordEvents(a.events, true));
}

function recordEvents(events, stored) {
  const label = e => e.type + (e.mode ? " · " + e.mode : "");
  return table([{label: "Type", cell: e => stored ? eventLink(e.id, label(e)) : label(e)},
    {label: "Source", cell: e => fmt(e.source && (e.source.actor || e.source.text))},
    {label: "Target", cell: e => fmt(e.target && (e.target.actor || e.target.text))},
    {label: "Date", key: "date"}, {label: "Place", cell: e => fmt(e.location && e.location.text)},
    {label: "Modality", key: "modality"}, {label: "Confidence", key: "confidence", num: true}], events, "No event found.");
}

// Highlight the layers of a record in its body: each character range gets the classes of the spans over it.
function annotated(record) {
  const body = record.body || "";
  const spans = [];
  const add = (items, kind, label) => (items || []).forEach(it => {
    if (Number.isInteger(it.start) && Number.isInteger(it.end) && it.start < it.end && it.end <= body.length) spans.push({start: it.start, end: it.end, kind, label: label(it)});
  });
  add(record.entities, "entity", e => `${e.label}${e.actor ? " → " + e.actor : ""}`);
  add((record.entities || []).filter(e => e.actor), "actor", e => `actor ${e.actor}`);
  add(record.timexes, "date", t => `date ${t.value || "?"} (${t.precision || "no value"})`);
  add(record.places, "place", p => `place ${p.text} · ${p.country || "?"} · ${p.feature || ""}`);
  add((record.events || []).map(e => ({start: e.span && e.span[0], end: e.span && e.span[1], e})), "event",
    x => `event ${x.e.type} ${x.e.mode || ""}: ${(x.e.source || {}).actor || "?"} → ${(x.e.target || {}).actor || "?"}`);
  const cuts = [...new Set([0, body.length, ...spans.flatMap(sp => [sp.start, sp.end])])].sort((a, b) => a - b);
  const box = h("div", {class: "article-body", tabindex: "0", "aria-label": "Article text with highlights"});
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const over = spans.filter(sp => sp.start <= a && sp.end >= b);
    const text = body.slice(a, b);
    box.append(over.length ? h("span", {class: over.map(sp => "hl hl-" + sp.kind).join(" "), title: over.map(sp => sp.label).join("\n")}, text) : text);
  }
  const legend = h("p", {class: "legend"}, ["event", "actor", "entity", "date", "place"].map(kind => h("label", {},
    h("input", {type: "checkbox", checked: true, onchange: ev => box.classList.toggle("hide-" + kind, !ev.target.checked)}),
    " ", h("span", {class: "hl hl-" + kind}, kind === "entity" ? "entities" : kind + "s"))));
  return h("div", {}, legend, box);
}

function pastePage() {
  const text = h("textarea", {id: "paste-text", name: "text", "aria-label": "Article text or HTML", placeholder: "Paste an article's text or HTML here."});
  const published = h("input", {id: "paste-published", name: "published", placeholder: "e.g. 2022-10-21T12:47:00-04:00"});
  const out = h("div", {id: "paste-result", "aria-live": "polite"});
  const form = h("form", {}, text,
    h("p", {}, h("label", {}, "Published (optional, ISO 8601) ", published), " ",
      h("button", {type: "submit"}, "Read it")), out);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    out.replaceChildren(h("p", {class: "muted"}, "Reading… (the first article loads the language model)"));
    const params = published.value.trim() ? "?" + new URLSearchParams({published: published.value.trim()}) : "";
    try {
      const record = await api("/api/extract" + params, {method: "POST", body: text.value,
        headers: {"Content-Type": "text/plain; charset=utf-8", Accept: "application/json"}});
      out.replaceChildren(h("h2", {}, record.title || "Your article"), annotated(record),
        h("h2", {}, `Events (${record.events.length})`), recordEvents(record.events),
        h("div", {class: "cols"},
          h("div", {}, h("h2", {}, "Actors"), table([{label: "Actor", key: "id"}, {label: "Name", key: "name"}, {label: "Country", key: "country"}, {label: "Roles", key: "roles"}], record.actors, "None.")),
          h("div", {}, h("h2", {}, "Dates"), table([{label: "Text", key: "text"}, {label: "Value", key: "value"}], record.timexes, "None."))),
        h("h2", {}, "Places"), table([{label: "Text", key: "text"}, {label: "Country", key: "country"}, {label: "Kind", key: "feature"}, {label: "Lat", key: "lat", num: true}, {label: "Lon", key: "lon", num: true}], record.places, "None."));
    } catch (err) {
      out.replaceChildren(h("p", {class: "error", role: "alert"}, err.message));
    }
  });
  render("Paste an article", h("p", {class: "muted"}, "Nothing is stored: the article is read and shown with its entities, actors, dates, places and events."), form);
}

async function statsPage() {
  const data = await api("/api/stats");
  const groups = {};
  for (const r of data.rows) (groups[r.measure] = groups[r.measure] || []).push(r);
  const failures = await api("/api/failures");
  render("Stats", Object.entries(groups).map(([measure, rows]) => [h("h2", {}, measure),
    table([{label: measure === "top actors" ? "Actor" : "Key", cell: r => measure === "top actors" ? actorLink(r.key) : fmt(r.key)}, {label: "Count", key: "count", num: true}], rows)]),
    h("h2", {}, "Failures"), failuresTable(failures.rows));
}

const failuresTable = rows => table([{label: "Input", key: "origin"}, {label: "Stage", key: "stage"}, {label: "Reason", key: "reason"},
  {label: "Attempts", key: "attempts", num: true}, {label: "Last seen", key: "last_seen"}], rows, "No input failed.");

async function failuresPage() {
  const page = await api("/api/failures?" + searchParams());
  render("Failures", failuresTable(page.rows), pager(page.next));
}

async function docsPage() {
  const schema = await api("/openapi.json");
  const items = [];
  for (const [path, ops] of Object.entries(schema.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters || []).map(p => h("li", {}, h("code", {}, p.name), ` (${p.in}${p.required ? ", required" : ""})`,
        p.description ? " — " + p.description : ""));
      items.push(h("div", {class: "endpoint"}, h("p", {}, h("span", {class: "method"}, method.toUpperCase()), h("code", {}, path)),
        h("p", {class: "muted"}, op.description || op.summary || ""), params.length ? h("ul", {}, params) : null));
    }
  }
  render("API", h("p", {}, "Every page's data is the same path under /api (or the page's URL with .json). The full schema is ",
    h("a", {href: "/openapi.json"}, "/openapi.json"), " (OpenAPI 3). Errors answer 4xx with a JSON ", h("code", {}, "detail"), "."), items);
}

const ROUTES = [
  [/^\/(events)?\/?$/, eventsPage], [/^\/events\/([^/]+)$/, eventPage], [/^\/map$/, mapPage],
  [/^\/actors$/, actorsPage], [/^\/actors\/([^/]+)$/, actorPage], [/^\/contacts$/, contactsPage],
  [/^\/network$/, networkPage], [/^\/articles$/, articlesPage], [/^\/articles\/([^/]+)$/, articlePage],
  [/^\/paste$/, pastePage], [/^\/stats$/, statsPage], [/^\/failures$/, failuresPage], [/^\/docs$/, docsPage],
];

async function start() {
  const path = location.pathname;
  for (const a of document.querySelectorAll("nav a")) if (a.getAttribute("href") === "/" + path.split("/")[1]) a.setAttribute("aria-current", "page");
  const twin = path === "/" ? "/api/events" : "/api" + path;
  if (path !== "/paste" && path !== "/docs") {
    document.getElementById("twin").append("JSON twin of this page: ", h("a", {href: twin + location.search}, twin + location.search));
  }
  for (const [pattern, page] of ROUTES) {
    const m = path.match(pattern);
    if (!m) continue;
    try {
      await page(...m.slice(1).filter(x => x !== undefined && x !== "events").map(decodeURIComponent));
    } catch (err) {
      main().replaceChildren(h("h1", {}, "Something is not right"), h("p", {class: "error", role: "alert"}, err.message));
    }
    document.body.dataset.ready = "true";
    return;
  }
  main().replaceChildren(h("h1", {}, "No such page"));
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", start);
