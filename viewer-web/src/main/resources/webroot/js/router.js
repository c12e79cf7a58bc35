// Hash routing (#/meetings/12) so the app works from static files. Routes are a table: new screens
// (document viewer, host console, dashboards) plug in by adding a line in app.js.

const routes = [];
let notFoundView = null;
let renderHandler = null;

/** pattern like '/meetings/:id'; options: {public, roles} */
export function route(pattern, view, options = {}) {
  const names = [];
  const regex = new RegExp(
    `^${pattern.replace(/:(\w+)/g, (m, name) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  routes.push({ pattern, regex, names, view, ...options });
}

export function notFound(view) {
  notFoundView = view;
}

/** The path part of the current hash ('/meetings/3'), or null if the hash is not a route. */
export function currentPath() {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? decodeURI(hash.slice(1)) : null;
}

export function match(fullPath) {
  const q = fullPath.indexOf('?');
  const path = q >= 0 ? fullPath.slice(0, q) : fullPath;
  const query = new URLSearchParams(q >= 0 ? fullPath.slice(q + 1) : '');
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) {
      const params = { query };
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]);
      });
      return { route: r, params };
    }
  }
  return { route: { view: notFoundView, pattern: null }, params: {} };
}

export function navigate(path, { replace = false } = {}) {
  const hash = `#${path}`;
  if (window.location.hash === hash) {
    rerender();
  } else if (replace) {
    window.location.replace(hash);
  } else {
    window.location.hash = hash;
  }
}

export function rerender() {
  if (renderHandler) {
    renderHandler(currentPath());
  }
}

/** handler(path) is called on every hash change (path null when the hash is not a route). */
export function start(handler) {
  renderHandler = handler;
  window.addEventListener('hashchange', () => handler(currentPath()));
  handler(currentPath());
}
