// Entry point: session check, header, routes, the offline shell.
import { api, onUnauthorized, ApiError, unreachable } from './api.js';
import { h, clear, icon } from './dom.js';
import { t, applyLanguage, toggleLanguage, onLanguageChange } from './i18n.js';
import { route, notFound, start, navigate, rerender, match, currentPath } from './router.js';
import { currentUser, setSession, clearSession, hasRole, maybeLoggedIn, startOffline, isOffline, beginLogout } from './session.js';
import { errorState, loading, notice, button } from './ui.js';
import { loginView, setLoginMessage } from './views/login.js';
import { meetingsView } from './views/meetings.js';
import { meetingView } from './views/meeting.js';
import { meetingFormView } from './views/meeting-form.js';
import { adminView } from './views/admin.js';
import { facilitiesView } from './views/facilities.js';
import { savingsView } from './views/placeholders.js';
import { viewerView } from './views/viewer.js';
import { searchView } from './views/search.js';
import { offlineMeetingsView } from './views/offline-list.js';

const MANAGERS = ['clerk', 'admin'];

// The route table. Each view is async (params, ctx) => Element. `offline`: what the route shows
// without the server — a view of the packets kept on this tablet, or true when the view itself
// copes (the viewer reads the kept packet); other routes say they need the network.
route('/login', loginView, { public: true });
route('/meetings', meetingsView, { offline: offlineMeetingsView });
route('/meetings/new', meetingFormView, { roles: MANAGERS });
route('/meetings/:id', meetingView, { offline: offlineMeetingsView });
route('/meetings/:id/edit', meetingFormView, { roles: MANAGERS });
route('/meetings/:id/documents/:docId', viewerView, { offline: true });
route('/meetings/:id/live', viewerView, { offline: true });
route('/search', searchView);
route('/admin', adminView, { roles: ['admin'] });
route('/facilities', facilitiesView, { roles: ['facilities', 'admin'] });
route('/savings', savingsView, { roles: ['clerk', 'admin'] });
notFound(async () =>
  notice({ title: t('app.notFound'), actions: [h('a', { class: 'btn btn--primary', href: '#/meetings' }, t('app.toMeetings'))] }),
);

const NAV = [
  { path: '/meetings', key: 'nav.meetings' },
  { path: '/search', key: 'nav.search' },
  { path: '/facilities', key: 'nav.facilities', roles: ['facilities', 'admin'] },
  { path: '/savings', key: 'nav.savings', roles: ['clerk', 'admin'] },
  { path: '/admin', key: 'nav.admin', roles: ['admin'] },
];

const main = document.getElementById('main');
const header = document.getElementById('app-header');
let renderCount = 0;
let lastPath = null;
let retryTimer = null;
let retries = 0;
let reconnecting = false;

// Offline, the waits before asking the server again, then the last one over and over. A cut Wi-Fi
// gives the browser no 'online' event, so these are what end a drop: short first, so a brief one
// is over in seconds; then every 15 s, so a long outage does not have every tablet asking the node
// (or a hanging Wi-Fi, each try waiting ME_TIMEOUT_MS) every few seconds.
const RETRY_MS = [2000, 4000, 8000, 15000];

/** Shown under the header while the app runs without the server or the browser says offline. */
function offlineBanner() {
  if (!isOffline() && navigator.onLine !== false) {
    return null;
  }
  return h(
    'div',
    { class: 'offline-banner', role: 'status', 'data-testid': 'offline-banner' },
    icon('offline', 'offline-banner__icon'),
    h('p', { class: 'offline-banner__text' }, h('strong', { class: 'offline-banner__title' }, t('offline.banner.title')), h('span', {}, t('offline.banner.body'))),
  );
}

function renderHeader(path) {
  clear(header);
  const user = currentUser();
  header.appendChild(
    h(
      'a',
      { class: 'app-header__brand', href: user ? '#/meetings' : '#/login' },
      h('span', { class: 'app-header__logo', 'aria-hidden': 'true' }),
      h('span', { class: 'app-header__name' }, t('app.name')),
    ),
  );
  if (user) {
    const links = NAV.filter((n) => (!n.roles || hasRole(...n.roles)) && (!isOffline() || n.path === '/meetings')).map((n) => {
      const active = path && (path === n.path || path.startsWith(`${n.path}/`));
      return h('li', {}, h('a', { class: 'nav__link', href: `#${n.path}`, 'aria-current': active ? 'page' : null }, t(n.key)));
    });
    header.appendChild(h('nav', { class: 'nav', 'aria-label': t('nav.label') }, h('ul', { class: 'nav__list' }, links)));
  }
  const tools = h('div', { class: 'app-header__tools' });
  if (user) {
    tools.appendChild(h('span', { class: 'app-header__user', 'data-testid': 'current-user' }, t('header.user', { name: user.displayName })));
  }
  tools.appendChild(
    h(
      'button',
      { type: 'button', class: 'btn btn--header', lang: t('lang.switch') === 'English' ? 'en' : 'ja', 'aria-label': t('lang.switchLabel'), 'data-testid': 'lang-switch', onClick: () => toggleLanguage() },
      t('lang.switch'),
    ),
  );
  if (user && !isOffline()) {
    // Offline the server could not end the session: log out once the network is back.
    tools.appendChild(button(t('header.logout'), { variant: 'header', onClick: logout, attrs: { 'data-testid': 'logout' } }));
  }
  header.appendChild(tools);
  const banner = offlineBanner();
  if (banner) {
    header.appendChild(banner);
  }
  header.classList.toggle('app-header--offline', !!banner);
}

