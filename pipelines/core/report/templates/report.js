// The report's charts, drawn from the data embedded in the page and redrawn whenever a filter changes.
// No framework and no request: plotly.js is inlined above, the data is the gzip+base64 block below it.
"use strict";

const PLOT_CONFIG = { displaylogo: false, responsive: true };
const TABLE_ROWS = 1000; // rows the claims table shows; the export has them all
const NETWORK_NODES = 25;
const MATRIX_ENTITIES = 15;
const TOP_ENTITIES = 20;
const DAY_MS = 86400000;
const GRANULARITIES = ["decade", "year", "month", "day"]; // timeline lanes, bottom to top
const NO_SOURCE = "(no source)";
const NO_OUTLET = "(no folder)";
const WEBGL_MARKS = 3000;
const SERIES_COLOURS = 12; // actors (or sources, outlets) with a colour of their own in the claims tracker
const OTHER_COLOUR = "#9e9e9e";
const BLUES = [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]]; // light for few, dark for many

const report = { ready: false }; // what the page's tests read: window.report

async function unpack(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

function rows(columns) {
  if (!columns) return [];
  const keys = Object.keys(columns);
  const count = keys.length ? columns[keys[0]].length : 0;
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const row = { index: i };
    for (const key of keys) row[key] = columns[key][i];
    out[i] = row;
  }
  return out;
}

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function wrap(text, width = 80) {
  const words = String(text ?? "").split(/\s+/);
  const lines = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) { lines.push(line); line = word; } else { line = line ? `${line} ${word}` : word; }
  }
  if (line) lines.push(line);
  return lines.slice(0, 6).join("<br>") + (lines.length > 6 ? " …" : "");
}

function number(value) {
  return Number.isInteger(value) ? value.toLocaleString("en") : value.toLocaleString("en", { maximumFractionDigits: 2 });
}

function bounds(claim) {
  const { value_low: low, value_high: high } = claim;
  if (low != null && high != null && low !== high) return `${number(low)}–${number(high)}`;
  if (low != null && high == null) return `at least ${number(low)}`;
  if (high != null && low == null) return `up to ${number(high)}`;
  if (low == null) return "no value";
  return `${claim.qualifier === "approximate" ? "about " : ""}${number(low)}`;
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
  return counts;
}

function byCountThenName(counts) {
  return [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || String(a).localeCompare(String(b)));
}

// --- the data -------------------------------------------------------------------------------

function prepare(payload) {
  const data = payload.data;
  const docs = rows(data.documents).map((d) => ({ ...d, outlet: d.outlet || NO_OUTLET }));
  const claims = rows(data.claims).map((c) => ({ ...c, source: c.source || NO_SOURCE, outlet: docs[c.doc].outlet }));
  const bodies = new Map(rows(data.bodies).map((b) => [b.doc, b]));
  const events = rows(data.events);
  const entities = rows(data.entities);
  for (const place of rows(data.places)) {
    if (place.entity >= entities.length || !entities[place.entity]) entities[place.entity] = { ...place };
    Object.assign(entities[place.entity], { place_type: place.place_type, country_code: place.country_code,
      latitude: place.latitude, longitude: place.longitude, isPlace: true });
  }
  const docEntities = rows(data.document_entities);
  const docsOfEntity = new Map();
  for (const row of docEntities) {
    if (!docsOfEntity.has(row.entity)) docsOfEntity.set(row.entity, new Set());
    docsOfEntity.get(row.entity).add(row.doc);
  }
  entities.forEach((entity, i) => { if (entity) entity.index = i; });
  const pairs = rows(data.sentence_pairs);
  const countryNames = new Map((payload.outlines?.features || []).map((f) => [f.id, f.properties.name]));
  return { settings: payload.settings, outlines: payload.outlines, docs, claims, bodies, events, entities,
           docEntities, docsOfEntity, pairs, countryNames, pairEntities: new Set(pairs.flatMap((p) => [p.entity_a, p.entity_b])) };
}

function entityName(entity) {
  return entity.duplicate ? `${entity.name} (${entity.label})` : entity.name;
}

function markDuplicateNames(entities) {
  const counts = countBy(entities.filter(Boolean), (e) => e.name);
  for (const entity of entities) if (entity) entity.duplicate = counts.get(entity.name) > 1;
}

// --- filters ----------------------------------------------------------------------------------

function fillSelect(select, counts, label = (value) => value) {
  for (const value of byCountThenName(counts)) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = `${label(value)} (${counts.get(value)})`;
    select.append(option);
  }
}

function setUpFilters(model) {
  const form = document.getElementById("filters");
  fillSelect(form.actor, countBy(model.claims, (c) => c.actor));
  fillSelect(form.category, countBy(model.claims, (c) => c.category));
  fillSelect(form.source, countBy(model.claims, (c) => c.source));
  fillSelect(form.outlet, countBy(model.docs, (d) => d.outlet));
  const entityDocs = new Map();
  model.entities.forEach((entity, i) => { if (entity && model.docsOfEntity.has(i)) entityDocs.set(String(i), model.docsOfEntity.get(i).size); });
  fillSelect(form.entity, entityDocs, (i) => entityName(model.entities[Number(i)]));
  const dates = model.docs.map((d) => d.published_date).filter(Boolean).sort();
  if (dates.length) for (const input of [form.from, form.to]) { input.min = dates[0]; input.max = dates[dates.length - 1]; }
  form.addEventListener("input", () => redraw(model));
  form.addEventListener("change", () => redraw(model));
  document.getElementById("reset-filters").addEventListener("click", () => { form.reset(); redraw(model); });
}

