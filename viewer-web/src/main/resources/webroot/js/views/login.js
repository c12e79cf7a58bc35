// Screen 1: log in. Large inputs, errors next to the field, language switch already in the header.
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { setSession } from '../session.js';
import { field, checkbox, formErrors, busy, pageTitle } from '../ui.js';

let pendingMessage = null;

/** A message (i18n key) to show once on the next login screen, e.g. after logout. */
export function setLoginMessage(key) {
  pendingMessage = key;
}

function goOn() {
  const returnTo = sessionStorage.getItem('kaigi.returnTo');
  sessionStorage.removeItem('kaigi.returnTo');
  navigate(returnTo && returnTo !== '/login' ? returnTo : '/meetings', { replace: true });
}

export async function loginView() {
  const login = field({ name: 'login', label: t('login.login'), autocomplete: 'username', required: true, attrs: { autocapitalize: 'none', spellcheck: 'false', 'data-autofocus': '' } });
  const password = field({ name: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password', required: true });
  const show = checkbox({ name: 'show-password', label: t('login.showPassword') });
  show.input.addEventListener('change', () => {
    password.input.type = show.input.checked ? 'text' : 'password';
  });
  const errors = formErrors([login, password]);
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block btn--large' }, h('span', {}, t('login.submit')));
  const info = pendingMessage ? h('div', { class: 'alert alert--info', role: 'status' }, t(pendingMessage)) : null;
  pendingMessage = null;

  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title' },
    info,
    errors.summary,
    login.el,
    password.el,
    show.el,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const problems = [];
    if (!login.input.value.trim()) {
      problems.push({ field: login, message: t('login.required.login') });
    }
    if (!password.input.value) {
      problems.push({ field: password, message: t('login.required.password') });
    }
    if (errors.show(problems)) {
      return;
    }
    await busy(submit, t('login.submitting'), async () => {
      try {
        const result = await api.login(login.input.value.trim(), password.input.value);
        setSession(result.user, result.csrfToken);
        goOn();
      } catch (err) {
        // The problem's own words (problem.invalid-credentials, problem.account-locked, …).
        errors.showError(err);
        if (err instanceof ApiError && err.type === 'invalid-credentials') {
          password.input.value = '';
          password.input.setAttribute('aria-invalid', 'true');
        }
      }
    });
  });

  const title = pageTitle(t('login.title'));
  title.querySelector('h1').id = 'login-title';
  return h(
    'section',
    { class: 'login' },
    h('div', { class: 'card login__card' }, title, h('p', { class: 'login__lead' }, t('login.lead')), form, h('p', { class: 'login__help' }, t('login.help'))),
  );
}
