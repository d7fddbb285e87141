/*
 * Sluice focused views: each page names its view in <body data-view>, fetches its JSON from
 * /api/views/<view> every few seconds and redraws. Plain DOM and hand-written SVG, no library.
 */
"use strict";

const REFRESH_MS = 5000;
const PAGES = [
  ["/", "Overview"], ["/clicks", "URL clicks"], ["/auth", "Authentication"],
  ["/email", "Email threats"], ["/dlp", "Data loss"], ["/alerts", "Alerts"],
  ["/pipeline", "Pipeline"],
];
const COLOURS = ["#1f6feb", "#c62828", "#2e7d32", "#e0892b", "#6f42c1"];
const SEVERITY_COLOURS = {
  FATAL: "#7f0000", CRITICAL: "#b71c1c", HIGH: "#c62828", MEDIUM: "#e0892b", LOW: "#5f6b7a",
  INFORMATIONAL: "#9fb3c8",
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function fmt(n) {
  return typeof n === "number" ? n.toLocaleString("en-US") : String(n ?? "");
}

function time(ms) {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** A table: columns are [heading, key, "num"?]; rows are objects. */
function table(id, columns, rows, empty) {
  const head = el("tr", {}, columns.map(([h, , kind]) => el("th", { class: kind || null }, h)));
  const body = rows.length
    ? rows.map((r) => el("tr", {}, columns.map(([, key, kind]) => {
        const v = typeof key === "function" ? key(r) : r[key];
        return el("td", { class: kind === "num" ? "num" : "item" }, v instanceof Node ? v : fmt(v));
      })))
    : [el("tr", {}, el("td", { class: "empty", colspan: columns.length }, empty || "nothing yet"))];
  return el("table", { id }, el("thead", {}, head), el("tbody", {}, body));
}

/** Horizontal bars, one per [label, value]; colours by label when given, else in turn. */
function bars(id, pairs, colours) {
  const width = 520, row = 22, labelW = 170;
  const max = Math.max(1, ...pairs.map(([, v]) => v));
  const height = Math.max(row, pairs.length * row);
  const chart = svg("svg", { id, width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  pairs.forEach(([label, v], i) => {
    const w = Math.max(1, ((width - labelW - 60) * v) / max);
    chart.append(svg("text", { x: 0, y: i * row + 15 }, String(label).slice(0, 26)));
    chart.append(svg("rect", { x: labelW, y: i * row + 4, width: w, height: row - 8,
      fill: (colours && colours[label]) || COLOURS[i % COLOURS.length] }));
    chart.append(svg("text", { x: labelW + w + 6, y: i * row + 15 }, fmt(v)));
  });
  return chart;
}

/** Lines over time: points are {t, <series>...}; series is [[key, label], ...]. */
function lines(id, points, series) {
  const width = 560, height = 160, left = 36, bottom = 20;
  const chart = svg("svg", { id, width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  if (!points.length) {
    chart.append(svg("text", { x: left, y: height / 2 }, "no events in the last three hours"));
    return chart;
  }
  const max = Math.max(1, ...points.flatMap((p) => series.map(([k]) => p[k])));
  const x = (i) => left + ((width - left - 8) * i) / Math.max(1, points.length - 1);
  const y = (v) => height - bottom - ((height - bottom - 8) * v) / max;
  chart.append(svg("line", { x1: left, y1: y(0), x2: width - 8, y2: y(0), stroke: "#dde3ea" }));
  chart.append(svg("text", { x: 0, y: y(max) + 4 }, fmt(max)));
  chart.append(svg("text", { x: 0, y: y(0) + 4 }, "0"));
  chart.append(svg("text", { x: left, y: height - 4 }, time(points[0].t).slice(11, 16)));
  chart.append(svg("text", { x: width - 48, y: height - 4 },
    time(points[points.length - 1].t).slice(11, 16)));
  series.forEach(([key], s) => {
    const d = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`);
    chart.append(svg("path", { d: d.join(" "), fill: "none", stroke: COLOURS[s], "stroke-width": 2 }));
  });
  const legend = el("div", { class: "legend" },
    series.map(([, label], s) => el("span", {}, el("i", { style: `background:${COLOURS[s]}` }), label)));
  return el("div", {}, chart, legend);
}

function card(id, label, value, href) {
  const inner = [el("div", { class: "label" }, label), el("div", { class: "value", id }, fmt(value))];
  return el("div", { class: "card" }, href ? el("a", { href }, inner) : inner);
}

function panel(title, ...content) {
  return el("section", {}, el("h2", {}, title), ...content);
}

function severity(a) {
  return el("span", { class: `sev-${a.severity}` }, a.severity);
}

function evidence(a) {
  return el("div", { class: "refs" }, (a.evidence || []).map((e) =>
    el("div", {}, `${e.source} ${e.event_id.slice(0, 12)}… ${e.raw || ""}`)));
}

function alertTable(id, alerts) {
  return table(id, [
    ["Detected", (a) => el("span", { class: "nowrap" }, time(a.detected_at))], ["Severity", severity], ["Rule", "rule"],
    ["Entity", (a) => `${a.entity}${a.vip ? " (VIP)" : ""}`], ["Events", "event_count", "num"],
    ["Feeds", (a) => a.sources.join(", ")], ["Evidence", evidence],
  ], alerts, "no alerts");
}

function pairsOf(map) {
  return Object.entries(map || {});
}

const RENDER = {
  summary(d) {
    const sev = d.alerts_by_severity || {};
    return [
      el("div", { class: "cards" },
        card("h-malicious-clicks", "Malicious clicks (24 h)", d.malicious_clicks, "/clicks"),
        card("h-auth-failures", "Failed logins (24 h)", d.auth_failures, "/auth"),
        card("h-impersonation", "Impersonation (24 h)", d.impersonation, "/email"),
        card("h-attachments", "Malicious attachments (24 h)", d.malicious_attachments, "/email"),
        card("h-dlp", "DLP violations (24 h)", d.dlp_violations, "/dlp"),
        card("h-alerts", "Alerts (24 h)", d.alerts, "/alerts"),
        card("h-raw", "Raw events (since start)", d.raw_events, "/pipeline"),
        card("h-dlq", "Dead letters (since start)", d.dead_letters, "/pipeline")),
      el("div", { class: "grid" },
        panel("Alerts by severity (24 h)", bars("alerts-by-severity", pairsOf(sev), SEVERITY_COLOURS)),
        panel("Views", el("ul", {}, PAGES.slice(1).map(([href, name]) =>
          el("li", {}, el("a", { href }, name))))),
      ),
      panel("Latest alerts", alertTable("latest-alerts", d.latest_alerts)),
    ];
  },
  clicks(d) {
    return [
      el("div", { class: "cards" },
        card("h-clicks", "Clicks (24 h)", d.clicks),
        card("h-malicious-clicks", "Malicious clicks (24 h)", d.malicious_clicks),
        card("h-allowed", "Malicious allowed", d.malicious_by_action.ALLOWED || 0),
        card("h-blocked", "Malicious blocked", d.malicious_by_action.BLOCKED || 0)),
      el("div", { class: "grid" },
        panel("Clicks per minute", lines("clicks-series", d.series,
          [["clicks", "all clicks"], ["malicious", "malicious"]])),
        panel("All clicks by action", bars("clicks-by-action", pairsOf(d.by_action))),
        panel("Most-clicked malicious URLs", table("top-urls",
          [["URL", "url"], ["Clicks", "clicks", "num"]], d.top_urls)),
        panel("Most-clicked malicious domains", table("top-domains",
          [["Domain", "domain"], ["Clicks", "clicks", "num"]], d.top_domains)),
        panel("Users by repeat malicious clicks", table("top-users",
          [["User", "user"], ["Malicious clicks", "malicious_clicks", "num"],
           ["Repeat", (u) => (u.malicious_clicks > 1 ? "yes" : "")]], d.top_users))),
      panel("URL-click alerts", alertTable("click-alerts", d.alerts)),
    ];
  },
  auth(d) {
    return [
      el("div", { class: "cards" },
        card("h-failures", "Failed logins (24 h)", d.failures),
        card("h-successes", "Successful logins (24 h)", d.successes),
        ...pairsOf(d.alerts_by_rule).map(([rule, n]) => card(`h-${rule}`, rule, n))),
      el("div", { class: "grid" },
        panel("Logins per minute", lines("auth-series", d.series,
          [["failures", "failures"], ["successes", "successes"]])),
        panel("By feed (24 h)", table("by-feed", [["Feed", "feed"],
          ["Failures", "failures", "num"], ["Successes", "successes", "num"]], d.by_feed)),
        panel("Accounts with most failures", table("top-accounts",
          [["Account", "account"], ["Failures", "failures", "num"]], d.top_accounts)),
        panel("Source IPs with most failures", table("top-ips",
          [["Source IP", "ip"], ["Failures", "failures", "num"]], d.top_ips))),
      panel("Recent bursts, sprays and success-after-failures", alertTable("auth-alerts", d.alerts)),
    ];
  },
  email(d) {
    const verdicts = d.attachments_by_verdict || {};
    return [
      el("div", { class: "cards" },
        card("h-impersonation", "Impersonation (24 h)", d.impersonation),
        card("h-malicious-attachments", "Malicious attachments (24 h)", verdicts.MALICIOUS || 0),
        card("h-vip-targets", "VIPs targeted", d.vip_targets.length)),
      el("div", { class: "grid" },
        panel("Per minute", lines("email-series", d.series,
          [["impersonation", "impersonation"], ["malicious_attachments", "malicious attachments"]])),
        panel("Attachment campaigns: hashes", table("top-hashes",
          [["SHA-256", "sha256"], ["Messages", "messages", "num"]], d.top_hashes)),
        panel("Most-targeted recipients", table("top-recipients",
          [["Recipient", "recipient"], ["Messages", "messages", "num"]], d.top_recipients)),
        panel("VIP targets", table("vip-targets",
          [["VIP", "recipient"], ["Messages", "messages", "num"]], d.vip_targets)),
        panel("Senders", table("top-senders",
          [["Sender", "sender"], ["Messages", "messages", "num"]], d.top_senders))),
      panel("Email-threat alerts", alertTable("email-alerts", d.alerts)),
    ];
  },
  dlp(d) {
    return [
      el("div", { class: "cards" },
        card("h-violations", "DLP violations (24 h)", d.violations),
        ...pairsOf(d.by_action).map(([a, n]) => card(`h-${a}`, a, n))),
      el("div", { class: "grid" },
        panel("Violations per minute", lines("dlp-series", d.series, [["violations", "violations"]])),
        panel("Violations by user", table("top-users",
          [["User", "user"], ["Violations", "violations", "num"]], d.top_users)),
        panel("Violations by policy", table("top-policies",
          [["Policy", "policy"], ["Violations", "violations", "num"]], d.top_policies)),
        panel("By action", bars("dlp-by-action", pairsOf(d.by_action)))),
      panel("Data-loss alerts", alertTable("dlp-alerts", d.alerts)),
    ];
  },
  alerts(d) {
    const params = new URLSearchParams(location.search);
    const input = (name, label) => el("label", {}, label,
      el("input", { name, value: params.get(name) || "", placeholder: "any" }));
    const choose = (name, label, options) => {
      const chosen = params.get(name) || "";
      const select = el("select", { name }, el("option", { value: "" }, "any"),
        options.map((o) => el("option", { value: o, selected: o === chosen ? "selected" : null }, o)));
      return el("label", {}, label, select);
    };
    const form = el("form", { class: "filters", method: "get", action: "/alerts" },
      choose("rule", "Rule", d.rules), choose("severity", "Severity",
        ["FATAL", "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]),
      input("entity", "Entity contains"), choose("feed", "Feed", d.feeds),
      el("label", {}, "\u00a0", el("button", { type: "submit" }, "Filter")));
    form.querySelectorAll("select").forEach((s) => s.addEventListener("change", () => form.submit()));
    return [
      form,
      el("div", { class: "cards" }, card("h-count", "Matching alerts", d.count),
        ...pairsOf(d.by_severity).map(([s, n]) => card(`h-${s}`, `${s} (24 h)`, n))),
      panel("Alerts by rule (24 h)", bars("alerts-by-rule", pairsOf(d.by_rule))),
      panel("Latest alerts", alertTable("alerts", d.alerts)),
    ];
  },
  pipeline(d) {
    return [
      el("div", { class: "cards" },
        card("h-raw", "Raw events", d.raw), card("h-canonical", "Canonical events", d.canonical),
        card("h-dlq", "Dead letters", d.dead_letters), card("h-duplicates", "Duplicates", d.duplicates),
        card("h-late", "Late events", d.late), card("h-lag", "Consumer lag", d.total_lag)),
      el("div", { class: "grid" },
        panel("Events per feed (since instance start)", table("feeds", [["Feed", "feed"],
          ["Raw", "raw", "num"], ["Canonical", "canonical", "num"],
          ["Duplicates", "duplicates", "num"], ["Late", "late", "num"]], d.feeds)),
        panel("Dead letters by reason", table("dlq", [["Reason", "reason"],
          ["Records", "records", "num"]], d.dlq, "no dead letters")),
        panel("Consumer lag by topic", table("lag", [["Topic", "topic"], ["Lag", "lag", "num"]],
          d.lag.filter((l) => l.lag > 0), "no lag"))),
    ];
  },
};

function frame(view) {
  const path = location.pathname;
  const nav = el("nav", {}, PAGES.map(([href, name]) =>
    el("a", { href, class: href === path ? "here" : null }, name)));
  const status = el("span", { class: "status", id: "status" }, "loading…");
  document.body.prepend(el("header", {}, el("a", { class: "brand", href: "/" }, "Sluice"), nav, status));
  return status;
}

async function refresh(view, status, content) {
  const api = view === "alerts" ? `/api/views/alerts${location.search}` : `/api/views/${view}`;
  try {
    const response = await fetch(api, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
    content.replaceChildren(...RENDER[view](body));
    status.textContent = `updated ${new Date().toLocaleTimeString("en-GB")} · every ${REFRESH_MS / 1000} s`;
    status.classList.remove("error");
  } catch (e) {
    status.textContent = `not updated: ${e.message}`;
    status.classList.add("error");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const view = document.body.dataset.view;
  const status = frame(view);
  const content = document.getElementById("content");
  refresh(view, status, content);
  setInterval(() => refresh(view, status, content), REFRESH_MS);
});