function readFilters() {
  const form = document.getElementById("filters");
  return { from: form.from.value, to: form.to.value, undated: form.undated.checked, actor: form.actor.value,
           category: form.category.value, source: form.source.value, outlet: form.outlet.value, entity: form.entity.value };
}

// The documents and claims the filters select. Claim filters (actor, category, source) also narrow the
// documents to those holding such a claim, so every chart answers for the same articles.
function select(model, filters) {
  const entityDocs = filters.entity ? model.docsOfEntity.get(Number(filters.entity)) || new Set() : null;
  const docOk = model.docs.map((d) => {
    if (d.published_date == null) { if (!filters.undated) return false; } else {
      if (filters.from && d.published_date < filters.from) return false;
      if (filters.to && d.published_date > filters.to) return false;
    }
    if (filters.outlet && d.outlet !== filters.outlet) return false;
    return !entityDocs || entityDocs.has(d.index);
  });
  const claims = model.claims.filter((c) => docOk[c.doc] && (!filters.actor || c.actor === filters.actor)
    && (!filters.category || c.category === filters.category) && (!filters.source || c.source === filters.source));
  let docs = docOk;
  if (filters.actor || filters.category || filters.source) {
    const holding = new Set(claims.map((c) => c.doc));
    docs = model.docs.map((d) => holding.has(d.index));
  }
  return { docs, claims, docCount: docs.filter(Boolean).length };
}

// --- drawing helpers --------------------------------------------------------------------------

function plot(id, traces, layout, onClick) {
  const div = document.getElementById(id);
  if (!div) return;
  div.querySelector(".nothing-selected")?.remove();
  Plotly.react(div, traces, { template: "plotly_white", hovermode: "closest", ...layout }, PLOT_CONFIG);
  if (onClick) {
    div.removeAllListeners?.("plotly_click");
    div.on("plotly_click", (event) => { const point = event.points[0]; if (point?.customdata != null) onClick(point.customdata); });
  }
}

function nothingSelected(id, text = "Nothing here matches the filters.") {
  const div = document.getElementById(id);
  if (!div) return;
  Plotly.purge(div);
  div.innerHTML = `<p class="nothing-selected">${escapeHtml(text)}</p>`;
}

function colourOf(keys, palette) {
  return new Map(keys.map((key, i) => [key, palette[i % palette.length]]));
}

// Dates with a day of room on each side, so marks at the edges show whole; over a short span the
// ticks are whole days (plotly would otherwise tick every few hours, though the dates have no time).
function dateAxis(isoDates, extra = {}) {
  const times = isoDates.map((d) => Date.parse(d));
  const first = Math.min(...times) - DAY_MS, last = Math.max(...times) + DAY_MS;
  return { type: "date", range: [first, last], tickformat: "%b %d\n%Y", ...(last - first <= 14 * DAY_MS ? { dtick: DAY_MS } : {}), ...extra };
}

function spansOrdersOfMagnitude(values) {
  const present = values.filter((v) => v != null);
  return present.length > 0 && Math.min(...present) > 0 && Math.max(...present) / Math.min(...present) >= 100;
}

// --- claims tracker ---------------------------------------------------------------------------

function claimMarks(claim) {
  const { value_low: low, value_high: high } = claim;
  if (low != null && high != null && low !== high) return [[low, "line-ew"], [high, "line-ew"]];
  if (low != null && high == null) return [[low, "arrow-bar-up"]];
  if (high != null && low == null) return [[high, "arrow-bar-down"]];
  if (low == null) return [];
  return [[low, claim.qualifier === "approximate" ? "circle-open" : "circle"]];
}

function claimHover(claim, model) {
  const doc = model.docs[claim.doc];
  const lines = [`<b>${escapeHtml(claim.text)}</b> (${bounds(claim)})`,
    `${escapeHtml(claim.category)}${claim.unit ? " · " + escapeHtml(claim.unit) : ""} · ${claim.published_date || "undated"}`,
    `actor: ${escapeHtml(claim.actor)} · qualifier: ${escapeHtml(claim.qualifier)}`,
    `source: ${escapeHtml(claim.source)} · outlet: ${escapeHtml(claim.outlet)}`,
    wrap(escapeHtml(claim.sentence))];
  if (doc.title) lines.push(`<i>${escapeHtml(doc.title)}</i>`);
  return lines.join("<br>");
}

