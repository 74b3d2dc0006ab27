// bubble-sync relay dashboard: polls the documented admin API (/admin/overview, /admin/throughput,
// /admin/failed, /admin/runs) and acts through it (pause, resume, run-now, requeue). No libraries.
// Everything from the server is written with textContent, never as HTML.
"use strict";

(() => {
  const TOKEN_KEY = "bubble-sync.admin-token"; // sessionStorage: this tab only
  const params = new URLSearchParams(location.search);
  const REFRESH_S = Math.min(60, Math.max(1, parseInt(params.get("refresh"), 10) || 5));
  // the chart's query scans the settled history: by default at most every 15 s (?chart=S to change)
  const CHART_S = Math.min(300, Math.max(REFRESH_S, parseInt(params.get("chart"), 10) || 15));
  const THROUGHPUT_EVERY = Math.max(1, Math.round(CHART_S / REFRESH_S));
  const STATUS_ORDER = ["pending", "processing", "failed", "completed", "skipped"];
  const SVG = "http://www.w3.org/2000/svg";

  const $ = (id) => document.getElementById(id);
  let tick = 0;
  let timer = null;
  let lastThroughput = null;
  let failedTotal = 0;
  let authWaiting = false;

  class AuthNeeded extends Error {}

  // --- the admin API -------------------------------------------------------------------------
  async function api(method, path) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    const res = await fetch(path, { method, headers, cache: "no-store" });
    if (res.status === 401) throw new AuthNeeded(token ? "token refused" : "token required");
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new Error((body && body.error) || ("HTTP " + res.status + " from " + path));
    return body;
  }

  // --- small DOM helpers ---------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const num = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));
  function age(seconds) {
    if (seconds === null || seconds === undefined || isNaN(seconds)) return "–";
    const s = Math.max(0, Number(seconds));
    if (s < 1) return "0 s";
    if (s < 90) return Math.round(s) + " s";
    if (s < 90 * 60) return Math.round(s / 60) + " min";
    if (s < 48 * 3600) return Math.floor(s / 3600) + " h " + Math.round((s % 3600) / 60) + " min";
    return Math.round(s / 86400) + " d";
  }
  function seconds(s) {
    if (s === null || s === undefined) return "–";
    const v = Number(s);
    return v < 10 ? v.toFixed(2) + " s" : age(v);
  }
  function clock(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    if (isNaN(d)) return iso;
    const sameDay = d.toDateString() === new Date().toDateString();
    const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
    return sameDay ? time : d.toLocaleDateString([], { month: "short", day: "numeric" }) + " " + time;
  }
  function notice(text, bad) {
    const n = $("notice");
    n.textContent = text;
    n.className = "notice" + (bad ? " bad" : "");
    n.hidden = false;
    clearTimeout(notice.timer);
    if (!bad) notice.timer = setTimeout(() => { n.hidden = true; }, 6000);
  }

  // --- rendering -----------------------------------------------------------------------------
  function renderOverview(o) {
    $("target-name").textContent = o.target.name;
    $("target-url").textContent = o.target.url || "(no endpoint)";
    $("instance").textContent = o.instance;

    const paused = !!(o.control && o.control.paused);
    const state = $("state");
    state.textContent = paused ? "PAUSED" : "RUNNING";
    state.className = "pill " + (paused ? "warn" : "ok");
    state.title = paused && o.control.changed_at ? "paused " + clock(o.control.changed_at) + " by " + (o.control.changed_by || "?") : "";
    $("pause").disabled = paused;
    $("resume").disabled = !paused;

    const b = $("breaker");
    b.textContent = "breaker " + o.breaker.toLowerCase().replace("_", "-");
    b.className = "pill " + (o.breaker === "CLOSED" ? "ok" : o.breaker === "OPEN" || o.breaker === "FORCED_OPEN" ? "bad" : "warn");

    // how new rows wake this relay: listen (NOTIFY), poll (every sync.wakeup.poll-interval), off (cron only)
    const w = $("wakeup");
    w.hidden = !o.wakeup;
    if (o.wakeup) {
      w.textContent = "wake-up " + o.wakeup.mode + (o.wakeup.mode === "poll" ? " every " + o.wakeup.poll_interval : "");
      w.className = "pill " + (o.wakeup.mode === "listen" || o.wakeup.mode === "poll" ? "ok" : "warn");
      w.title = o.wakeup.why || "";
    }

    const q = o.queue;
    const byStatus = {};
    for (const c of q.counts) byStatus[c.status] = (byStatus[c.status] || 0) + c.rows;
    $("n-pending").textContent = num(byStatus.pending || 0);
    $("n-processing").textContent = num(byStatus.processing || 0);
    $("n-retrying").textContent = num(q.retryable);
    $("n-exhausted").textContent = num(q.exhausted);
    $("n-permanent").textContent = num(q.permanent);
    $("n-exhausted").parentElement.classList.toggle("active", q.exhausted > 0);
    $("n-permanent").parentElement.classList.toggle("active", q.permanent > 0);
    $("oldest-due").textContent = o.oldest_due_seconds > 0 ? age(o.oldest_due_seconds) : "none"; // 0 = nothing due

    renderCounts(q.counts);
    renderProcessing(o.processing);
    renderBubble(o.bubble);
  }

  // sync.target=bubble: what Bubble refuses, its Swagger file, and the fields left out (drop)
  function renderBubble(b) {
    $("bubble").hidden = !b;
    if (!b) return;
    const refused = [];
    if (b.refused && b.refused.key) refused.push(el("li", { class: "bad", text: b.refused.key }));
    for (const text of Object.values((b.refused && b.refused.types) || {})) refused.push(el("li", { class: "bad", text }));
    $("bubble-refused").replaceChildren(...refused);
    const sw = b.swagger || {};
    $("bubble-swagger").textContent = sw.absent
      ? "No Swagger file (" + sw.absent + "): types and fields are not checked before sending."
      : "Swagger file read " + clock(sw.read_at) + ": " + (sw.types || []).length + " type(s) exposed. Unknown fields: " + b.unknown_fields + ".";
    const rows = (b.dropped_fields || []).map((d) => el("tr", {},
      el("td", { class: "mono", text: d.type }), el("td", { class: "mono", "data-dropped": d.type + "." + d.field, text: d.field }),
      el("td", { text: clock(d.since) })));
    $("bubble-dropped").hidden = rows.length === 0;
    $("bubble-dropped").tBodies[0].replaceChildren(...rows);
  }

  function renderCounts(counts) {
    const statuses = STATUS_ORDER.slice();
    for (const c of counts) if (!statuses.includes(c.status)) statuses.push(c.status);
    const ops = [...new Set(counts.map((c) => c.operation))].sort();
    const cell = {};
    for (const c of counts) cell[c.status + "\u0000" + c.operation] = c.rows;

    const head = el("tr", {}, el("th", { scope: "col", text: "Operation" }),
      ...statuses.map((s) => el("th", { scope: "col", class: "num", text: s })), el("th", { scope: "col", class: "num", text: "total" }));
    $("counts").tHead.replaceChildren(head);

    const rows = ops.map((op) => {
      let total = 0;
      const tds = statuses.map((s) => {
        const n = cell[s + "\u0000" + op] || 0;
        total += n;
        return el("td", { class: "num" + (n ? "" : " zero"), "data-status": s, "data-operation": op, text: num(n) });
      });
      return el("tr", {}, el("th", { scope: "row", class: "mono", text: op }), ...tds, el("td", { class: "num", "data-total": op, text: num(total) }));
    });
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: statuses.length + 2, class: "zero", text: "sync_queue is empty" })));
    $("counts").tBodies[0].replaceChildren(...rows);

    const foot = $("counts").tFoot || $("counts").createTFoot();
    let all = 0;
    const sums = statuses.map((s) => {
      const n = counts.filter((c) => c.status === s).reduce((a, c) => a + c.rows, 0);
      all += n;
      return el("td", { class: "num", "data-status-total": s, text: num(n) });
    });
    foot.replaceChildren(el("tr", {}, el("th", { scope: "row", text: "all" }), ...sums, el("td", { class: "num", id: "n-all", text: num(all) })));
  }

  function renderProcessing(list) {
    const rows = list.map((p) => el("tr", { "data-instance": p.instance },
      el("td", { class: "mono", text: p.instance }), el("td", { class: "num", text: num(p.rows) }),
      el("td", { class: "num", text: age(p.oldest_claim_seconds) })));
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: 3, class: "zero", text: "nothing in flight" })));
    $("processing").tBodies[0].replaceChildren(...rows);
  }

  function renderThroughput(t) {
    lastThroughput = t;
    const data = t.per_minute;
    const sum = (k) => data.reduce((a, m) => a + Number(m[k] || 0), 0);
    $("sum-completed").textContent = num(sum("completed"));
    $("sum-failed").textContent = num(sum("failed"));
    $("sum-skipped").textContent = num(sum("skipped"));
    const l = t.latency || {};
    const lat = $("latency");
    lat.replaceChildren();
    if (l.rows > 0) {
      lat.append("enqueue → settled: p50 ", el("strong", { id: "p50", text: seconds(l.p50_seconds) }),
        " · p95 ", el("strong", { id: "p95", text: seconds(l.p95_seconds) }), " (" + num(l.rows) + " rows)");
    } else {
      lat.append("enqueue → settled: no rows settled in this window");
    }
    drawChart(data, t.minutes);
  }

  function drawChart(data, minutes) {
    const box = $("chart");
    const W = Math.max(280, box.clientWidth || 600);
    const H = 190;
    const m = { left: 40, right: 8, top: 10, bottom: 24 };
    const pw = W - m.left - m.right;
    const ph = H - m.top - m.bottom;
    const totals = data.map((d) => Number(d.completed) + Number(d.failed) + Number(d.skipped));
    const max = niceCeil(Math.max(1, ...totals));
    const band = pw / Math.max(1, data.length);
    const bw = Math.max(1, band * 0.72);
    const y = (v) => m.top + ph - (v / max) * ph;
    const labelEvery = [5, 10, 15, 30, 60].find((k) => k * band >= 56) || 60; // minutes between x labels

    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "chart-title" });
    root.append(svg("title", { id: "chart-title" },
      `Rows settled per minute over the last ${minutes} minutes: ${$("sum-completed").textContent} completed, ` +
      `${$("sum-failed").textContent} failed, ${$("sum-skipped").textContent} skipped`));
    for (const v of [0, max / 2, max]) {
      root.append(svg("line", { class: "grid", x1: m.left, x2: W - m.right, y1: y(v), y2: y(v) }));
      root.append(svg("text", { class: "axis", x: m.left - 6, y: y(v) + 4, "text-anchor": "end" }, num(v)));
    }
    data.forEach((d, i) => {
      const x = m.left + i * band + (band - bw) / 2;
      const g = svg("g", {});
      let base = 0;
      for (const k of ["completed", "skipped", "failed"]) {
        const v = Number(d[k] || 0);
        if (v > 0) {
          g.append(svg("rect", { class: k, x: x.toFixed(1), y: y(base + v).toFixed(1), width: bw.toFixed(1),
            height: Math.max(1, y(base) - y(base + v)).toFixed(1), rx: Math.min(2, bw / 3).toFixed(1) }));
        }
        base += v;
      }
      const when = new Date(d.minute);
      const hhmm = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
      g.append(svg("rect", { class: "hit", x: (m.left + i * band).toFixed(1), y: m.top, width: band.toFixed(1), height: ph }));
      g.append(svg("title", {}, `${hhmm}: ${d.completed} completed, ${d.failed} failed, ${d.skipped} skipped`));
      root.append(g);
      const last = i === data.length - 1;
      const nearEnd = (data.length - 1 - i) * band < 44;
      if (last || (when.getMinutes() % labelEvery === 0 && !nearEnd)) {
        root.append(svg("text", { class: "axis", x: (m.left + i * band + band / 2).toFixed(1), y: H - 6,
          "text-anchor": last ? "end" : "middle" }, last ? "now" : hhmm));
      }
    });
    if (totals.every((v) => v === 0)) {
      root.append(svg("text", { class: "none", x: m.left + pw / 2, y: m.top + ph / 2, "text-anchor": "middle" },
        "no rows settled in the last " + minutes + " minutes"));
    }
    box.replaceChildren(root);
  }

  function niceCeil(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const f of [1, 2, 2.5, 5, 10]) if (v <= f * p) return Math.max(2, f * p);
    return 10 * p;
  }

  function renderFailed(f) {
    failedTotal = Number(f.total) || 0;
    $("failed-total").textContent = "(" + num(failedTotal) + ")";
    const select = $("filter-table");
    const chosen = select.value;
    const tables = f.tables.map((t) => [t.table_name, `${t.table_name} (${num(t.rows)})`]);
    if (chosen && !f.tables.some((t) => t.table_name === chosen)) tables.push([chosen, chosen + " (0)"]);
    const key = JSON.stringify(tables);
    if (select.dataset.key !== key) { // rebuilt only when it changed: an open list is left alone
      select.replaceChildren(el("option", { value: "", text: "all tables" }),
        ...tables.map(([value, text]) => el("option", { value, text })));
      select.dataset.key = key;
      select.value = chosen;
    }

    const rows = f.rows.map((r) => {
      const kind = r.failure_kind || "legacy";
      const label = `${r.table_name} ${r.record_id}`;
      return el("tr", { "data-id": r.id },
        el("td", { class: "mono", "data-label": "Table", text: r.table_name }),
        el("td", { class: "mono", "data-label": "Record", text: r.record_id }),
        el("td", { class: "mono", "data-label": "Operation", text: r.operation }),
        el("td", { "data-label": "Kind" }, el("span", { class: "kind " + kind, text: kind })),
        el("td", { class: "num", "data-label": "Attempts", text: `${r.retry_count ?? 0} / ${r.max_retries ?? "?"}` }),
        el("td", { class: "err", "data-label": "Error", text: r.error_message || "" }),
        el("td", { "data-label": "Last attempt", title: r.last_attempt_at || "", text: clock(r.last_attempt_at) }),
        el("td", { class: "action" }, el("button", { type: "button", class: "btn small requeue", "aria-label": "Requeue " + label,
          text: "Requeue", onclick: () => requeue({ id: r.id }, label) })));
    });
    $("failed").tBodies[0].replaceChildren(...rows);
    $("failed-empty").hidden = rows.length > 0;
    $("failed-empty").textContent = filters().table || filters().match ? "No failed rows match these filters." : "Nothing needs a person.";
    const rf = $("requeue-filtered");
    rf.disabled = failedTotal === 0;
    rf.textContent = failedTotal ? `Requeue filtered (${num(failedTotal)})` : "Requeue filtered";
  }

  function renderRuns(runs) {
    const rows = runs.map((r) => {
      const ms = new Date(r.ended_at) - new Date(r.started_at);
      return el("tr", { "data-run": r.run_id },
        el("td", { "data-label": "Started", title: r.started_at, text: clock(r.started_at) }),
        el("td", { "data-label": "Job", text: r.job }),
        el("td", { class: "mono", "data-label": "Instance", text: r.instance }),
        el("td", { class: "num", "data-label": "Duration", text: isNaN(ms) ? "–" : ms < 1000 ? ms + " ms" : (ms / 1000).toFixed(1) + " s" }),
        el("td", { class: "num", "data-label": "Claimed", text: num(r.claimed) }),
        el("td", { class: "num", "data-label": "Completed", text: num(r.completed) }),
        el("td", { class: "num", "data-label": "Failed", text: num(r.failed) }),
        el("td", { class: "num", "data-label": "Skipped", text: num(r.skipped) }),
        el("td", { class: "status-" + r.status, "data-label": "Status", text: r.status }),
        el("td", { class: "msg", "data-label": "Message", text: r.message || "" }));
    });
    $("runs").tBodies[0].replaceChildren(...rows);
    $("runs-empty").hidden = rows.length > 0;
  }

  // --- the refresh loop ----------------------------------------------------------------------
  function filters() {
    return { table: $("filter-table").value, match: $("filter-text").value.trim() };
  }
  function failedQuery() {
    const f = filters();
    const q = new URLSearchParams({ limit: "100" });
    if (f.table) q.set("table", f.table);
    if (f.match) q.set("match", f.match);
    return "/admin/failed?" + q;
  }

  async function refresh() {
    if (authWaiting) return;
    try {
      const wantThroughput = tick % THROUGHPUT_EVERY === 0 || !lastThroughput;
      const [overview, failed, runs, throughput] = await Promise.all([
        api("GET", "/admin/overview"), api("GET", failedQuery()), api("GET", "/admin/runs?limit=15"),
        wantThroughput ? api("GET", "/admin/throughput?minutes=60") : Promise.resolve(null)]);
      renderOverview(overview);
      renderFailed(failed);
      renderRuns(runs);
      if (throughput) renderThroughput(throughput);
      tick++;
      document.body.classList.remove("stale");
      $("updated").textContent = clock(overview.read_at);
      $("updated").dateTime = overview.read_at;
      if (!$("notice").classList.contains("bad")) return;
      $("notice").hidden = true;
      $("notice").className = "notice";
    } catch (e) {
      handle(e);
    }
  }

  function handle(e) {
    if (e instanceof AuthNeeded) {
      askForToken(e.message);
      return;
    }
    document.body.classList.add("stale");
    notice(e instanceof TypeError ? "relay not reachable: " + e.message : e.message, true);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!document.hidden) await refresh();
      schedule();
    }, REFRESH_S * 1000);
  }

  // --- token ---------------------------------------------------------------------------------
  function askForToken(why) {
    sessionStorage.removeItem(TOKEN_KEY);
    authWaiting = true;
    $("token-why").textContent = why === "token refused"
      ? "That token was refused. Enter the relay's admin token (sync.admin.token); it is kept for this tab only."
      : "This relay requires its admin token (sync.admin.token). It is kept for this tab only.";
    const d = $("token-dialog");
    if (!d.open) d.showModal();
    $("token").focus();
  }
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const value = $("token").value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    $("token-dialog").close();
    authWaiting = false;
    refresh();
  });
  $("token-dialog").addEventListener("cancel", (ev) => ev.preventDefault()); // nothing works without it

  // --- actions -------------------------------------------------------------------------------
  async function act(method, path, done) {
    try {
      const body = await api(method, path);
      if (done) notice(done(body));
      await refresh();
      return body;
    } catch (e) {
      handle(e);
      return null;
    }
  }
  $("pause").addEventListener("click", () => act("POST", "/admin/pause", () => "Paused: no relay on this database claims rows until resumed."));
  $("resume").addEventListener("click", () => act("POST", "/admin/resume", () => "Resumed: relays claim rows again."));
  $("run-now").addEventListener("click", () => act("POST", "/admin/run-now", () => "A processor pass was started."));

  function confirmDialog(text, yesLabel) {
    return new Promise((resolve) => {
      const d = $("confirm-dialog");
      $("confirm-text").textContent = text;
      $("confirm-yes").textContent = yesLabel;
      const finish = (answer) => {
        $("confirm-yes").onclick = null;
        $("confirm-no").onclick = null;
        d.onclose = null;
        if (d.open) d.close();
        resolve(answer);
      };
      $("confirm-yes").onclick = () => finish(true);
      $("confirm-no").onclick = () => finish(false);
      d.onclose = () => finish(false);
      d.showModal();
      $("confirm-no").focus();
    });
  }

  /** Dry run first (nothing changes), then the operator confirms the count, then the real requeue. */
  async function requeue(selection, what) {
    const q = new URLSearchParams(selection);
    let dry;
    try {
      dry = await api("POST", "/admin/requeue?" + q + "&dryRun=true");
    } catch (e) {
      handle(e);
      return;
    }
    if (!dry.rows) {
      notice("Nothing to requeue: " + what + " has no failed row without a retry scheduled any more.");
      await refresh();
      return;
    }
    const rows = dry.rows === 1 ? "1 row" : num(dry.rows) + " rows";
    const ok = await confirmDialog(`Dry run: ${rows} would be requeued (${what}). Nothing has changed yet. ` +
      "Requeued rows get their retry state reset and are delivered by the next retry pass.", "Requeue " + rows);
    if (!ok) return;
    await act("POST", "/admin/requeue?" + q, (body) => `${body.rows === 1 ? "1 row" : num(body.rows) + " rows"} requeued (${what}).`);
  }

  $("requeue-filtered").addEventListener("click", () => {
    const f = filters();
    const selection = f.table ? { table: f.table } : { all: "true" };
    if (f.match) selection.match = f.match;
    const what = (f.table ? "table " + f.table : "all tables") + (f.match ? `, error contains “${f.match}”` : "");
    requeue(selection, what);
  });

  let filterTimer = null;
  $("filter-table").addEventListener("change", () => refresh());
  $("filter-text").addEventListener("input", () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => refresh(), 300);
  });
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
  window.addEventListener("resize", () => { if (lastThroughput) drawChart(lastThroughput.per_minute, lastThroughput.minutes); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

  $("refresh-note").textContent = `Refreshes itself every ${REFRESH_S} s`;
  refresh().then(schedule);
})();
