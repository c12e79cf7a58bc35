// Who is logged in. The session itself is the HttpOnly cookie; we keep only the user and CSRF token.
import { setCsrfToken } from './api.js';

const HINT_KEY = 'kaigi.session';
let user = null;

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

/** user: {id, login, displayName, roles[], groupIds?}; csrfToken from login or GET /me. */
export function setSession(u, csrfToken) {
  user = u ? { ...u, roles: u.roles || [] } : null;
  setCsrfToken(csrfToken);
  setHint(!!u);
}

export function clearSession() {
  user = null;
  setCsrfToken(null);
  setHint(false);
}

export function hasRole(...roles) {
  return !!user && roles.some((r) => user.roles.includes(r));
}

/** Clerks and admins manage meetings. */
export function isManager() {
  return hasRole('clerk', 'admin');
}