// Where each claim goes across: its day (or its place in the undated lane), claims of one day and
// category spread apart so that none hides another.
function claimPositions(claims, spanDays) {
  const step = Math.max(spanDays * 0.008, 0.15) * DAY_MS;
  const groups = new Map();
  for (const claim of claims) {
    const key = `${claim.category}|${claim.published_date ?? "undated"}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(claim);
  }
  const position = new Map();
  for (const group of groups.values()) {
    group.forEach((claim, i) => {
      const offset = i - (group.length - 1) / 2;
      position.set(claim, claim.published_date == null
        ? offset * Math.min(0.3, 1.6 / group.length)
        : Date.parse(claim.published_date) + offset * step);
    });
  }
  return position;
}

function drawClaims(model, selection) {
  const id = "chart-claims";
  if (!document.getElementById(id)) return;
  const claims = selection.claims.filter((c) => c.value_low != null || c.value_high != null);
  if (!claims.length) return nothingSelected(id);
  const colourBy = document.getElementById("claims-colour").value;
  // The busiest keys over all claims get a colour each, the same whatever the filters; the rest share grey.
  const named = byCountThenName(countBy(model.claims, (c) => c[colourBy])).slice(0, SERIES_COLOURS);
  const colours = colourOf(named, model.settings.palette);
  const colourOfClaim = (claim) => colours.get(claim[colourBy]) || OTHER_COLOUR;
  const categories = byCountThenName(countBy(claims, (c) => c.category));
  const dated = claims.filter((c) => c.published_date != null);
  const hasUndated = dated.length < claims.length;
  const spanDays = dated.length ? (Date.parse(dated[dated.length - 1].published_date) - Date.parse(dated[0].published_date)) / DAY_MS : 0;
  const position = claimPositions(claims, Math.abs(spanDays));
  const split = hasUndated && dated.length ? 0.86 : (hasUndated ? 0 : 1);
  const rowGap = 0.06;
  const rowHeight = (1 - rowGap * (categories.length - 1)) / categories.length;
  const layout = {
    height: 240 * categories.length + 120, margin: { t: 40, l: 70, r: 20, b: 50 }, legend: { title: { text: colourBy } },
    annotations: [], showlegend: true,
  };
  if (split > 0) {
    layout.xaxis = dateAxis(dated.map((c) => c.published_date),
                            { domain: [0, split - (hasUndated ? 0.02 : 0)], anchor: `y${categories.length}` });
  }
  if (hasUndated) {
    layout.xaxis2 = { domain: [split, 1], range: [-1, 1], showticklabels: false, zeroline: false, showgrid: false,
                      title: { text: "undated" }, anchor: `y${categories.length}` };
  }
  const firstX = split > 0 ? "x" : "x2";
  // The legend: a plain swatch per colour (no y, nothing drawn); the marks' own shapes would read as one qualifier.
  const present = new Set(claims.map((c) => colours.has(c[colourBy]) ? c[colourBy] : "other"));
  const traces = [...named, "other"].filter((key) => present.has(key)).map((key) => ({
    type: "scatter", mode: "markers", name: key, x: [null], y: [null], xaxis: firstX, yaxis: "y", hoverinfo: "skip",
    marker: { symbol: "square", size: 11, color: colours.get(key) || OTHER_COLOUR } }));
  categories.forEach((category, row) => {
    const axis = row === 0 ? "" : String(row + 1);
    const top = 1 - row * (rowHeight + rowGap);
    const inCategory = claims.filter((c) => c.category === category);
    const values = inCategory.flatMap((c) => [c.value_low, c.value_high]);
    layout[`yaxis${axis}`] = { domain: [top - rowHeight, top], anchor: firstX,
      ...(spansOrdersOfMagnitude(values) ? { type: "log", dtick: 1, tickformat: "~s" } : { rangemode: "tozero" }) };
    layout.annotations.push({ text: `<b>${escapeHtml(category)}</b>`, xref: "paper", yref: "paper", x: 0, y: top,
                              xanchor: "left", yanchor: "bottom", showarrow: false, font: { size: 13 } });
    for (const undated of [false, true]) {
      const laneClaims = inCategory.filter((c) => (c.published_date == null) === undated);
      if (!laneClaims.length) continue;
      const axes = { xaxis: undated ? "x2" : "x", yaxis: `y${axis}`, showlegend: false };
      const segments = new Map(); // colour -> its ranges, drawn as vertical bars
      const marks = { x: [], y: [], symbol: [], text: [], customdata: [], color: [] };
      for (const claim of laneClaims) {
        const x = position.get(claim), colour = colourOfClaim(claim);
        if (claim.value_low != null && claim.value_high != null && claim.value_low !== claim.value_high) {
          if (!segments.has(colour)) segments.set(colour, { x: [], y: [] });
          segments.get(colour).x.push(x, x, null);
          segments.get(colour).y.push(claim.value_low, claim.value_high, null);
        }
        claim.hover ??= claimHover(claim, model); // built once: a filter redraws without building it again
        for (const [value, symbol] of claimMarks(claim)) {
          marks.x.push(x); marks.y.push(value); marks.symbol.push(symbol); marks.color.push(colour);
          marks.text.push(claim.hover); marks.customdata.push(claim.index);
        }
      }
      for (const [colour, segment] of segments) {
        traces.push({ type: "scatter", mode: "lines", ...segment, ...axes, line: { color: colour, width: 3 }, hoverinfo: "skip" });
      }
      // WebGL beyond a few thousand marks: SVG would take seconds to draw them.
      traces.push({ type: claims.length > WEBGL_MARKS ? "scattergl" : "scatter", mode: "markers", name: category, ...axes, x: marks.x, y: marks.y, text: marks.text,
                    customdata: marks.customdata, hovertemplate: "%{text}<extra></extra>",
                    marker: { symbol: marks.symbol, size: 12, color: marks.color, line: { color: marks.color, width: 2 } } });
    }
  });
  plot(id, traces, layout, (claim) => openArticle(model, model.claims[claim]));
}

// --- claims table and export ------------------------------------------------------------------

const CLAIM_COLUMNS = [
  // Undated claims sort after the dated ones (ascending), and say so.
  { key: "published_date", title: "date", value: (c) => c.published_date || "undated", show: (c) => c.published_date || "undated" },
  { key: "actor", title: "actor", value: (c) => c.actor },
  { key: "category", title: "category", value: (c) => c.category },
  { key: "text", title: "claim", value: (c) => c.text },
  { key: "value", title: "value", value: (c) => c.value_low ?? c.value_high ?? -Infinity, show: bounds, cls: "number" },
  { key: "unit", title: "unit", value: (c) => c.unit || "" },
  { key: "source", title: "source", value: (c) => c.source },
  { key: "outlet", title: "outlet", value: (c) => c.outlet },
  { key: "sentence", title: "sentence", value: (c) => c.sentence || "", cls: "sentence" },
];
const tableSort = { key: "published_date", direction: 1 };

function drawTable(model, selection) {
  const table = document.getElementById("claims-rows");
  if (!table) return;
  const head = table.tHead;
  if (!head.rows.length) {
    const row = head.insertRow();
    for (const column of [...CLAIM_COLUMNS, { key: "article", title: "article" }]) {
      const th = document.createElement("th");
      th.textContent = column.title;
      th.dataset.key = column.key;
      if (column.key !== "article") {
        th.addEventListener("click", () => {
          tableSort.direction = tableSort.key === column.key ? -tableSort.direction : 1;
          tableSort.key = column.key;
          drawTable(model, report.selection);
        });
      }
      row.append(th);
    }
  }
  for (const th of head.rows[0].cells) {
    th.setAttribute("aria-sort", th.dataset.key === tableSort.key ? (tableSort.direction > 0 ? "ascending" : "descending") : "none");
  }
  const column = CLAIM_COLUMNS.find((c) => c.key === tableSort.key);
  const sorted = [...selection.claims].sort((a, b) => {
    const x = column.value(a), y = column.value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * tableSort.direction || a.index - b.index;
  });
  const body = document.createElement("tbody");
  for (const claim of sorted.slice(0, TABLE_ROWS)) {
    const row = body.insertRow();
    row.dataset.claim = claim.index;
    for (const col of CLAIM_COLUMNS) {
      const cell = row.insertCell();
      cell.textContent = col.show ? col.show(claim) : col.value(claim);
      if (col.cls) cell.className = col.cls;
    }
    const link = document.createElement("a");
    link.href = "#article";
    link.className = "open-article";
    link.textContent = "open";
    link.title = model.docs[claim.doc].title || model.docs[claim.doc].source_name;
    link.addEventListener("click", (event) => { event.preventDefault(); openArticle(model, claim); });
    row.insertCell().append(link);
  }
  table.tBodies[0].replaceWith(body);
  document.getElementById("claims-table-note").textContent = sorted.length > TABLE_ROWS
    ? `Showing the first ${TABLE_ROWS.toLocaleString("en")} of ${sorted.length.toLocaleString("en")} claims; the export has them all.`
    : `${sorted.length.toLocaleString("en")} claim(s).`;
}

function csv(rowsOut, columns) {
  const cell = (value) => {
    const text = value == null ? "" : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(","), ...rowsOut.map((row) => columns.map((c) => cell(row[c])).join(","))].join("\r\n") + "\r\n";
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function claimsCsv(model, selection) {
  const columns = ["doc_id", "title", "published_date", "outlet", "source_name", "actor", "category", "qualifier",
                   "value_low", "value_high", "unit", "currency", "text", "source", "sentence"];
  return csv(selection.claims.map((c) => {
    const doc = model.docs[c.doc];
    return { ...c, doc_id: doc.doc_id, title: doc.title, source_name: doc.source_name,
             source: c.source === NO_SOURCE ? null : c.source, outlet: doc.outlet === NO_OUTLET ? null : doc.outlet };
  }), columns);
}

function articlesCsv(model, selection) {
  const columns = ["doc_id", "title", "published_date", "outlet", "source_name", "author", "section", "word_count", "figure_count"];
  return csv(model.docs.filter((d) => selection.docs[d.index]).map((d) => ({ ...d, outlet: d.outlet === NO_OUTLET ? null : d.outlet })), columns);
}

// --- the article viewer -----------------------------------------------------------------------

function findClaim(text, item) {
  // Offsets index the field the row was found in: try the body, then fall back to finding the sentence.
  if (item.start_char != null && text.substr(item.start_char, item.text.length) === item.text) {
    const sentenceAt = item.sentence ? text.lastIndexOf(item.sentence.slice(0, 40), item.start_char) : -1;
    return { start: item.start_char, end: item.start_char + item.text.length, sentenceAt };
  }
  const sentenceAt = item.sentence ? text.indexOf(item.sentence) : -1;
  const start = text.indexOf(item.text, Math.max(sentenceAt, 0));
  return start < 0 ? null : { start, end: start + item.text.length, sentenceAt };
}

function highlighted(text, item) {
  const found = findClaim(text, item);
  if (!found) return escapeHtml(text);
  const sentenceStart = found.sentenceAt >= 0 && found.sentenceAt <= found.start ? found.sentenceAt : found.start;
  const sentenceEnd = found.sentenceAt >= 0 ? Math.max(found.end, found.sentenceAt + (item.sentence || "").length) : found.end;
  return escapeHtml(text.slice(0, sentenceStart)) + '<mark class="sentence">' + escapeHtml(text.slice(sentenceStart, found.start))
    + `<mark class="claim" id="highlight">${escapeHtml(text.slice(found.start, found.end))}</mark>`
    + escapeHtml(text.slice(found.end, sentenceEnd)) + "</mark>" + escapeHtml(text.slice(sentenceEnd));
}

// `item` is a claim or a dated event: a document index, its text, offset and sentence.
function openArticle(model, item) {
  const doc = model.docs[item.doc];
  const stored = model.bodies.get(item.doc);
  const dialog = document.getElementById("article");
  document.getElementById("article-title").textContent = doc.title || doc.source_name;
  document.getElementById("article-meta").textContent = [doc.published_date || "undated", doc.outlet, doc.author,
    doc.section, `file ${doc.source_name}`].filter(Boolean).join(" · ");
  document.getElementById("article-claim").innerHTML = `<b>${escapeHtml(item.text)}</b>`
    + (item.value_low !== undefined ? ` (${escapeHtml(bounds(item))}, ${escapeHtml(item.actor)}, source: ${escapeHtml(item.source)})` : "")
    + `<br>${escapeHtml(item.sentence)}`;
  const body = document.getElementById("article-body");
  if (stored) {
    const inTitle = !findClaim(stored.body, item) && stored.title && findClaim(stored.title, item);
    body.innerHTML = inTitle
      ? `<p><b>${highlighted(stored.title, item)}</b></p>${escapeHtml(stored.body)}`
      : (stored.subtitle ? `<p><i>${escapeHtml(stored.subtitle)}</i></p>` : "") + highlighted(stored.body, item);
  } else {
    body.innerHTML = `<p class="nothing-selected">The page holds the text of articles with claims (on a large warehouse, `
      + `of those with the most claims); this one is <code>${escapeHtml(doc.source_name)}</code> in the input folder.</p>`;
  }
  if (!dialog.open) dialog.showModal();
  document.getElementById("highlight")?.scrollIntoView({ block: "center" });
}

// --- map --------------------------------------------------------------------------------------

function mentionsInSelection(model, selection) {
  const mentions = new Map(), docs = new Map();
  for (const row of model.docEntities) {
    if (!selection.docs[row.doc]) continue;
    mentions.set(row.entity, (mentions.get(row.entity) || 0) + row.mentions);
    if (!docs.has(row.entity)) docs.set(row.entity, []);
    docs.get(row.entity).push(row.doc);
  }
  return { mentions, docs };
}

function titlesOf(model, docIndices, limit = 5) {
  const titles = docIndices.slice(0, limit).map((i) => "· " + escapeHtml(model.docs[i].title || model.docs[i].source_name));
  if (docIndices.length > limit) titles.push(`… ${docIndices.length - limit} more`);
  return titles.join("<br>");
}

function drawMap(model, selection, counted) {
  const id = "chart-map";
  if (!document.getElementById(id)) return;
  const byCountry = new Map();
  const pointsToShow = [];
  for (const [entityIndex, count] of counted.mentions) {
    const entity = model.entities[entityIndex];
    if (!entity || !entity.isPlace) continue;
    if (entity.country_code) {
      const country = byCountry.get(entity.country_code) || { mentions: 0, places: [], docs: new Set() };
      country.mentions += count;
      country.places.push([entityName(entity), count]);
      counted.docs.get(entityIndex).forEach((d) => country.docs.add(d));
      byCountry.set(entity.country_code, country);
    }
    if (entity.place_type !== "country") pointsToShow.push([entityIndex, entity, count]);
  }
  if (!byCountry.size && !pointsToShow.length) return nothingSelected(id);
  const features = model.outlines.features;
  const shaded = [...byCountry.keys()].filter((code) => model.countryNames.has(code));
  const traces = [
    { type: "choropleth", geojson: model.outlines, featureidkey: "id", locations: features.map((f) => f.id),
      z: features.map(() => 0), colorscale: [[0, "#eceff1"], [1, "#eceff1"]], showscale: false,
      marker: { line: { color: "#9aa5ad", width: 0.5 } }, text: features.map((f) => escapeHtml(f.properties.name)),
      hovertemplate: "%{text}: not mentioned<extra></extra>", name: "countries" },
    { type: "choropleth", geojson: model.outlines, featureidkey: "id", locations: shaded,
      z: shaded.map((code) => byCountry.get(code).mentions), colorscale: BLUES, zmin: 0,
      colorbar: { title: { text: "mentions" }, len: 0.6 }, marker: { line: { color: "#4a5a66", width: 0.6 } },
      text: shaded.map((code) => {
        const country = byCountry.get(code);
        const places = country.places.sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, c]) => `${escapeHtml(n)} ${c}`).join(", ");
        return `<b>${escapeHtml(model.countryNames.get(code))}</b>: ${country.mentions} mention(s) in ${country.docs.size} article(s)`
          + `<br>${places}<br>${titlesOf(model, [...country.docs])}`;
      }),
      hovertemplate: "%{text}<extra></extra>", name: "countries mentioned" },
  ];
  const largest = Math.max(1, ...pointsToShow.map(([, , count]) => count));
  const labels = [...new Set(pointsToShow.map(([, e]) => e.label))];
  for (const label of labels) {
    const points = pointsToShow.filter(([, e]) => e.label === label);
    traces.push({ type: "scattergeo", mode: "markers", name: label,
      lon: points.map(([, e]) => e.longitude), lat: points.map(([, e]) => e.latitude),
      marker: { size: points.map(([, , c]) => 7 + 23 * Math.sqrt(c / largest)), color: model.settings.labelColours[label] || model.settings.otherLabelColour,
                opacity: 0.85, line: { color: "white", width: 1 } },
      text: points.map(([i, e, c]) => `<b>${escapeHtml(entityName(e))}</b> (${escapeHtml(e.place_type || e.label)}, ${escapeHtml(e.country_code || "–")})`
        + `<br>${c} mention(s) in ${counted.docs.get(i).length} article(s)<br>${titlesOf(model, counted.docs.get(i))}`),
      hovertemplate: "%{text}<extra></extra>" });
  }
  const lons = [], lats = [];
  for (const [, e] of pointsToShow) { lons.push(e.longitude); lats.push(e.latitude); }
  for (const code of shaded) {
    const country = model.entities.find((e) => e && e.isPlace && e.place_type === "country" && e.country_code === code);
    if (country) { lons.push(country.longitude); lats.push(country.latitude); }
  }
  const pad = (values, low, high, least) => {
    const min = Math.min(...values), max = Math.max(...values), room = Math.max(least, (max - min) * 0.25);
    return [Math.max(low, min - room), Math.min(high, max + room)];
  };
  const geo = { projection: { type: "natural earth" }, showland: false, showcountries: false, showcoastlines: false,
                showocean: false, showlakes: false, showrivers: false, showframe: true, bgcolor: "#dfeaf3",
                lonaxis: { range: lons.length ? pad(lons, -180, 180, 20) : [-180, 180] },
                lataxis: { range: lats.length ? pad(lats, -90, 90, 12) : [-60, 85] } };
  plot(id, traces, { height: 600, geo, margin: { t: 10, l: 10, r: 10, b: 10 }, legend: { title: { text: "places" } } });
}

// --- timeline and volume ----------------------------------------------------------------------

function drawTimeline(model, selection) {
  const id = "chart-timeline";
  if (!document.getElementById(id)) return;
  const events = model.events.filter((e) => selection.docs[e.doc]);
  if (!events.length) return nothingSelected(id);
  const groups = new Map();
  for (const event of events) {
    const key = `${event.granularity}|${event.event_date}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(event);
  }
  const traces = GRANULARITIES.map((granularity, lane) => {
    const own = events.filter((e) => e.granularity === granularity);
    const y = own.map((e) => {
      const group = groups.get(`${granularity}|${e.event_date}`);
      const i = group.indexOf(e);
      return lane + (group.length > 1 ? (i / (group.length - 1) - 0.5) * 0.6 : 0);
    });
    return { type: events.length > WEBGL_MARKS ? "scattergl" : "scatter", mode: "markers", name: granularity, x: own.map((e) => e.event_date), y,
             customdata: own.map((e) => e.index), marker: { size: 9, opacity: 0.8 },
             text: own.map((e) => `<b>${escapeHtml(e.text)}</b> → ${e.event_date} (${granularity})<br>${wrap(escapeHtml(e.sentence))}`
               + `<br><i>${escapeHtml(model.docs[e.doc].title || model.docs[e.doc].source_name)}</i>`),
             hovertemplate: "%{text}<extra></extra>" };
  }).filter((trace) => trace.x.length);
  plot(id, traces, { height: 360, margin: { t: 20, l: 70, r: 20, b: 50 },
    xaxis: dateAxis(events.map((e) => e.event_date), { title: { text: "the date an article mentions" } }),
    yaxis: { tickvals: GRANULARITIES.map((_, i) => i), ticktext: GRANULARITIES, range: [-0.6, GRANULARITIES.length - 0.4], zeroline: false },
    legend: { title: { text: "precision" } } }, (event) => openArticle(model, model.events[event]));
}

