// bubble-sync relay dashboard: the backfill and reconcile panel (/admin/resync, polled) and "where is record X?"
// (/admin/record, on demand). Same token as dashboard.js (sessionStorage, this tab only). Server text goes in with
// textContent, never as HTML.
"use strict";

(() => {
  const TOKEN_KEY = "bubble-sync.admin-token";
  const params = new URLSearchParams(location.search);
  const REFRESH_S = Math.min(60, Math.max(1, parseInt(params.get("refresh"), 10) || 5));
  const KINDS = ["in_sync", "missing_in_bubble", "dangling_bubble_id", "drift", "orphans_in_bubble", "duplicates_in_bubble"];
  const $ = (id) => document.getElementById(id);
  const num = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));

  async function get(path) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    const res = await fetch(path, { headers, cache: "no-store" });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new Error((body && body.error) || ("HTTP " + res.status + " from " + path));
    return body;
  }

  function td(label, text, cls) {
    const cell = document.createElement("td");
    cell.dataset.label = label;
    if (cls) cell.className = cls;
    cell.textContent = text === null || text === undefined ? "" : String(text);
    return cell;
  }
  function eta(s) {
    if (s === null || s === undefined) return "–";
    return s < 120 ? s + " s" : s < 7200 ? Math.round(s / 60) + " min" : (s / 3600).toFixed(1) + " h";
  }
  function report(r) {
    if (!r) return "";
    return KINDS.filter((k) => r[k]).map((k) => k + " " + num(r[k].count)).join(", ");
  }

  function renderRuns(runs) {
    const rows = runs.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.table = r.table_name;
      tr.dataset.kind = r.kind;
      const progress = r.kind === "backfill"
        ? `${num(r.done)} / ${num(r.total)} rows, ${num(r.enqueued)} enqueued, ${num(r.skipped)} skipped`
        : `${num(r.done)} rows read` + (r.enqueued ? `, ${num(r.enqueued)} enqueued by --fix` : "");
      tr.append(td("Table", r.table_name), td("Kind", r.kind), td("Status", r.status, "status-" + r.status),
        td("Progress", progress), td("Rows/s", r.kind === "backfill" ? num(r.rows_per_second) : "", "num"),
        td("ETA", r.status === "running" ? eta(r.eta_seconds) : "", "num"), td("Report", report(r.report) || r.message || ""),
        td("Started", r.started_at));
      return tr;
    });
    $("resync").tBodies[0].replaceChildren(...rows);
    $("resync-empty").hidden = rows.length > 0;
  }

  function renderRecord(t) {
    const queue = t.queue || [];
    $("record-summary").textContent = `${t.table} ${t.record_id}: Bubble id in the table ${t.source_bubble_id || "none"}`
      + ` (${t.source}); ${queue.length} queue row(s)`;
    const rows = queue.map((q) => {
      const tr = document.createElement("tr");
      tr.append(td("Enqueued", q.created_at), td("Operation", q.operation), td("Status", q.status, "status-" + q.status),
        td("Attempts", `${q.retry_count}/${q.max_retries}`, "num"), td("From", q.origin_run ? "run " + q.origin_run : "live"),
        td("Bubble id", q.bubble_id || "", "mono"), td("Error", [q.failure_kind, q.error_message].filter(Boolean).join(": "), "msg"));
      return tr;
    });
    $("record-rows").tBodies[0].replaceChildren(...rows);
    $("record-rows").hidden = rows.length === 0;
    const said = (t.reconcile || []).map((f) => {
      const li = document.createElement("li");
      li.textContent = `last reconcile (run ${f.run_id}): ${f.kind}` + (f.bubble_id ? `, Bubble id ${f.bubble_id}` : "")
        + (f.detail ? ` (${f.detail})` : "");
      return li;
    });
    if (said.length === 0) {
      const li = document.createElement("li");
      li.textContent = "no reconcile of this table has covered this record";
      said.push(li);
    }
    $("record-reconcile").replaceChildren(...said);
  }

  async function refresh() {
    if (document.hidden) return;
    try { renderRuns(await get("/admin/resync")); } catch (e) { /* dashboard.js reports the relay's state */ }
  }

  $("record-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ table: $("record-table").value.trim(), id: $("record-id").value.trim() });
    try {
      renderRecord(await get("/admin/record?" + q));
    } catch (e) {
      $("record-summary").textContent = e.message;
      $("record-rows").hidden = true;
      $("record-reconcile").replaceChildren();
    }
  });
  refresh();
  setInterval(refresh, REFRESH_S * 1000);
})();
