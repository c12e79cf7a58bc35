// Tiny DOM helpers: build elements without innerHTML, so text is never parsed as markup.

const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'open']);
let idCounter = 0;

/** h('button', {class: 'btn', onClick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (PROPS.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  appendAll(el, children);
  return el;
}

/** Appends children, skipping null/false (Element.append would print them as text). */
export function append(el, ...children) {
  appendAll(el, children);
}

function appendAll(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      appendAll(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** A page-unique id for label/input pairs. */
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

export function clear(el) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
}

/** Decorative SVG icons drawn from paths (no icon font, no external file). */
const ICONS = {
  calendar: 'M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7zm-2 8h14v10H5V10z',
  room: 'M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z',
  person: 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z',
  group: 'M8 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 13c-3.3 0-6 1.7-6 4v2h12v-2c0-2.3-2.7-4-6-4zm8 0c-.5 0-1 0-1.5.1 1 .9 1.5 1.9 1.5 2.9v3h6v-2c0-2.2-2.7-4-6-4z',
  doc: 'M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5L13 3.5zM8 13h8v2H8v-2zm0 4h8v2H8v-2z',
  empty: 'M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 4v10h16V8H4zm3 3h10v2H7v-2z',
  back: 'M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z',
  chevron: 'M8.6 5.4 10 4l8 8-8 8-1.4-1.4 6.6-6.6z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  minus: 'M5 11h14v2H5z',
  search: 'M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z',
  up: 'M12 5l-7 7 1.4 1.4L11 8.8V20h2V8.8l4.6 4.6L19 12z',
  down: 'M12 19l7-7-1.4-1.4-4.6 4.6V4h-2v11.2l-4.6-4.6L5 12z',
  edit: 'M4 17.2V20h2.8l8.3-8.3-2.8-2.8L4 17.2zm15.7-9.5a1 1 0 0 0 0-1.4l-2-2a1 1 0 0 0-1.4 0l-1.6 1.6 2.8 2.8 2.2-1z',
  trash: 'M9 3h6l1 2h4v2H4V5h4l1-2zM6 8h12l-1 13H7L6 8z',
  sync: 'M12 4V1L8 5l4 4V6a6 6 0 0 1 5.6 8.2l1.5 1.5A8 8 0 0 0 12 4zm0 14a6 6 0 0 1-5.6-8.2L4.9 8.3A8 8 0 0 0 12 20v3l4-4-4-4v3z',
  offline: 'M2.3 3.7 3.7 2.3l18 18-1.4 1.4-5.1-5.1a4 4 0 0 0-5.6 1.5L7.9 16.4a7 7 0 0 1 5-3.2l-2.4-2.4a10 10 0 0 0-5.1 3.1L3.7 12.2A13 13 0 0 1 8 9.3L5.7 7.1a16 16 0 0 0-3.4 2.6L.6 8A18.5 18.5 0 0 1 4.2 5.6L2.3 3.7zM12 4.5c4.4 0 8.5 1.7 11.4 4.5l-1.7 1.7a14 14 0 0 0-11.5-3.8L8 4.7c1.3-.1 2.6-.2 4-.2zm0 5.5c2.5 0 4.8.9 6.5 2.5l-1.7 1.7-.9-.7-3.5-3.5H12zM12 22l-2.1-2.1a3 3 0 0 1 4.2 0L12 22z',
};

export function icon(name, extraClass = '') {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon ${extraClass}`.trim());
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name] || '');
  svg.appendChild(path);
  return svg;
}