function drawVolume(model, selection) {
  const id = "chart-volume";
  if (!document.getElementById(id)) return;
  const docs = model.docs.filter((d) => selection.docs[d.index]);
  const dated = docs.filter((d) => d.published_date);
  const note = document.getElementById("volume-undated");
  note.textContent = `${docs.length - dated.length} selected article(s) without a publication date are not on the chart.`;
  if (!dated.length) return nothingSelected(id, "No selected article has a publication date.");
  const outlets = byCountThenName(countBy(model.docs, (d) => d.outlet));
  const colours = colourOf(outlets, model.settings.palette);
  const traces = outlets.map((outlet) => {
    const perDay = countBy(dated.filter((d) => d.outlet === outlet), (d) => d.published_date);
    const days = [...perDay.keys()].sort();
    return { type: "bar", name: outlet, x: days, y: days.map((day) => perDay.get(day)), marker: { color: colours.get(outlet) },
             hovertemplate: `%{x|%Y-%m-%d}: %{y} article(s)<extra>${escapeHtml(outlet)}</extra>` };
  }).filter((trace) => trace.x.length);
  plot(id, traces, { height: 320, barmode: "stack", margin: { t: 20, l: 60, r: 20, b: 50 },
    xaxis: dateAxis(dated.map((d) => d.published_date), { title: { text: "publication date" } }),
    yaxis: { title: { text: "articles" }, rangemode: "tozero", tickformat: ",d" },
    legend: { title: { text: "outlet" } } });
}

