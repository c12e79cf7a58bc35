// Facilities dashboard: the floor map (plan, desks and rooms at their places), or the list when the
// floor has no plan; rooms judged by the server's alert bands (GET /office/now "bands"); live over
// the gateway /ws (office.* messages). No external URLs, no innerHTML (the web app's h()).
import { h } from "/js/dom.js";

const $ = (id) => document.getElementById(id);
let csrf = sessionStorage.getItem("kaigi.csrf") || "";
let socket = null;
const states = new Map(); // device id -> latest full state (desks, room sensors, counters, …)
let bands = null; // from the server; null = do not judge
let places = []; // [{kind, name, x, y, w?, h?}] of the floor shown, when it has a plan
let mapShown = false;
const markers = new Map(); // desk name -> marker element
const areas = new Map(); // room name -> area element
let selected = null; // {kind, name} tapped
let hovered = null; // {kind, name} under the pointer

const STATUS = {
  occupied: { sym: "■", ja: "使用中", en: "occupied" },
  free: { sym: "○", ja: "空き", en: "free" },
  offline: { sym: "✕", ja: "オフライン", en: "offline" },
  none: { sym: "?", ja: "センサーなし", en: "no sensor" },
};
const AIR = [
  { key: "co2", ja: "CO2", en: "CO2", unit: "ppm", digits: 0 },
  { key: "temperature", ja: "温度", en: "temp", unit: "°C", digits: 1 },
  { key: "humidity", ja: "湿度", en: "RH", unit: "%RH", digits: 0 },
  { key: "noise", ja: "騒音", en: "noise", unit: "dB", digits: 1 },
];
const TYPES = { desk: "座席センサー / desk sensor", room: "環境センサー / environment sensor", counter: "人数カウンター / door counter", tablet: "タブレット / tablet", gateway: "ゲートウェイ / gateway" };

const en = (s) => h("span", { class: "en" }, s);

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = csrf;
  const res = await fetch("/api/v1" + path, { credentials: "same-origin", ...options, headers });
  if (res.status === 401) { showLogin(); throw new Error("401"); }
  if (!res.ok) throw new Error(res.status + " " + (await res.text()));
  return res.status === 204 ? null : res.json();
}

function showLogin() { $("login").hidden = false; $("dashboard").hidden = true; $("controls").hidden = true; }

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
  // The web app's hint that a session may exist (js/session.js HINT_KEY): without it the app shows
  // its login form without asking the server, so this login would not carry over to it.
  localStorage.setItem("kaigi.session", "1");
  start();
});

function text(el, v) { el.textContent = v === undefined || v === null ? "–" : String(v); return el; }

function deskStatus(s) {
  if (!s) return "none";
  if (s.online !== true) return "offline";
  return s.readings && s.readings.occupied === true ? "occupied" : "free";
}

function when(ms) {
  if (!ms) return "–";
  return new Date(ms).toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "short", timeStyle: "medium" });
}

