// Shared widgets: form fields with inline errors, badges, confirm dialog, toast, error states.
import { h, uid, icon } from './dom.js';
import { t } from './i18n.js';
import { ApiError, NetworkError } from './api.js';
import { kindLabel, statusLabel } from './format.js';

/**
 * A labelled form control with a place for its error message.
 * Returns {el, input, setError(msg), name}.
 */
export function field({ name, label, type = 'text', value = '', hint, options, autocomplete, required, attrs = {} }) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  let input;
  if (type === 'select') {
    input = h(
      'select',
      { id, name, class: 'input', ...attrs },
      options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(value) }, o.label)),
    );
  } else if (type === 'textarea') {
    input = h('textarea', { id, name, class: 'input', rows: 3, ...attrs });
    input.value = value || '';
  } else {
    input = h('input', { id, name, type, class: 'input', autocomplete, ...attrs });
    input.value = value || '';
  }
  if (required) {
    input.setAttribute('aria-required', 'true');
  }
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  const error = h('p', { class: 'field__error', id: errorId, hidden: true });
  const el = h(
    'div',
    { class: 'field' },
    h('label', { class: 'field__label', for: id }, label),
    hint ? h('p', { class: 'field__hint', id: hintId }, hint) : null,
    input,
    error,
  );
  return {
    el,
    input,
    name,
    setError(message) {
      if (message) {
        error.textContent = message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        el.classList.add('field--invalid');
      } else {
        error.textContent = '';
        error.hidden = true;
        input.removeAttribute('aria-invalid');
        el.classList.remove('field--invalid');
      }
    },
  };
}

/** A checkbox with its label (large touch area). */
export function checkbox({ name, label, checked = false, value, attrs = {} }) {
  const id = uid(name || 'cb');
  const input = h('input', { id, name, type: 'checkbox', class: 'check__input', checked, value, ...attrs });
  const el = h('label', { class: 'check', for: id }, input, h('span', { class: 'check__label' }, label));
  return { el, input };
}

/**
 * Manages a form's errors: a summary at the top and messages next to fields.
 * Field-level problems from the API ({field, detail}) land next to the field they name.
 */
export function formErrors(fields) {
  const summary = h('div', { class: 'alert alert--error', role: 'alert', hidden: true, tabindex: '-1' });
  const byName = new Map(fields.filter(Boolean).map((f) => [f.name, f]));
  return {
    summary,
    clear() {
      summary.hidden = true;
      summary.textContent = '';
      byName.forEach((f) => f.setError(''));
    },
    /** Client-side checks: [{field, message}] → shown; returns true if there were any. */
    show(problems) {
      if (!problems.length) {
        return false;
      }
      summary.textContent = t('form.fix');
      summary.hidden = false;
      problems.forEach((p) => p.field.setError(p.message));
      problems[0].field.input.focus();
      return true;
    },
    showError(err) {
      const f = err instanceof ApiError && err.field ? byName.get(err.field) : null;
      if (f) {
        summary.textContent = t('form.fix');
        summary.hidden = false;
        f.setError(problemText(err));
        f.input.focus();
      } else {
        summary.textContent = errorMessage(err);
        summary.hidden = false;
        summary.focus();
      }
    },
  };
}

/** The message to show for a failed request. */
export function errorMessage(err) {
  if (err instanceof NetworkError) {
    return t('app.offline');
  }
  if (err instanceof ApiError) {
    return problemText(err);
  }
  return t('app.error');
}

/**
 * An API problem in the user's language. The server's detail is English, for operators and logs:
 * a problem type (or a field's validation) we have words for is shown in ours, with the detail
 * beside them only where it names what to fix (which line of a CSV, which rule of a field). A type
 * we have no words for (or an answer that was no problem at all) gets the general message, with
 * the detail in its brackets so the user can still quote it. Values the problem carries as members
 * fill the words too: {max} is its maxBytes (too-large, body-too-large), so the limit has one
 * source.
 */
export function problemText(err) {
  const params = { detail: err.detail, max: maxSize(err.problem) };
  if (err.type === 'validation') {
    const fieldKey = `problem.validation.${err.field}`;
    const own = t(fieldKey);
    return own !== fieldKey ? own : words('problem.validation', params);
  }
  const key = `problem.${err.type}`;
  return err.type && t(key) !== key ? words(key, params) : words('problem.unknown', params);
}