// --- entities: bar chart, network, matrix -----------------------------------------------------

function topEntities(model, counted, limit, eligible = () => true) {
  return [...counted.mentions.keys()].filter((i) => model.entities[i] && eligible(i))
    .sort((a, b) => counted.mentions.get(b) - counted.mentions.get(a) || entityName(model.entities[a]).localeCompare(entityName(model.entities[b])))
    .slice(0, limit);
}

function drawEntities(model, selection, counted) {
  const id = "chart-entities";
  if (!document.getElementById(id)) return;
  const top = topEntities(model, counted, TOP_ENTITIES);
  if (!top.length) return nothingSelected(id);
  const labels = [...new Set(top.map((i) => model.entities[i].label))];
  const traces = labels.map((label) => {
    const own = top.filter((i) => model.entities[i].label === label);
    return { type: "bar", orientation: "h", name: label, y: own.map((i) => entityName(model.entities[i])),
             x: own.map((i) => counted.mentions.get(i)), customdata: own.map((i) => counted.docs.get(i).length),
             marker: { color: model.settings.labelColours[label] || model.settings.otherLabelColour },
             hovertemplate: `<b>%{y}</b><br>%{x} mentions in %{customdata} article(s)<extra>${escapeHtml(label)}</extra>` };
  });
  plot(id, traces, { height: 28 * top.length + 140, margin: { t: 30, l: 10, r: 20, b: 40 }, xaxis: { title: { text: "mentions" } },
    yaxis: { automargin: true, categoryorder: "array", categoryarray: top.map((i) => entityName(model.entities[i])).reverse() },
    legend: { title: { text: "type" } } });
}