async function logout() {
  beginLogout();
  try {
    await api.logout();
  } catch (e) {
    // The session may already be gone; log out locally either way.
  }
  clearSession();
  // The next one to log in on this tablet starts at the meeting list, not at this user's last page.
  sessionStorage.removeItem('kaigi.returnTo');
  setLoginMessage('login.loggedOut');
  navigate('/login');
}

/** The view to run for a route now: offline, its offline form or a "needs the network" notice. */
function viewOf(r) {
  // a path that is no screen at all (pattern null) is "not found", online or not
  if (!isOffline() || r.public || r.pattern === null) {
    return r.view;
  }
  if (typeof r.offline === 'function') {
    return r.offline;
  }
  if (r.offline) {
    return r.view;
  }
  return async () => notice({ title: t('offline.unavailable'), actions: [h('a', { class: 'btn btn--primary', href: '#/meetings' }, t('offline.toSaved'))] });
}

function allowed(r) {
  if (r.public) {
    return true;
  }
  return !r.roles || hasRole(...r.roles);
}

async function render(path) {
  if (path === null) {
    navigate(currentUser() ? '/meetings' : '/login', { replace: true });
    return;
  }
  const { route: r, params } = match(path);
  if (!currentUser() && !r.public) {
    if (r.pattern) {
      sessionStorage.setItem('kaigi.returnTo', path);
    }
    navigate('/login', { replace: true });
    return;
  }
  if (currentUser() && path === '/login') {
    navigate('/meetings', { replace: true });
    return;
  }
  const token = ++renderCount;
  const samePage = path === lastPath;
  lastPath = path;
  renderHeader(path);
  if (!samePage) {
    clear(main);
    main.appendChild(loading());
  }
  let view;
  const viewFn = viewOf(r);
  try {
    view = allowed(r) ? await viewFn(params, { path, rerender }) : notice({ title: t('app.forbidden') });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      return;
    }
    view = errorState(err, () => rerender());
    if (unreachable(err) && typeof r.offline === 'function' && viewFn !== r.offline) {
      // The Wi-Fi dropped since the app started: what this tablet keeps, under the error.
      try {
        view = h('div', {}, view, await r.offline(params, { path, rerender }));
      } catch (e) {
        // Only the error, then.
      }
    }
  }
  if (token !== renderCount) {
    return;
  }
  const scrollY = window.scrollY;
  clear(main);
  main.appendChild(view);
  const title = main.querySelector('[data-page-title]');
  document.title = title ? `${title.textContent} — ${t('app.name')}` : t('app.name');
  if (samePage) {
    window.scrollTo(0, scrollY);
  } else {
    window.scrollTo(0, 0);
    const focusTarget = main.querySelector('[data-autofocus]') || title;
    if (focusTarget) {
      focusTarget.focus({ preventScroll: true });
    }
  }
}

onUnauthorized(() => {
  if (currentUser()) {
    clearSession();
    setLoginMessage('login.expired');
    navigate('/login');
  } else if (currentPath() !== '/login') {
    navigate('/login');
  }
  // Else a request still in flight when the user logged out: the login screen (and its message)
  // is already shown, and drawing it again would drop the message.
});

/** Offline: the next try at reconnect, each wait longer (RETRY_MS). */
function scheduleReconnect() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(reconnect, RETRY_MS[Math.min(retries, RETRY_MS.length - 1)]);
  retries += 1;
}

/** Offline: asks the server again; once it answers, the app is itself again. */
async function reconnect() {
  if (reconnecting || !isOffline()) {
    return;
  }
  reconnecting = true;
  let me;
  try {
    me = await api.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      clearTimeout(retryTimer);
      clearSession();
      setLoginMessage('login.expired');
      navigate('/login');
    } else {
      scheduleReconnect();
    }
    return;
  } finally {
    reconnecting = false;
  }
  clearTimeout(retryTimer);
  retries = 0;
  setSession(me, me.csrfToken);
  lastPath = null;
  rerender();
}

window.addEventListener('online', () => {
  if (isOffline()) {
    reconnect();
  } else {
    renderHeader(lastPath);
  }
});
window.addEventListener('offline', () => renderHeader(lastPath));

/** The app shell for reloads without the network (sw.js); only in a secure context, else nothing. */
function registerShell() {
  if (!('serviceWorker' in navigator)) {
    return;
  }
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e) => {
    console.warn(`offline shell not installed: ${e.message}`);
  });
}

onLanguageChange(() => {
  lastPath = null;
  rerender();
});

document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

async function boot() {
  applyLanguage();
  renderHeader(null);
  registerShell();
  if (!maybeLoggedIn()) {
    start(render);
    return;
  }
  try {
    const me = await api.me();
    setSession(me, me.csrfToken);
  } catch (err) {
    if (unreachable(err) && startOffline()) {
      // No server (the Wi-Fi is down): the last user's kept packets, until it answers again.
      scheduleReconnect();
      start(render);
      return;
    }
    clearSession();
    if (!(err instanceof ApiError && err.status === 401)) {
      clear(main);
      main.appendChild(errorState(err, () => window.location.reload()));
      return;
    }
  }
  start(render);
}

boot();
