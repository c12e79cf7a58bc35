// Facilities dashboard: desks, rooms and alerts now, live over the gateway /ws (office.* messages). No external URLs.
const $ = (id) => document.getElementById(id);
let csrf = sessionStorage.getItem("kaigi.csrf") || "";
let socket = null;
const desks = new Map();

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = csrf;
  const res = await fetch("/api/v1" + path, { credentials: "same-origin", ...options, headers });
  if (res.status === 401) { showLogin(); throw new Error("401"); }
  if (!res.ok) throw new Error(res.status + " " + (await res.text()));
  return res.status === 204 ? null : res.json();
}

function showLogin() { $("login").hidden = false; $("dashboard").hidden = true; }

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const res = await fetch("/api/v1/session", {
    method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login: f.get("login"), password: f.get("password") }),
  });
  if (!res.ok) { $("login-error").textContent = "ログインできません / Login failed"; $("login-error").hidden = false; return; }
  csrf = (await res.json()).csrfToken;
  sessionStorage.setItem("kaigi.csrf", csrf);
  start();
});

function text(el, v) { el.textContent = v === undefined || v === null ? "–" : String(v); return el; }

function deskStatus(s) {
  if (!s || s.online !== true) return "offline";
  return s.readings && s.readings.occupied === true ? "occupied" : "free";
}

function renderDesks() {
  const box = $("desks");
  box.replaceChildren();
  const counts = { occupied: 0, free: 0, offline: 0 };
  [...desks.values()].sort((a, b) => String(a.desk).localeCompare(String(b.desk))).forEach((s) => {
    const st = deskStatus(s);
    counts[st]++;
    const d = document.createElement("div");
    d.className = "desk " + st;
    d.title = s.id + " (" + (s.zone || "") + ")";
    text(d, s.desk || s.id);
    box.appendChild(d);
  });
  text($("n-occupied"), counts.occupied); text($("n-free"), counts.free); text($("n-offline"), counts.offline);
}

async function loadNow() {
  const site = $("site").value, floor = $("floor").value;
  const now = await api("/office/now?site=" + encodeURIComponent(site) + "&floor=" + encodeURIComponent(floor));
  const tbody = $("rooms").querySelector("tbody");
  tbody.replaceChildren();
  (now.floors[0] ? now.floors[0].rooms : []).forEach((r) => {
    const tr = document.createElement("tr");
    const cells = [r.room, r.people, r.co2, r.temperature, r.humidity, r.noise];
    cells.forEach((v, i) => {
      const td = text(document.createElement("td"), v);
      if ((i === 2 && v > 1000) || (i === 3 && (v < 18 || v > 28)) || (i === 4 && (v < 40 || v > 70))) td.className = "bad";
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  });
}

async function loadAlerts() {
  const list = await api("/alerts?state=open");
  const tbody = $("alerts").querySelector("tbody");
  tbody.replaceChildren();
  list.forEach((a) => {
    const tr = document.createElement("tr");
    [new Date(a.raisedAt).toLocaleString("ja-JP"), a.subject, a.kind, a.state, a.detail].forEach((v) => tr.appendChild(text(document.createElement("td"), v)));
    const td = document.createElement("td");
    if (a.state === "raised") {
      const b = document.createElement("button");
      b.textContent = "確認 / Ack";
      b.addEventListener("click", async () => { await api("/alerts/" + a.id + "/ack", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }); loadAlerts(); });
      td.appendChild(b);
    }
    tr.appendChild(td);
    tbody.appendChild(tr);
  });
}

async function loadIngest() {
  const s = await api("/office/ingest");
  const rejected = Object.entries(s.rejected).filter(([, n]) => n > 0).map(([k, n]) => k + ": " + n).join(", ");
  text($("ingest"), "受信 / accepted " + s.accepted + (rejected ? " — 拒否 / rejected " + rejected : "") + (s.brokerConnected ? "" : " — ブローカー未接続 / broker not connected"));
}

let generation = 0;
function connect() {
  const mine = ++generation;
  if (socket) socket.close();
  desks.clear();
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(proto + "//" + location.host + "/ws");
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({ type: "office.subscribe", site: $("site").value, floor: $("floor").value || undefined }));
    $("status").textContent = "ライブ / live"; $("status").className = "status live";
  });
  socket.addEventListener("close", () => {
    if (mine !== generation) return; // replaced by a newer connection
    $("status").textContent = "切断 / disconnected"; $("status").className = "status";
    setTimeout(() => { if (mine === generation) connect(); }, 3000);
  });
  socket.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data);
    if (msg.type === "office.snapshot" || msg.type === "office.update") {
      msg.devices.filter((s) => s.type === "desk").forEach((s) => desks.set(s.id, s));
      renderDesks();
    } else if (msg.type === "office.alert") {
      loadAlerts();
    }
  });
}

async function start() {
  try {
    await api("/me");
  } catch (e) { return; }
  $("login").hidden = true; $("dashboard").hidden = false;
  await Promise.all([loadNow(), loadAlerts(), loadIngest()]);
  connect();
}

$("apply").addEventListener("click", () => { loadNow(); connect(); });
setInterval(() => { if (!$("dashboard").hidden) { loadNow(); loadIngest(); } }, 15000);
start();