function pairCounts(model, selection, nodes) {
  const wanted = new Set(nodes);
  const counts = new Map();
  for (const pair of model.pairs) {
    if (!selection.docs[pair.doc] || !wanted.has(pair.entity_a) || !wanted.has(pair.entity_b)) continue;
    const key = `${pair.entity_a}|${pair.entity_b}`;
    counts.set(key, (counts.get(key) || 0) + pair.sentences);
  }
  return counts;
}

// A deterministic force layout (Fruchterman–Reingold) for a few dozen nodes.
function forceLayout(nodes, edges) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
  const k = Math.sqrt(4 / Math.max(n, 1));
  const index = new Map(nodes.map((node, i) => [node, i]));
  for (let step = 0, heat = 0.2; step < 300; step++, heat *= 0.985) {
    const move = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1], d = Math.hypot(dx, dy) || 0.01, f = (k * k) / d;
      move[i][0] += (dx / d) * f; move[i][1] += (dy / d) * f; move[j][0] -= (dx / d) * f; move[j][1] -= (dy / d) * f;
    }
    for (const [a, b, weight] of edges) {
      const i = index.get(a), j = index.get(b);
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1], d = Math.hypot(dx, dy) || 0.01;
      const f = ((d * d) / k) * Math.min(1 + Math.log(weight), 3);
      move[i][0] -= (dx / d) * f; move[i][1] -= (dy / d) * f; move[j][0] += (dx / d) * f; move[j][1] += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      const length = Math.hypot(...move[i]) || 1;
      pos[i][0] += (move[i][0] / length) * Math.min(length, heat) - pos[i][0] * 0.01; // a little gravity keeps loners near
      pos[i][1] += (move[i][1] / length) * Math.min(length, heat) - pos[i][1] * 0.01;
    }
  }
  return pos;
}

