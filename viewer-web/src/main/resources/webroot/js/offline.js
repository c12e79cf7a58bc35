// Offline reading: the meeting packet (every current, non-confidential document file) is kept in
// Cache Storage so a tablet keeps reading when the chamber's Wi-Fi drops. File URLs are versioned
// and immutable, so a cached copy is always right; each fetch of the packet drops the files it no
// longer lists (a replaced version, a withdrawn document). Closed meetings marked for recall (回収)
// drop it all.
// Next to the files the cache holds the packet's list (meeting title, documents): what a tablet that
// reloads without the network shows (sw.js keeps the app itself), and only to the user it was
// fetched for. A document event (published, 差し替え, withdrawn) refreshes a kept packet after a
// random wait (refreshPacketSoon), so the tablet reads the new version if the Wi-Fi drops later.
import { api } from './api.js';
import { currentUser } from './session.js';

const PREFIX = 'kaigi-meeting-';
// The list's key inside a meeting's cache; never fetched, no route answers it.
const PACKET = '/offline/packet.json';
// The longest random wait before a refresh after a document event. Every tablet in the chamber gets
// the event in the same second; 40 of them downloading a new file of a few MB at once would choke
// the shared Wi-Fi (and the live page sync on it). Spread over 30 s they mostly take turns, and
// the window in which a dropped Wi-Fi leaves a tablet with the old version stays short.
const REFRESH_SPREAD_MS = 30000;
let refreshSpreadMs = REFRESH_SPREAD_MS;
// Meetings whose refresh is waiting: further events join that wait.
const waiting = new Set();
// Per meeting, the last change to its cache queued: changes run one at a time, or a refresh that
// read an older list could write it after a newer one's clean-up (or re-fill a recalled cache).
const queues = new Map();

function available() {
  return typeof window.caches !== 'undefined' && window.isSecureContext;
}

function cacheName(meetingId) {
  return `${PREFIX}${meetingId}`;
}

function cacheable(d) {
  return d.current && !d.confidential && !d.withdrawn;
}

/** Runs change (async, never throwing) after the meeting's earlier cache changes. */
function inTurn(meetingId, change) {
  const key = String(meetingId);
  const run = (queues.get(key) || Promise.resolve()).then(change);
  queues.set(key, run);
  run.then(() => {
    if (queues.get(key) === run) {
      queues.delete(key);
    }
  });
  return run;
}

/**
 * Once the meeting's earlier cache changes are done (inTurn), fetches the files not yet cached, one
 * at a time (the chamber's Wi-Fi is shared), then writes the
 * packet's list: the documents whose file is kept, for userId (the one the server listed them for).
 * Files the list no longer names go, so only what the server lists now stays readable offline; with
 * nothing to keep, the meeting's cache goes.
 */
export function prefetchMeeting(meeting, docs, userId) {
  // Recalled (回収): a closed meeting marked for recall keeps nothing on a tablet, even when a
  // member still opens its documents online afterwards.
  if (meeting.status === 'closed' && meeting.recall) {
    return dropMeetingCache(meeting.id).then(() => 0);
  }
  return inTurn(meeting.id, () => fetchPacket(meeting, docs, userId));
}

async function fetchPacket(meeting, docs, userId) {
  if (!available()) {
    return 0;
  }
  let added = 0;
  try {
    const cache = await caches.open(cacheName(meeting.id));
    const kept = [];
    for (const d of docs) {
      if (!cacheable(d)) {
        continue;
      }
      const url = d.current.fileUrl;
      if (!(await cache.match(url))) {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (response.ok && response.status === 200) {
          await cache.put(url, response);
          added += 1;
        }
      }
      if (await cache.match(url)) {
        kept.push({ id: d.id, title: d.title, current: { version: d.current.version, fileUrl: url, pages: d.current.pages } });
      }
    }
    if (!kept.length) {
      await caches.delete(cacheName(meeting.id));
      return added;
    }
    if (userId !== undefined && userId !== null) {
      const packet = { userId, savedAt: new Date().toISOString(), meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt }, docs: kept };
      await cache.put(PACKET, new Response(JSON.stringify(packet), { headers: { 'Content-Type': 'application/json' } }));
    }
    // The list first, then the files it no longer names: an old version after 差し替え, a withdrawn
    // or now confidential document (an interrupted refresh leaves extra files, never a list of gaps).
    const listed = new Set([PACKET, ...kept.map((d) => d.current.fileUrl)].map((u) => new URL(u, window.location.href).href));
    for (const request of await cache.keys()) {
      if (!listed.has(request.url)) {
        await cache.delete(request);
      }
    }
  } catch (e) {
    // Offline or storage full: reading still works online.
  }
  return added;
}

