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

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** Called with no arguments when a request answers 401 (session gone). */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

async function request(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new NetworkError(e.message);
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
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
  me: () => request('GET', '/me', undefined, { quiet401: true }),

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
};