function drawNetwork(model, selection, counted) {
  const id = "chart-network";
  if (!document.getElementById(id)) return;
  const nodes = topEntities(model, counted, NETWORK_NODES, (i) => model.pairEntities.has(i));
  const counts = pairCounts(model, selection, nodes);
  if (!counts.size) return nothingSelected(id, "No two of the selected articles' main entities share a sentence.");
  const linked = nodes.filter((i) => [...counts.keys()].some((key) => key.split("|").map(Number).includes(i)));
  const edges = [...counts].map(([key, weight]) => [...key.split("|").map(Number), weight]);
  const pos = forceLayout(linked, edges);
  const at = new Map(linked.map((node, i) => [node, pos[i]]));
  const heaviest = Math.max(...edges.map(([, , w]) => w));
  const widths = [1, 3, 6];
  const traces = widths.map((width, bucket) => {
    const own = edges.filter(([, , w]) => Math.min(2, Math.floor((w / (heaviest + 1)) * 3)) === bucket);
    return { type: "scatter", mode: "lines", hoverinfo: "skip", showlegend: false, line: { width, color: "rgba(90,110,130,0.55)" },
             x: own.flatMap(([a, b]) => [at.get(a)[0], at.get(b)[0], null]), y: own.flatMap(([a, b]) => [at.get(a)[1], at.get(b)[1], null]) };
  }).filter((trace) => trace.x.length);
  const largest = Math.max(...linked.map((i) => counted.mentions.get(i)));
  const partners = (node) => edges.filter(([a, b]) => a === node || b === node).sort((x, y) => y[2] - x[2]).slice(0, 5)
    .map(([a, b, w]) => `${escapeHtml(entityName(model.entities[a === node ? b : a]))} ${w}`).join(", ");
  for (const label of [...new Set(linked.map((i) => model.entities[i].label))]) {
    const own = linked.filter((i) => model.entities[i].label === label);
    traces.push({ type: "scatter", mode: "markers+text", name: label, x: own.map((i) => at.get(i)[0]), y: own.map((i) => at.get(i)[1]),
      text: own.map((i) => escapeHtml(entityName(model.entities[i]))), textposition: "top center", textfont: { size: 11 },
      customdata: own.map((i) => `${counted.mentions.get(i)} mention(s); same sentence as: ${partners(i)}`),
      hovertemplate: "<b>%{text}</b><br>%{customdata}<extra></extra>",
      marker: { size: own.map((i) => 10 + 26 * Math.sqrt(counted.mentions.get(i) / largest)),
                color: model.settings.labelColours[label] || model.settings.otherLabelColour, line: { color: "white", width: 1 } } });
  }
  const hidden = { visible: false, zeroline: false, showgrid: false };
  plot(id, traces, { height: 520, margin: { t: 20, l: 10, r: 10, b: 10 }, xaxis: hidden, yaxis: { ...hidden, scaleanchor: "x" },
                     legend: { orientation: "h", y: -0.02 } });
}