/** A problem's maxBytes as the words show it (1 MiB, 512 KiB, 100 bytes), or '' without one. */
function maxSize(problem) {
  const n = problem && problem.maxBytes;
  if (!Number.isInteger(n) || n <= 0) {
    return '';
  }
  if (n % (1024 * 1024) === 0) {
    return `${n / (1024 * 1024)} MiB`;
  }
  return n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

/**
 * A message with its {placeholders} filled; a value the problem did not carry drops the brackets
 * around its placeholder (「…（{detail}）」, 「（上限 {max}）」) rather than showing them empty.
 */
function words(key, params) {
  let template = t(key);
  for (const [name, value] of Object.entries(params)) {
    if (!value) {
      template = template.replace(new RegExp(`\\s*[（(][^（）()]*\\{${name}\\}[^（）()]*[）)]`), '');
    }
  }
  // a function, so a '$' in a value is taken as it is, not as a replacement pattern
  return template.replace(/\{(\w+)\}/g, (m, name) => (params[name] ? String(params[name]) : m));
}

export function button(label, { onClick, variant = 'secondary', iconName, type = 'button', attrs = {} } = {}) {
  return h(
    'button',
    { type, class: `btn btn--${variant}`, onClick, ...attrs },
    iconName ? icon(iconName) : null,
    h('span', {}, label),
  );
}

/** Disables a button and shows a busy label while an async action runs. */
export async function busy(btn, busyLabel, action) {
  const span = btn.querySelector('span');
  const original = span ? span.textContent : '';
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  if (span && busyLabel) {
    span.textContent = busyLabel;
  }
  try {
    return await action();
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
    if (span) {
      span.textContent = original;
    }
  }
}

export function statusBadge(status) {
  return h('span', { class: `badge badge--${status}` }, h('span', { class: 'badge__dot', 'aria-hidden': 'true' }), statusLabel(status));
}

export function kindChip(kind) {
  return h('span', { class: `chip chip--${kind}` }, kindLabel(kind));
}

let toastTimer = null;
/** A short confirmation in the polite live region. */
export function toast(message) {
  const el = document.getElementById('toast');
  if (!el) {
    return;
  }
  el.textContent = message;
  el.classList.add('toast--visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.classList.remove('toast--visible');
  }, 4000);
}

/** A modal yes/no question on a native <dialog>; resolves true on yes. */
export function confirmDialog(message, { okLabel = t('dialog.ok'), danger = false } = {}) {
  return new Promise((resolve) => {
    const ok = button(okLabel, { variant: danger ? 'danger' : 'primary', attrs: { value: 'ok', 'data-testid': 'confirm-ok' } });
    const cancel = button(t('dialog.cancel'), { variant: 'secondary', attrs: { value: 'cancel' } });
    const textId = uid('dlg');
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': textId },
      h('p', { class: 'dialog__text', id: textId }, message),
      h('div', { class: 'dialog__actions' }, cancel, ok),
    );
    const onNavigate = () => finish(false);
    const finish = (result) => {
      window.removeEventListener('hashchange', onNavigate);
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    // Leaving the page (back button, link) answers "no" instead of leaving the dialog on top.
    window.addEventListener('hashchange', onNavigate);
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Page title block: h1 that receives focus after navigation. */
export function pageTitle(text, ...actions) {
  return h(
    'div',
    { class: 'page-title' },
    h('h1', { class: 'page-title__text', tabindex: '-1', 'data-page-title': '' }, text),
    actions.length ? h('div', { class: 'page-title__actions' }, actions) : null,
  );
}

/** A friendly box for "nothing here" and "coming soon". */
export function notice({ iconName = 'empty', title, lines = [], className = '', actions = [] }) {
  return h(
    'div',
    { class: `notice ${className}`.trim() },
    icon(iconName, 'notice__icon'),
    h('div', { class: 'notice__body' }, title ? h('p', { class: 'notice__title' }, title) : null, lines.map((l) => h('p', { class: 'notice__line' }, l)), actions.length ? h('div', { class: 'notice__actions' }, actions) : null),
  );
}

/** The whole-page error state with a retry button. */
export function errorState(err, retry) {
  return h(
    'div',
    { class: 'error-state' },
    h('div', { class: 'alert alert--error', role: 'alert' }, errorMessage(err)),
    retry ? button(t('app.retry'), { variant: 'primary', onClick: retry }) : null,
  );
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('app.loading'));
}