function fmt(v, digits) {
  if (typeof v !== "number") return "–";
  return v.toLocaleString("ja-JP", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "high", "low", "ok", or "none" (no band for it, or no bands from the server). */
function band(key, v) {
  if (!bands || typeof v !== "number") return "none";
  if (key === "co2") return v > bands.co2Max ? "high" : "ok";
  if (key === "temperature") return v < bands.temperatureMin ? "low" : v > bands.temperatureMax ? "high" : "ok";
  if (key === "humidity") return v < bands.humidityMin ? "low" : v > bands.humidityMax ? "high" : "ok";
  if (key === "battery") return v < bands.batteryMin ? "low" : "ok";
  return "none";
}
const BAND_MARK = { high: "▲", low: "▼" };
const BAND_WORDS = { high: "基準超 / above the band", low: "基準未満 / below the band", ok: "基準内 / within the band", none: "" };

function bandRange(key) {
  if (!bands) return "";
  if (key === "co2") return "≤ " + fmt(bands.co2Max, 0) + " ppm";
  if (key === "temperature") return bands.temperatureMin + "–" + bands.temperatureMax + " °C";
  if (key === "humidity") return bands.humidityMin + "–" + bands.humidityMax + " %";
  return "";
}

const desksOfFloor = () => [...states.values()].filter((s) => s.type === "desk");

/** A room's people and air from its devices' latest states, as GET /office/now does. */
function roomView(name) {
  const devices = [...states.values()].filter((s) => s.room === name).sort((a, b) => a.id.localeCompare(b.id));
  const r = { room: name, devices, capacity: null };
  for (const s of devices) {
    if (s.capacity !== undefined && s.capacity !== null) r.capacity = s.capacity;
    if (s.online !== true) continue;
    const rd = s.readings || {};
    for (const k of ["co2", "temperature", "humidity", "noise"]) if (rd[k] !== undefined && rd[k] !== null) r[k] = rd[k];
    if (rd.count !== undefined && rd.count !== null && (s.type === "counter" || r.people === undefined)) r.people = rd.count;
  }
  return r;
}
const roomNames = () => [...new Set([...states.values()].filter((s) => s.room).map((s) => s.room))].sort((a, b) => a.localeCompare(b, "ja"));

// --- the map -------------------------------------------------------------------------------

function placeOf(marker, p) {
  marker.style.left = p.x * 100 + "%";
  marker.style.top = p.y * 100 + "%";
  if (typeof p.w === "number" && typeof p.h === "number") {
    marker.style.width = p.w * 100 + "%";
    marker.style.height = p.h * 100 + "%";
  }
}

function pointAt(el, kind, name) {
  el.addEventListener("click", () => {
    selected = selected && selected.kind === kind && selected.name === name ? null : { kind, name };
    renderAll();
  });
  el.addEventListener("pointerenter", (e) => { if (e.pointerType === "mouse") { hovered = { kind, name }; renderDetails(); } });
  el.addEventListener("pointerleave", () => { hovered = null; renderDetails(); });
}

function buildMap() {
  const box = $("places");
  box.replaceChildren();
  markers.clear(); areas.clear();
  for (const p of places.filter((q) => q.kind === "room")) {
    const area = h("button", { type: "button", class: "room-area", "data-room": p.name },
      h("span", { class: "room-name" }, p.name),
      h("span", { class: "room-people" }),
      h("span", { class: "room-warn" }),
      h("span", { class: "room-air" }, AIR.map((a) => h("span", { class: "air", "data-value": a.key }))));
    placeOf(area, p);
    pointAt(area, "room", p.name);
    areas.set(p.name, area);
    box.append(area);
  }
  for (const p of places.filter((q) => q.kind === "desk")) {
    const m = h("button", { type: "button", class: "marker", "data-desk": p.name },
      h("span", { class: "sym", "aria-hidden": "true" }), h("span", { class: "name" }, p.name));
    placeOf(m, p);
    pointAt(m, "desk", p.name);
    markers.set(p.name, m);
    box.append(m);
  }
}

function airText(a, v) {
  const b = band(a.key, v);
  return [fmt(v, a.digits), " ", a.unit, BAND_MARK[b] ? " " + BAND_MARK[b] : ""].join("");
}

function updateMap() {
  const byName = new Map(desksOfFloor().map((s) => [s.desk, s]));
  for (const [name, m] of markers) {
    const st = deskStatus(byName.get(name));
    m.dataset.status = st;
    m.className = "marker " + st + (isSelected("desk", name) ? " selected" : "");
    m.querySelector(".sym").textContent = STATUS[st].sym;
    m.setAttribute("aria-label", name + " " + STATUS[st].ja + " / " + STATUS[st].en);
    m.setAttribute("aria-pressed", isSelected("desk", name) ? "true" : "false");
  }
  for (const [name, area] of areas) {
    const r = roomView(name);
    const out = AIR.some((a) => BAND_MARK[band(a.key, r[a.key])]);
    area.dataset.air = out ? "out" : "ok";
    area.className = "room-area" + (out ? " out" : "") + (isSelected("room", name) ? " selected" : "");
    area.setAttribute("aria-pressed", isSelected("room", name) ? "true" : "false");
    text(area.querySelector(".room-people"), (r.people ?? "–") + (r.capacity ? " / " + r.capacity : "") + " 人");
    area.querySelector(".room-warn").textContent = out ? "⚠ 基準外 / out of band" : "";
    for (const a of AIR) {
      const el = area.querySelector('[data-value="' + a.key + '"]');
      const b = band(a.key, r[a.key]);
      el.dataset.band = b;
      el.className = "air band-" + b;
      el.textContent = airText(a, r[a.key]);
      el.title = a.ja + " / " + a.en + (BAND_WORDS[b] ? " — " + BAND_WORDS[b] : "");
    }
    area.setAttribute("aria-label", name + " " + (r.people ?? "–") + "人 " + AIR.map((a) => a.ja + " " + airText(a, r[a.key])).join("、") + (out ? " 基準外 / out of band" : ""));
  }
  // desks that report but have no place on the plan
  const unplaced = desksOfFloor().filter((s) => !markers.has(s.desk));
  $("unplaced-box").hidden = unplaced.length === 0;
  renderChips($("unplaced"), unplaced);
}

const isSelected = (kind, name) => selected && selected.kind === kind && selected.name === name;

// --- the list (a floor without a plan) ---------------------------------------------------------

function renderChips(box, list) {
  box.replaceChildren(...list.sort((a, b) => String(a.desk).localeCompare(String(b.desk))).map((s) => {
    const st = deskStatus(s);
    const d = h("button", { type: "button", class: "desk " + st + (isSelected("desk", s.desk) ? " selected" : ""), "data-desk": s.desk || s.id, "data-status": st, "aria-label": (s.desk || s.id) + " " + STATUS[st].ja + " / " + STATUS[st].en },
      h("span", { class: "sym", "aria-hidden": "true" }, STATUS[st].sym), h("span", { class: "name" }, s.desk || s.id));
    pointAt(d, "desk", s.desk || s.id);
    return d;
  }));
}

function renderList() {
  renderChips($("desks"), desksOfFloor());
  const tbody = $("rooms").querySelector("tbody");
  tbody.replaceChildren(...roomNames().map((name) => {
    const r = roomView(name);
    const tr = h("tr", { "data-room": name }, h("th", { scope: "row" }, name), h("td", {}, (r.people ?? "–") + (r.capacity ? " / " + r.capacity : "")));
    for (const a of AIR) {
      const b = band(a.key, r[a.key]);
      tr.append(h("td", { class: "band-" + b, "data-value": a.key, "data-band": b }, fmt(r[a.key], a.digits) + (BAND_MARK[b] ? " " + BAND_MARK[b] : "")));
    }
    tr.addEventListener("click", () => { selected = { kind: "room", name }; renderAll(); });
    return tr;
  }));
}

// --- details ---------------------------------------------------------------------------------

function row(dt, dd, attrs = {}) { return [h("dt", {}, dt), h("dd", attrs, dd)]; }

function deviceRows(s) {
  const rd = s.readings || {};
  const out = [
    ...row(["機器 ", en("Device")], s.id),
    ...row(["種類 ", en("Type")], TYPES[s.type] || s.type),
    ...row(["接続 ", en("Link")], s.online === true ? "オンライン / online" : "オフライン / offline" + (s.onlineVia === "never" ? "（未受信 / never reported）" : "")),
    ...row(["最終受信 ", en("Last reading")], when(s.ts)),
  ];
  if (typeof rd.battery === "number") {
    const b = band("battery", rd.battery);
    out.push(...row(["電池 ", en("Battery")], fmt(rd.battery, 0) + " %" + (b === "low" ? " ▼ 交換してください / replace" : ""), { class: "band-" + b, "data-band": b }));
  }
  return out;
}

function renderDetails() {
  const box = $("details");
  const show = hovered || selected;
  if (!show) {
    box.replaceChildren(h("p", { class: "hint" }, "座席や部屋をタップすると詳細を表示します。", h("br"), en("Tap a desk or a room for its details.")));
    box.dataset.kind = "";
    return;
  }
  box.dataset.kind = show.kind;
  box.dataset.name = show.name;
  if (show.kind === "desk") {
    const s = desksOfFloor().find((d) => d.desk === show.name);
    const st = deskStatus(s);
    box.replaceChildren(
      h("h2", {}, "座席 ", show.name, " ", en("Desk")),
      h("dl", {},
        ...row(["状態 ", en("Status")], [h("span", { class: "status-" + st }, STATUS[st].sym + " " + STATUS[st].ja + " "), en(STATUS[st].en)], { "data-status": st }),
        ...(s ? row(["ゾーン ", en("Zone")], s.zone || "–") : []),
        ...(s ? deviceRows(s) : [])));
    return;
  }
  const r = roomView(show.name);
  const air = AIR.flatMap((a) => {
    const b = band(a.key, r[a.key]);
    const range = bandRange(a.key);
    return row([a.ja + " ", en(a.en)], [fmt(r[a.key], a.digits) + " " + a.unit, BAND_MARK[b] ? " " + BAND_MARK[b] + " " + BAND_WORDS[b] : "", range ? h("small", {}, "（基準 / band " + range + "）") : h("small", {}, "（基準なし / no band）")], { class: "band-" + b, "data-value": a.key, "data-band": b });
  });
  box.replaceChildren(
    h("h2", {}, show.name, " ", en("Room")),
    h("dl", {}, ...row(["人数 ", en("People")], (r.people ?? "–") + (r.capacity ? " / " + r.capacity : "") + " 人"), ...air),
    ...r.devices.map((s) => h("dl", { class: "device" }, ...deviceRows(s))));
}

// --- counts, everything ----------------------------------------------------------------------

function renderAll() {
  const counts = { occupied: 0, free: 0, offline: 0, none: 0 };
  desksOfFloor().forEach((s) => counts[deskStatus(s)]++);
  text($("n-occupied"), counts.occupied); text($("n-free"), counts.free); text($("n-offline"), counts.offline);
  if (mapShown) updateMap(); else renderList();
  renderDetails();
}

function showMap(on) {
  mapShown = on;
  $("map").hidden = !on;
  $("list").hidden = on;
  if (!on) $("unplaced-box").hidden = true;
  renderAll();
}

function floorPath() { return "/office/floors/" + encodeURIComponent($("site").value) + "/" + encodeURIComponent($("floor").value); }

/** The map when the floor has places on a plan; the list otherwise (no plan asked for without places). */
async function loadPlan() {
  const mine = view;
  places = $("floor").value ? await api(floorPath() + "/places") : [];
  if (mine !== view) return;
  if (places.length === 0) { showMap(false); return; }
  const img = $("plan");
  img.onload = () => {
    if (mine !== view) return;
    $("map").style.setProperty("--ratio", String(img.naturalWidth / img.naturalHeight || 1.6));
    buildMap();
    showMap(true);
  };
  img.onerror = () => { if (mine === view) showMap(false); };
  img.src = "/api/v1" + floorPath() + "/plan";
}

async function loadBands() {
  const now = await api("/office/now?site=" + encodeURIComponent($("site").value) + "&floor=" + encodeURIComponent($("floor").value));
  bands = now.bands || null;
  $("bands-text").textContent = bands
    ? "CO2 ≤ " + fmt(bands.co2Max, 0) + " ppm（最新値 / latest reading; アラートは" + bands.co2WindowMinutes + "分平均 / the alert uses the " + bands.co2WindowMinutes + "-min mean）, "
      + bandRange("temperature") + ", " + bandRange("humidity") + " RH, 電池 / battery ≥ " + bands.batteryMin + " %"
    : "";
  renderAll();
}

const KINDS = { co2: "CO2", temperature: "温度 / temperature", humidity: "湿度 / humidity", battery: "電池 / battery", offline: "オフライン / offline" };
const ALERT_STATES = { raised: "発生中 / raised", acknowledged: "確認済み / acknowledged", cleared: "解消 / cleared" };

async function loadAlerts() {
  const list = await api("/alerts?state=open");
  const tbody = $("alerts").querySelector("tbody");
  tbody.replaceChildren();
  list.forEach((a) => {
    const tr = document.createElement("tr");
    [when(Date.parse(a.raisedAt)), a.subject, KINDS[a.kind] || a.kind, ALERT_STATES[a.state] || a.state, a.detail].forEach((v) => tr.appendChild(text(document.createElement("td"), v)));
    const td = document.createElement("td");
    if (a.state === "raised") {
      const b = h("button", { type: "button" }, "確認 ", en("Ack"));
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
  states.clear();
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(proto + "//" + location.host + "/ws");
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({ type: "office.subscribe", site: $("site").value, floor: $("floor").value || undefined }));
    $("status").textContent = "● ライブ / live"; $("status").className = "status live";
  });
  socket.addEventListener("close", () => {
    if (mine !== generation) return; // replaced by a newer connection
    $("status").textContent = "切断 / disconnected"; $("status").className = "status";
    setTimeout(() => { if (mine === generation) connect(); }, 3000);
  });
  socket.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data);
    if (msg.type === "office.snapshot" || msg.type === "office.update") {
      msg.devices.forEach((s) => states.set(s.id, s));
      renderAll();
    } else if (msg.type === "office.alert") {
      loadAlerts();
    }
  });
}

let view = 0; // one per floor shown: a late answer for the floor before is dropped
async function show() {
  view++;
  selected = null; hovered = null;
  connect();
  await Promise.all([loadPlan(), loadBands()]);
}

async function start() {
  try {
    await api("/me");
  } catch (e) { return; }
  $("login").hidden = true; $("dashboard").hidden = false; $("controls").hidden = false;
  await Promise.all([show(), loadAlerts(), loadIngest()]);
}

$("controls").addEventListener("submit", (e) => { e.preventDefault(); show(); });
setInterval(() => { if (!$("dashboard").hidden) loadIngest(); }, 15000);
start();
