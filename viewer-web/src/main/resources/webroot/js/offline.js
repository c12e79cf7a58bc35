// Offline reading: the meeting packet (every current, non-confidential document file) is kept in
// Cache Storage so a tablet keeps reading when the chamber's Wi-Fi drops. File URLs are versioned
// and immutable, so a cached copy is always right. Closed meetings marked for recall (回収) drop it.

const PREFIX = 'kaigi-meeting-';

function available() {
  return typeof window.caches !== 'undefined' && window.isSecureContext;
}

function cacheName(meetingId) {
  return `${PREFIX}${meetingId}`;
}

/** Fetches the files not yet cached, one at a time (the chamber's Wi-Fi is shared). */
export async function prefetchMeeting(meetingId, docs) {
  if (!available()) {
    return 0;
  }
  let added = 0;
  try {
    const cache = await caches.open(cacheName(meetingId));
    for (const d of docs) {
      if (!d.current || d.confidential || d.withdrawn) {
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
    }
  } catch (e) {
    // Offline or storage full: reading still works online.
  }
  return added;
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

/** Deletes the meeting's cached copies (回収). */
export async function dropMeetingCache(meetingId) {
  if (!available()) {
    return;
  }
  try {
    await caches.delete(cacheName(meetingId));
  } catch (e) {
    // Nothing cached.
  }
}
