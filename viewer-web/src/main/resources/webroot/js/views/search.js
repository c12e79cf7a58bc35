// 資料検索: full-text search over the documents one may see (docs/search.md); each hit is a
// (document, page) with a highlighted snippet and opens the viewer at that page.
import { api } from '../api.js';
import { h, icon, clear } from '../dom.js';
import { t } from '../i18n.js';
import { formatDateTime } from '../format.js';
import { field, button, busy, pageTitle, notice, errorMessage } from '../ui.js';

let last = { q: '', meeting: '', from: '', to: '' };

/** The most characters of q the server takes (SearchRoutes), and so the search box. */
const MAX_Q = 500;

/**
 * Words for the box held to its maxlength, as the box itself would keep them after a paste: the
 * first MAX_Q UTF-16 units (what maxlength and the server count), without splitting a pair.
 */
export function fitQuery(text) {
  if (text.length <= MAX_Q) {
    return text;
  }
  const last = text.charCodeAt(MAX_Q - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_Q - 1 : MAX_Q);
}

export async function searchView(params) {
  let meetings = [];
  try {
    meetings = await api.meetings();
  } catch (err) {
    meetings = [];
  }
  const byId = new Map(meetings.map((m) => [m.id, m]));
  // Words from the URL (#/search?q=…) would pass the box's maxlength: they are cut like a paste
  // into the box, the search runs, and the screen says what happened.
  const fromQuery = params.query && params.query.get('q');
  let shortened = false;
  if (fromQuery) {
    const fitted = fitQuery(fromQuery);
    shortened = fitted !== fromQuery;
    last = { ...last, q: fitted };
  }
  // maxlength: the server takes up to 500 characters of q (SearchRoutes), and its request line fits them.
  const q = field({ name: 'q', label: t('search.query'), type: 'search', value: last.q, hint: t('search.hint'), attrs: { 'data-testid': 'search-input', 'data-autofocus': '', enterkeyhint: 'search', maxlength: MAX_Q } });
  const meeting = field({
    name: 'meeting',
    label: t('search.meeting'),
    type: 'select',
    value: last.meeting,
    options: [{ value: '', label: t('search.allMeetings') }, ...meetings.filter((m) => m.status !== 'draft').map((m) => ({ value: m.id, label: m.title }))],
  });
  const from = field({ name: 'from', label: t('search.from'), type: 'date', value: last.from });
  const to = field({ name: 'to', label: t('search.to'), type: 'date', value: last.to });
  const submit = button(t('search.submit'), { variant: 'primary', iconName: 'search', type: 'submit', attrs: { 'data-testid': 'search-submit' } });
  const results = h('div', { class: 'search__results', 'aria-live': 'polite', 'data-testid': 'search-results' });
  const form = h(
    'form',
    { class: 'card search__form', role: 'search', novalidate: true },
    h('div', { class: 'search__main' }, q.el, h('div', { class: 'search__submit' }, submit)),
    shortened ? h('p', { class: 'alert alert--info', role: 'status', 'data-testid': 'search-shortened' }, t('search.shortened', { max: MAX_Q })) : null,
    h('div', { class: 'search__filters' }, meeting.el, from.el, to.el),
  );

  async function run(page = 1) {
    const text = q.input.value.trim();
    q.setError('');
    if (!text) {
      q.setError(t('search.required'));
      q.input.focus();
      return;
    }
    last = { q: text, meeting: meeting.input.value, from: from.input.value, to: to.input.value };
    const p = { q: text, page, size: 20 };
    if (last.meeting) {
      p.meeting = last.meeting;
    }
    if (last.from) {
      p.from = last.from;
    }
    if (last.to) {
      p.to = last.to;
    }
    clear(results);
    results.appendChild(h('p', { class: 'loading', role: 'status' }, t('search.searching')));
    try {
      const answer = await busy(submit, t('search.searching'), () => api.search(p));
      drawResults(answer);
    } catch (err) {
      clear(results);
      results.appendChild(h('div', { class: 'alert alert--error', role: 'alert' }, errorMessage(err)));
    }
  }

  function drawResults(answer) {
    clear(results);
    if (!answer.hits.length) {
      results.appendChild(notice({ iconName: 'search', title: t('search.none', { q: answer.q }), lines: [t('search.noneHint')] }));
      return;
    }
    // Beyond 1,000 hits the server only gives a lower bound (totalExact false).
    const exact = answer.totalExact !== false;
    results.appendChild(h('p', { class: 'search__count' }, t(exact ? 'search.count' : 'search.countAtLeast', { total: answer.total.toLocaleString() })));
    results.appendChild(
      h(
        'ol',
        { class: 'hits' },
        answer.hits.map((hit) => {
          const m = byId.get(hit.meetingId);
          return h(
            'li',
            {},
            h(
              'a',
              { class: 'hit', href: `#/meetings/${hit.meetingId}/documents/${hit.documentId}?page=${hit.page}`, 'data-testid': 'search-hit' },
              h('span', { class: 'hit__head' }, icon('doc'), h('span', { class: 'hit__title' }, hit.title), h('span', { class: 'hit__page' }, t('search.page', { n: hit.page }))),
              h('span', { class: 'hit__snippet' }, snippet(hit.snippet)),
              m ? h('span', { class: 'hit__meeting' }, `${m.title} — ${formatDateTime(m.startsAt)}`) : null,
            ),
          );
        }),
      ),
    );
    const pages = Math.ceil(answer.total / answer.size);
    const lastPage = exact ? Math.min(pages, 50) : 50;
    if (pages > 1) {
      const prev = button(t('search.prev'), { attrs: { disabled: answer.page <= 1 } });
      const next = button(t('search.next'), { attrs: { disabled: answer.page >= lastPage } });
      prev.addEventListener('click', () => run(answer.page - 1));
      next.addEventListener('click', () => run(answer.page + 1));
      const of = exact ? `${pages}` : `${pages}+`;
      results.appendChild(h('div', { class: 'button-row' }, prev, h('span', { class: 'search__pageno' }, `${answer.page} / ${of}`), next));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(1);
  });
  const root = h('div', { class: 'page search' }, pageTitle(t('search.title')), form, results);
  if (last.q) {
    run(1);
  }
  return root;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e];
  });
}

/**
 * The server's snippet is HTML-escaped text with <mark>…</mark> around matches. It is split on
 * exactly those two tags and rebuilt as text nodes and <mark> elements — never parsed as HTML.
 */
export function snippet(text) {
  const out = [];
  const parts = String(text || '').split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') {
      marked = true;
    } else if (part === '</mark>') {
      marked = false;
    } else if (part) {
      const s = unescape(part);
      out.push(marked ? h('mark', { class: 'hit__mark' }, s) : s);
    }
  }
  return out;
}
