// Parley live page: polls /api/events every 2 s and redraws the counters and the list.
// Event data comes from news articles, so everything is inserted with textContent,
// never as HTML.
"use strict";

(function () {
  const POLL_MS = 2000;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const MODES = { in_person: "in person", phone: "by phone", video: "by video", remote: "remote" };

  let seq = null;          // last event-list version received
  let shownSeq = 0;        // highest event seq already drawn, to flash only new rows
  let events = [];
  let names = { countries: {}, orgs: {} };
  let lastOk = 0;

  const $ = (id) => document.getElementById(id);

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fmtCount(n) {
    return n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en");
  }

  function fmtSeconds(s) {
    if (s === null || s === undefined) return "–";
    if (s < 1) return Math.round(s * 1000) + " ms";
    if (s < 120) return s.toFixed(s < 10 ? 1 : 0) + " s";
    return Math.round(s / 60) + " min";
  }

  function fmtDate(e) {
    if (!e.date) return "no date";
    const [y, m, d] = e.date.split("-").map(Number);
    const day = d + " " + MONTHS[m - 1] + " " + y;
    if (e.date_precision === "month") return MONTHS[m - 1] + " " + y;
    if (e.date_precision === "week") return "week of " + day;
    return day;
  }

  function fmtClock(epochSeconds) {
    if (!epochSeconds) return "";
    const t = new Date(epochSeconds * 1000);
    return t.toLocaleTimeString("en-GB", { hour12: false });
  }

  // Codes and acronyms can coincide (AU: Australia, African Union): look up by type.
  function fullName(value, isOrg) {
    return (isOrg ? names.orgs : names.countries)[value] || "";
  }

  function code(value, isOrg) {
    const chip = el("span", isOrg ? "code org" : "code", value);
    const full = fullName(value, isOrg);
    if (full) chip.title = full;
    return chip;
  }

  function whenCell(e) {
    const td = el("td");
    td.appendChild(el("div", "date", fmtDate(e)));
    td.appendChild(el("div", "small", "seen " + fmtClock(e.seen_at)));
    return td;
  }

  function whatCell(e) {
    const td = el("td");
    td.appendChild(el("span", "kind kind-" + e.kind, e.kind));
    const mode = MODES[e.mode];
    if (mode) td.appendChild(el("span", "mode", mode));
    if (e.status && e.status !== "occurred") {
      td.appendChild(el("span", "status-flag status-" + e.status, e.status));
    }
    return td;
  }

  function whoCell(e) {
    const td = el("td");
    // Summits name a dozen leaders: then roles move to tooltips and names flow in lines.
    const many = e.participants.length > 4;
    const list = el("ul", many ? "people many" : "people");
    for (const p of e.participants) {
      const li = el("li");
      li.appendChild(el("span", "name", p.name || "unnamed"));
      if (p.role && !many) li.appendChild(el("span", "role", ", " + p.role));
      if (p.role && many) li.title = p.role;
      if (p.country) li.appendChild(code(p.country, false));
      if (p.org) li.appendChild(code(p.org, true));
      list.appendChild(li);
    }
    td.appendChild(list);
    if (e.organizer) td.appendChild(el("div", "small", "host: " + e.organizer));
    const src = e.source || {};
    if (src.evidence) {
      const ev = el("div", "evidence");
      ev.appendChild(document.createTextNode("“" + src.evidence + "” "));
      if (src.source) {
        const who = src.url ? el("a", null, "— " + src.source) : el("span", null, "— " + src.source);
        if (src.url) { who.href = src.url; who.target = "_blank"; who.rel = "noopener noreferrer"; }
        ev.appendChild(who);
      }
      ev.title = src.evidence;
      td.appendChild(ev);
    }
    return td;
  }

  function whereCell(e) {
    const td = el("td");
    const loc = e.location;
    if (!loc || (!loc.city && !loc.country && !loc.venue)) {
      td.appendChild(el("span", "muted", e.kind === "call" ? "remote" : "—"));
      return td;
    }
    const line = el("div");
    if (loc.city) line.appendChild(document.createTextNode(loc.city));
    if (loc.country) line.appendChild(code(loc.country, false));
    td.appendChild(line);
    if (loc.venue) td.appendChild(el("div", "small", loc.venue));
    return td;
  }

  function topicsCell(e) {
    const td = el("td");
    if (!e.topics.length) td.appendChild(el("span", "muted", "—"));
    for (const t of e.topics) {
      const tag = el("span", "tag", t);
      tag.title = t;
      td.appendChild(tag);
    }
    return td;
  }

  function versionCell(e) {
    const td = el("td");
    td.appendChild(el("span", e.version > 1 ? "ver updated" : "ver", "v" + e.version));
    const n = e.source_count;
    td.appendChild(el("div", "small", n + (n === 1 ? " source" : " sources")));
    if (e.confidence !== null && e.confidence !== undefined) {
      td.appendChild(el("div", "small", "conf. " + Number(e.confidence).toFixed(2)));
    }
    return td;
  }

  function haystack(e) {
    const parts = [e.kind, e.mode, e.status, e.date, e.organizer, ...e.topics];
    for (const p of e.participants) {
      parts.push(p.name, p.role, p.country, p.org, fullName(p.country, false), fullName(p.org, true));
    }
    if (e.location) {
      parts.push(e.location.city, e.location.country, e.location.venue, fullName(e.location.country, false));
    }
    return parts.filter(Boolean).join(" ").toLowerCase();
  }

  function drawEvents() {
    const body = $("event-rows");
    const needle = $("filter").value.trim().toLowerCase();
    const rows = document.createDocumentFragment();
    let drawn = 0;
    let maxSeq = shownSeq;
    for (const e of events) {
      if (needle && !haystack(e).includes(needle)) continue;
      const tr = el("tr");
      if (shownSeq && e.seq > shownSeq) tr.className = "flash";
      maxSeq = Math.max(maxSeq, e.seq || 0);
      tr.append(whenCell(e), whatCell(e), whoCell(e), whereCell(e), topicsCell(e), versionCell(e));
      rows.appendChild(tr);
      drawn += 1;
    }
    body.replaceChildren(rows);
    shownSeq = maxSeq;
    $("empty").hidden = drawn > 0;
    $("empty").textContent = events.length
      ? "No event matches the filter."
      : "No events yet. They appear here within seconds of being published.";
    $("event-count").textContent = events.length
      ? "· " + (needle ? drawn + " of " : "") + events.length + " shown"
      : "";
  }

  // items: [{key, value, title?}], already sorted by the server, largest first.
  function drawBars(id, items, limit) {
    const ul = $(id);
    items = items.filter((it) => it.value > 0).slice(0, limit);
    ul.replaceChildren();
    if (!items.length) {
      ul.appendChild(el("li", "none", "none yet"));
      return;
    }
    const top = Math.max(...items.map((it) => it.value));
    for (const { key: k, value: v, title } of items) {
      const li = el("li");
      const key = el("span", "k", k);
      key.title = title || k;
      const bar = el("span", "bar");
      bar.style.width = Math.max(2, (100 * v) / top) + "%";
      const track = el("span", "track");
      track.appendChild(bar);
      li.append(key, track, el("span", "v", fmtCount(v)));
      ul.appendChild(li);
    }
  }

  function setTile(id, value, text) {
    const node = $(id);
    node.textContent = text !== undefined ? text : fmtCount(value);
    node.parentElement.classList.toggle("zero", !value);
  }

  function drawCounters(c) {
    setTile("c-consumed", c.articles_consumed);
    setTile("c-with", c.articles_with_events);
    setTile("c-without", c.articles_without_events);
    setTile("c-dead", c.dead_letters);
    setTile("c-created", c.events_created);
    setTile("c-updated", c.events_updated);
    setTile("c-lag", c.consumer_lag);
    // The estimate is the upper bound of a histogram bucket, hence "≤".
    const p95 = c.latency_p95_seconds;
    setTile("c-p95", p95, p95 === null || p95 === undefined ? "–" : "≤ " + fmtSeconds(p95));
    setTile("c-state", c.dedup_state_events);
    const done = c.articles_with_events + c.articles_without_events + c.dead_letters;
    const inFlight = c.articles_consumed - done;
    let text = fmtCount(c.articles_consumed) + " articles in = " + fmtCount(c.articles_with_events) +
      " with meetings + " + fmtCount(c.articles_without_events) + " without + " +
      fmtCount(c.dead_letters) + (c.dead_letters === 1 ? " dead letter" : " dead letters");
    if (inFlight > 0) text += " + " + fmtCount(inFlight) + " in flight";
    $("accounting").textContent = text;
    const entries = (obj) => Object.entries(obj || {}).map(([key, value]) => ({ key, value }));
    drawBars("by-kind", entries(c.created_by_kind), 5);
    drawBars("by-party", (c.events_by_party || []).map((p) => {
      const full = fullName(p.party, p.party_type === "org");
      const key = full && full.length <= 14 ? full : p.party;
      return { key, value: p.count, title: p.party + (full ? " — " + full : "") };
    }), 10);
    drawBars("by-reason", entries(c.dead_letters_by_reason).map(
      (it) => ({ ...it, key: it.key.replace(/_/g, " ") })), 8);
  }

  function drawStatus(data) {
    $("worker").textContent = "worker " + data.worker + " · " + data.partitions_assigned + " partitions";
    const notice = $("notice");
    if (!data.dedup_here && data.partitions_assigned > 0 && !events.length) {
      notice.textContent = "This worker does not hold the dedup partition, so its event list stays " +
        "empty; the counters are its own. Open the page of the worker that publishes the events.";
      notice.hidden = false;
    } else {
      notice.hidden = true;
    }
  }

  function setLive(state, text) {
    const pill = $("live");
    pill.className = "pill pill-" + state;
    pill.textContent = text;
  }

  async function poll() {
    try {
      const url = "/api/events" + (seq === null ? "" : "?since=" + seq);
      const res = await fetch(url, { cache: "no-store" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      const data = await res.json();
      lastOk = Date.now();
      if (!data.unchanged) {
        events = data.events || [];
        names = data.names || { countries: {}, orgs: {} };
        seq = data.seq;
        drawEvents();
      }
      drawCounters(data.counters);
      drawStatus(data);
      const stalled = (data.counters && data.counters.stalled_stages) || [];
      if (stalled.length) {
        // The same verdict as /readyz and parley_stage_stalled.
        setLive("down", "stalled: " + stalled.join(", ") + " · no progress with input waiting");
      } else {
        setLive("live", "live · " + fmtClock(data.now));
      }
    } catch (err) {
      const ago = lastOk ? Math.round((Date.now() - lastOk) / 1000) + " s ago" : "never";
      setLive("down", "worker not answering · last update " + ago);
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  $("filter").addEventListener("input", drawEvents);
  poll();
})();
