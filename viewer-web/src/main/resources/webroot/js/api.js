// The REST client: same-origin fetch with the session cookie, CSRF header on writes,
// RFC 9457 problems turned into ApiError.

const PROBLEM_PREFIX = 'urn:kaigi:problem:';
let csrfToken = null;
let unauthorizedHandler = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    const type = (problem && problem.type) || '';
    /** The short problem type, e.g. 'validation', 'invalid-credentials'; '' if none. */
    this.type = type.startsWith(PROBLEM_PREFIX) ? type.slice(PROBLEM_PREFIX.length) : type;
    this.detail = (problem && problem.detail) || '';
    this.field = (problem && problem.field) || null;
  }
}

/** Thrown when the server could not be reached at all. */
export class NetworkError extends Error {}

/**
 * True when the server is out of reach: no network, or only a proxy answering for a node that is
 * down (502–504). The offline shell then shows what the tablet keeps (docs/ui.md, Offline).
 */
export function unreachable(err) {
  return err instanceof NetworkError || (err instanceof ApiError && err.status >= 502 && err.status <= 504);
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** The CSRF token for requests made outside request() (uploads with progress). */
export function getCsrfToken() {
  return csrfToken;
}

/**
 * A multipart upload with progress (XMLHttpRequest: fetch has no upload progress).
 * onProgress(fraction 0..1). Resolves with the JSON answer, rejects with ApiError/NetworkError.
 */
export function upload(method, path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `/api/v1${path}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (csrfToken) {
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    }
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) {
        onProgress(e.loaded / e.total);
      }
    });
    xhr.addEventListener('error', () => reject(new NetworkError('upload failed')));
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (e) {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data);
      } else {
        if (xhr.status === 401) {
          unauthorizedHandler();
        }
        reject(new ApiError(xhr.status, data));
      }
    });
    xhr.send(formData);
  });
}

/** Called with no arguments when a request answers 401 (session gone). */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

// How long GET /me waits before the app counts the server as out of reach: a Wi-Fi that hangs
// (nothing answered, nothing refused) would otherwise hold the start for the browser's own timeout.
// A slow but working server only makes the app start offline; it asks again after 2 s, 4 s, 8 s,
// then every 15 s (app.js, RETRY_MS).
const ME_TIMEOUT_MS = 6000;

async function request(method, path, body, { quiet401 = false, timeoutMs = 0 } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  const abort = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => abort.abort(), timeoutMs) : null;
  let response;
  let text;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal,
    });
    text = response.status === 204 ? '' : await response.text();
  } catch (e) {
    throw new NetworkError(abort.signal.aborted ? `no answer in ${timeoutMs} ms` : e.message);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) {
    return null;
  }
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !quiet401) {
      unauthorizedHandler();
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

export const api = {
  login: (login, password) =>
    request('POST', '/session', { login, password }, { quiet401: true }),
  logout: () => request('DELETE', '/session'),
  me: () => request('GET', '/me', undefined, { quiet401: true, timeoutMs: ME_TIMEOUT_MS }),

  meetings: () => request('GET', '/meetings'),
  meeting: (id) => request('GET', `/meetings/${encodeURIComponent(id)}`),
  createMeeting: (m) => request('POST', '/meetings', m),
  updateMeeting: (id, m) => request('PATCH', `/meetings/${id}`, m),
  deleteMeeting: (id) => request('DELETE', `/meetings/${id}`),
  setStatus: (id, status) => request('PUT', `/meetings/${id}/status`, { status }),
  addAgendaItem: (id, item) => request('POST', `/meetings/${id}/agenda`, item),
  updateAgendaItem: (id, itemId, item) => request('PATCH', `/meetings/${id}/agenda/${itemId}`, item),
  deleteAgendaItem: (id, itemId) => request('DELETE', `/meetings/${id}/agenda/${itemId}`),
  reorderAgenda: (id, itemIds) => request('PUT', `/meetings/${id}/agenda/order`, { itemIds }),
  setParticipants: (id, participants) =>
    request('PUT', `/meetings/${id}/participants`, { participants }),

  users: () => request('GET', '/users'),
  createUser: (u) => request('POST', '/users', u),
  updateUser: (id, u) => request('PATCH', `/users/${id}`, u),
  groups: () => request('GET', '/groups'),
  createGroup: (g) => request('POST', '/groups', g),
  setGroupMembers: (id, memberIds) => request('PUT', `/groups/${id}/members`, { memberIds }),
  audit: () => request('GET', '/audit'),

  documents: (meetingId) => request('GET', `/meetings/${encodeURIComponent(meetingId)}/documents`),
  document: (id) => request('GET', `/documents/${encodeURIComponent(id)}`),
  uploadDocument: (meetingId, formData, onProgress) =>
    upload('POST', `/meetings/${encodeURIComponent(meetingId)}/documents`, formData, onProgress),
  replaceDocument: (id, formData, onProgress) =>
    upload('PUT', `/documents/${encodeURIComponent(id)}/file`, formData, onProgress),
  withdrawDocument: (id) => request('POST', `/documents/${encodeURIComponent(id)}/withdraw`),
  search: (params) => request('GET', `/search?${new URLSearchParams(params).toString()}`),

  alerts: (state) => request('GET', `/alerts?state=${encodeURIComponent(state)}`),
};
