// Who is logged in. The session itself is the HttpOnly cookie; we keep only the user and CSRF token.
import { setCsrfToken } from './api.js';

const HINT_KEY = 'kaigi.session';
// The last user who logged in here (id, login, name; no roles, no token): shown when the app
// starts without the network, for display only (docs/ui.md, Offline).
const LAST_USER_KEY = 'kaigi.lastUser';
let user = null;
let offline = false;

// The session cookie is HttpOnly, so the page cannot see it. A hint in localStorage says whether a
// login happened in this browser; without it the app shows the login form without asking GET /me
// (which would answer 401 and log a console error on every first visit).
function setHint(on) {
  try {
    if (on) {
      localStorage.setItem(HINT_KEY, '1');
    } else {
      localStorage.removeItem(HINT_KEY);
    }
  } catch (e) {
    // Storage disabled: we simply always ask the server.
  }
}

function rememberUser(u) {
  try {
    if (u) {
      localStorage.setItem(LAST_USER_KEY, JSON.stringify({ id: u.id, login: u.login, displayName: u.displayName }));
    } else {
      localStorage.removeItem(LAST_USER_KEY);
    }
  } catch (e) {
    // Storage disabled: a reload without the network then shows the login form.
  }
}

function lastUser() {
  try {
    const u = JSON.parse(localStorage.getItem(LAST_USER_KEY));
    return u && u.id !== undefined && u.displayName ? u : null;
  } catch (e) {
    return null;
  }
}

export function maybeLoggedIn() {
  try {
    return localStorage.getItem(HINT_KEY) !== null;
  } catch (e) {
    return true;
  }
}

export function currentUser() {
  return user;
}

let loggingOut = false;

/** Logout has begun: the session is being ended, so nothing new may be opened with it. */
export function beginLogout() {
  loggingOut = true;
}

/** Whether a live connection (/ws) may be opened: someone is logged in and not logging out. */
export function mayConnect() {
  return user !== null && !loggingOut;
}

/** user: {id, login, displayName, roles[], groupIds?}; csrfToken from login or GET /me. */
export function setSession(u, csrfToken) {
  user = u ? { ...u, roles: u.roles || [] } : null;
  offline = false;
  loggingOut = false;
  setCsrfToken(csrfToken);
  setHint(!!u);
  rememberUser(u);
}

export function clearSession() {
  user = null;
  offline = false;
  setCsrfToken(null);
  setHint(false);
  rememberUser(null);
}

/**
 * The server cannot be reached at start: carry on as the last user who logged in here, to show
 * them the packets kept for them. No roles and no CSRF token, so nothing the server would refuse
 * is offered; the server itself still checks every request. False if nobody is remembered.
 */
export function startOffline() {
  const last = lastUser();
  if (!last) {
    return false;
  }
  user = { ...last, roles: [] };
  offline = true;
  setCsrfToken(null);
  return true;
}

/** True while the app runs on the last user without having reached the server. */
export function isOffline() {
  return offline;
}

export function hasRole(...roles) {
  return !!user && roles.some((r) => user.roles.includes(r));
}

/** Clerks and admins manage meetings. */
export function isManager() {
  return hasRole('clerk', 'admin');
}