let matrixMode = "sentence";

function drawMatrix(model, selection, counted) {
  const id = "chart-matrix";
  if (!document.getElementById(id)) return;
  const nodes = topEntities(model, counted, MATRIX_ENTITIES, (i) => model.pairEntities.has(i));
  if (nodes.length < 2) return nothingSelected(id);
  const sentences = pairCounts(model, selection, nodes);
  const docsOf = new Map(nodes.map((i) => [i, new Set(counted.docs.get(i))]));
  const cell = (a, b) => {
    if (a === b) return null;
    const value = matrixMode === "sentence"
      ? sentences.get(`${Math.min(a, b)}|${Math.max(a, b)}`) || 0
      : [...docsOf.get(a)].filter((d) => docsOf.get(b).has(d)).length;
    return value || null; // an empty cell lets the pairs that occur stand out
  };
  const names = nodes.map((i) => entityName(model.entities[i]));
  const z = nodes.map((a) => nodes.map((b) => cell(a, b)));
  plot(id, [{ type: "heatmap", x: names, y: names, z, colorscale: BLUES, zmin: 0, hoverongaps: false, texttemplate: "%{z}",
              colorbar: { title: { text: matrixMode === "sentence" ? "sentences" : "articles" } },
              hovertemplate: `<b>%{y}</b> and <b>%{x}</b>: %{z} ${matrixMode === "sentence" ? "sentence(s)" : "article(s)"}<extra></extra>` }],
       { height: 520, margin: { t: 20, l: 10, r: 10, b: 10 }, xaxis: { tickangle: -40, automargin: true },
         yaxis: { autorange: "reversed", automargin: true } });
}

// --- the page -------------------------------------------------------------------------------------

function redraw(model) {
  const selection = select(model, readFilters());
  report.selection = selection;
  const counted = mentionsInSelection(model, selection);
  drawClaims(model, selection);
  drawTable(model, selection);
  drawMap(model, selection, counted);
  drawTimeline(model, selection);
  drawVolume(model, selection);
  drawNetwork(model, selection, counted);
  drawMatrix(model, selection, counted);
  drawEntities(model, selection, counted);
  const undrawable = selection.claims.filter((c) => c.value_low == null && c.value_high == null).length;
  document.getElementById("selection-summary").textContent =
    `Selected: ${selection.docCount.toLocaleString("en")} of ${model.docs.length.toLocaleString("en")} articles, `
    + `${selection.claims.length.toLocaleString("en")} of ${model.claims.length.toLocaleString("en")} claims`
    + (undrawable ? ` (${undrawable} without a value are in the table only)` : "") + ".";
  report.redraws = (report.redraws || 0) + 1;
}

// Plotly looks for the outlines of its base map (land, coastlines) here before fetching them from
// its CDN, and a choropleth makes it want them even with every base layer off. The page draws
// the outlines it carries as choropleths instead, so an empty topology stands in for the base map.
function keepPlotlyOffline() {
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
}

async function main() {
  keepPlotlyOffline();
  const payload = await unpack(document.getElementById("report-data").textContent.trim());
  const model = prepare(payload);
  markDuplicateNames(model.entities);
  report.model = model;
  setUpFilters(model);
  document.getElementById("claims-colour")?.addEventListener("change", () => drawClaims(model, report.selection));
  document.querySelectorAll("#matrix-mode button").forEach((button) => button.addEventListener("click", () => {
    matrixMode = button.dataset.mode;
    document.querySelectorAll("#matrix-mode button").forEach((b) => b.classList.toggle("active", b === button));
    drawMatrix(model, report.selection, mentionsInSelection(model, report.selection));
  }));
  document.getElementById("export-claims").addEventListener("click", () => download("claims.csv", claimsCsv(model, report.selection)));
  document.getElementById("export-articles").addEventListener("click", () => download("articles.csv", articlesCsv(model, report.selection)));
  redraw(model);
  report.ready = true;
}

window.report = report;
main().catch((error) => {
  report.error = String(error);
  document.body.insertAdjacentHTML("afterbegin", `<p class="no-data">The report could not load its data: ${escapeHtml(error)}</p>`);
  throw error;
});