/**
 * After a document event of a meeting this tablet is reading, or (keptOnly) whose packet it keeps:
 * fetches the meeting's list and packet afresh after a random wait of up to REFRESH_SPREAD_MS.
 * True when this call started a wait; false when one is already waiting (its list is read when it
 * ends, so it takes this event in too) or there is nothing to refresh.
 */
export function refreshPacketSoon(meetingId, userId, { keptOnly = false } = {}) {
  const key = String(meetingId);
  if (!available() || waiting.has(key)) {
    return false;
  }
  waiting.add(key);
  setTimeout(async () => {
    // From here on an event needs a newer list than this refresh may read: it waits anew.
    waiting.delete(key);
    const me = currentUser();
    // Not for a user who logged out meanwhile (another may be logged in on the tablet now).
    if (!me || me.id !== userId) {
      return;
    }
    try {
      if (keptOnly && !(await caches.has(cacheName(meetingId)))) {
        return;
      }
      const [meeting, docs] = await Promise.all([api.meeting(meetingId), api.documents(meetingId)]);
      await prefetchMeeting(meeting, docs, userId);
    } catch (e) {
      // Offline: the next event or opening of the viewer fetches it.
    }
  }, Math.random() * refreshSpreadMs);
  return true;
}

/** For tests: the longest wait before a refresh, instead of REFRESH_SPREAD_MS. */
export function setRefreshSpread(ms) {
  refreshSpreadMs = ms;
}

async function readPacket(cache, userId) {
  const response = await cache.match(PACKET);
  if (!response) {
    return null;
  }
  const packet = await response.json();
  // Another user's packet on a shared tablet stays out of sight.
  return packet && packet.userId === userId ? packet : null;
}

/** The kept packet of one meeting ({meeting, docs, savedAt}) if it was fetched for userId, or null. */
export async function offlinePacket(meetingId, userId) {
  if (!available()) {
    return null;
  }
  try {
    if (!(await caches.has(cacheName(meetingId)))) {
      return null;
    }
    return await readPacket(await caches.open(cacheName(meetingId)), userId);
  } catch (e) {
    return null;
  }
}

/** Every kept packet of userId, newest meeting first. */
export async function offlinePackets(userId) {
  if (!available()) {
    return [];
  }
  const packets = [];
  try {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX)) {
        const packet = await readPacket(await caches.open(name), userId);
        if (packet && packet.docs.length) {
          packets.push(packet);
        }
      }
    }
  } catch (e) {
    // Storage unreadable: nothing to offer.
  }
  return packets.sort((a, b) => String(b.meeting.startsAt || '').localeCompare(String(a.meeting.startsAt || '')));
}

/** The cached bytes of a file URL, or null. */
export async function cachedFile(meetingId, url) {
  if (!available()) {
    return null;
  }
  try {
    const cache = await caches.open(cacheName(meetingId));
    const response = await cache.match(url);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch (e) {
    return null;
  }
}

/** Deletes the meeting's cached copies (回収), after a refresh still running. */
export function dropMeetingCache(meetingId) {
  if (!available()) {
    return Promise.resolve();
  }
  return inTurn(meetingId, async () => {
    try {
      await caches.delete(cacheName(meetingId));
    } catch (e) {
      // Nothing cached.
    }
  });
}
