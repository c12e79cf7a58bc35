// Screen 4 (admin only): users, groups and the audit log, as three tabs.
import { api } from '../api.js';
import { h, icon, clear, uid } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser } from '../session.js';
import { USER_ROLES, userRoleLabel, formatDateTime } from '../format.js';
import { field, checkbox, formErrors, button, busy, toast, pageTitle, errorMessage } from '../ui.js';

const TABS = ['users', 'groups', 'audit'];
let activeTab = 'users';

export async function adminView() {
  const [users, groups] = await Promise.all([api.users(), api.groups()]);
  const data = { users, groups, audit: null };
  const root = h('div', { class: 'page admin' });
  const panel = h('div', { class: 'tabs__panel', role: 'tabpanel', tabindex: '-1' });

  async function reload(focusKey) {
    [data.users, data.groups] = await Promise.all([api.users(), api.groups()]);
    if (activeTab === 'audit') {
      data.audit = await api.audit();
    }
    draw(focusKey);
  }

  function tabBar() {
    const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('admin.title') });
    TABS.forEach((name) => {
      const selected = name === activeTab;
      const tab = h('button', { type: 'button', role: 'tab', class: 'tabs__tab', id: `tab-${name}`, 'aria-selected': String(selected), 'aria-controls': 'admin-panel', tabindex: selected ? '0' : '-1' }, t(`admin.${name}`));
      tab.addEventListener('click', () => select(name));
      tab.addEventListener('keydown', (e) => {
        const i = TABS.indexOf(name);
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
          select(next, true);
        }
      });
      bar.appendChild(tab);
    });
    return bar;
  }

  async function select(name, focusTab) {
    activeTab = name;
    if (name === 'audit') {
      try {
        data.audit = await api.audit();
      } catch (err) {
        data.audit = { error: err };
      }
    }
    draw(null);
    if (focusTab) {
      root.querySelector(`#tab-${name}`).focus();
    }
  }

  function draw(focusKey) {
    clear(root);
    clear(panel);
    panel.id = 'admin-panel';
    panel.setAttribute('aria-labelledby', `tab-${activeTab}`);
    if (activeTab === 'users') {
      panel.append(usersTable(data, reload), createUserForm(reload));
    } else if (activeTab === 'groups') {
      panel.append(groupsList(data, reload), createGroupForm(data, reload));
    } else {
      panel.append(auditTable(data.audit));
    }
    root.append(pageTitle(t('admin.title')), tabBar(), panel);
    if (focusKey) {
      const target = root.querySelector(`[data-focus-key="${focusKey}"]`);
      if (target) {
        target.focus();
      }
    }
  }

  if (activeTab === 'audit') {
    await select('audit');
  } else {
    draw(null);
  }
  return root;
}

// ---- users ----

function usersTable(data, reload) {
  const me = currentUser();
  const rows = data.users.map((u) => {
    let action = null;
    if (u.id !== me.id) {
      const activate = !u.active;
      action = button(t(activate ? 'admin.user.activate' : 'admin.user.deactivate'), {
        variant: activate ? 'secondary' : 'danger-outline',
        attrs: { 'aria-label': t(activate ? 'admin.user.activate.label' : 'admin.user.deactivate.label', { name: u.displayName }), 'data-focus-key': `user-${u.id}` },
      });
      action.addEventListener('click', async () => {
        await busy(action, t('form.saving'), async () => {
          try {
            await api.updateUser(u.id, { active: activate });
            toast(t(activate ? 'admin.user.activated' : 'admin.user.deactivated', { name: u.displayName }));
            await reload(`user-${u.id}`);
          } catch (err) {
            toast(errorMessage(err));
          }
        });
      });
    }
    return h(
      'tr',
      { class: u.active ? null : 'row--inactive' },
      h('td', { class: 'mono' }, u.login),
      h('td', {}, u.displayName),
      h('td', {}, h('span', { class: 'chip-list' }, u.roles.map((r) => h('span', { class: 'chip chip--plain' }, userRoleLabel(r))))),
      h('td', {}, h('span', { class: `badge ${u.active ? 'badge--active' : 'badge--inactive'}` }, h('span', { class: 'badge__dot', 'aria-hidden': 'true' }), t(u.active ? 'admin.user.active' : 'admin.user.inactive'))),
      h('td', {}, action),
    );
  });
  return h(
    'section',
    { class: 'card' },
    h('h2', { class: 'section-title' }, t('admin.users')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h('thead', {}, h('tr', {}, ['admin.user.login', 'admin.user.name', 'admin.user.roles', 'admin.user.state', 'admin.user.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, rows),
      ),
    ),
  );
}

/** A set of checkboxes that behaves like a field for formErrors. */
function checkboxGroup(name, legend, options) {
  const errorId = uid(`${name}-error`);
  const boxes = options.map((o) => ({ value: o.value, ...checkbox({ name, label: o.label, checked: !!o.checked, value: String(o.value) }) }));
  const error = h('p', { class: 'field__error', id: errorId, hidden: true });
  const el = h('fieldset', { class: 'field checks', 'aria-describedby': errorId }, h('legend', { class: 'field__label' }, legend), h('div', { class: 'checks__list' }, boxes.map((b) => b.el)), error);
  return {
    el,
    name,
    input: boxes[0] ? boxes[0].input : el,
    values: () => boxes.filter((b) => b.input.checked).map((b) => b.value),
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      el.classList.toggle('field--invalid', !!message);
    },
  };
}

function createUserForm(reload) {
  const login = field({ name: 'login', label: t('admin.user.login'), required: true, autocomplete: 'off', attrs: { autocapitalize: 'none', spellcheck: 'false', maxlength: 64, 'data-focus-key': 'new-user' } });
  const displayName = field({ name: 'displayName', label: t('admin.user.name'), required: true, attrs: { maxlength: 200 } });
  const password = field({ name: 'password', label: t('admin.user.password'), type: 'password', required: true, autocomplete: 'new-password' });
  const roles = checkboxGroup('roles', t('admin.user.roles'), USER_ROLES.map((r) => ({ value: r, label: userRoleLabel(r), checked: r === 'member' })));
  const errors = formErrors([login, displayName, password, roles]);
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, icon('plus'), h('span', {}, t('admin.user.create')));
  const form = h(
    'form',
    { class: 'card form', novalidate: true, 'aria-labelledby': 'new-user-title' },
    h('h2', { class: 'section-title', id: 'new-user-title' }, t('admin.user.create')),
    errors.summary,
    h('div', { class: 'form-grid' }, login.el, displayName.el, password.el),
    roles.el,
    h('div', { class: 'button-row' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const problems = [];
    if (!login.input.value.trim()) problems.push({ field: login, message: t('admin.user.required.login') });
    if (!displayName.input.value.trim()) problems.push({ field: displayName, message: t('admin.user.required.name') });
    if (password.input.value.length < 10) problems.push({ field: password, message: t('admin.user.required.password') });
    if (!roles.values().length) problems.push({ field: roles, message: t('admin.user.required.roles') });
    if (errors.show(problems)) {
      return;
    }
    await busy(submit, t('form.saving'), async () => {
      try {
        await api.createUser({ login: login.input.value.trim(), displayName: displayName.input.value.trim(), password: password.input.value, roles: roles.values() });
        toast(t('admin.user.created'));
        await reload('new-user');
      } catch (err) {
        errors.showError(err);
      }
    });
  });
  return form;
}

// ---- groups ----

let editingGroup = null;

function groupsList(data, reload) {
  const names = new Map(data.users.map((u) => [u.id, u.displayName]));
  const cards = data.groups.map((g) => {
    if (editingGroup === g.id) {
      return groupMembersEditor(g, data, reload);
    }
    const edit = button(t('admin.group.editMembers'), { iconName: 'edit', attrs: { 'aria-label': t('admin.group.editMembers.label', { name: g.name }), 'data-focus-key': `group-${g.id}` } });
    edit.addEventListener('click', () => {
      editingGroup = g.id;
      reload(`group-editor-${g.id}`);
    });
    return h(
      'li',
      { class: 'group-card' },
      h('div', { class: 'group-card__head' }, icon('group'), h('h3', { class: 'group-card__name' }, g.name)),
      g.description ? h('p', { class: 'muted' }, g.description) : null,
      g.memberIds.length
        ? h('ul', { class: 'chip-list', 'aria-label': t('admin.group.members') }, g.memberIds.map((id) => h('li', { class: 'chip chip--plain' }, names.get(id) || `#${id}`)))
        : h('p', { class: 'empty-line' }, t('admin.group.noMembers')),
      h('div', { class: 'button-row' }, edit),
    );
  });
  return h('section', { class: 'card' }, h('h2', { class: 'section-title' }, t('admin.groups')), h('ul', { class: 'group-list' }, cards));
}

function groupMembersEditor(g, data, reload) {
  const members = checkboxGroup('members', t('admin.group.members'), data.users.map((u) => ({ value: u.id, label: u.displayName, checked: g.memberIds.includes(u.id) })));
  members.input.setAttribute('data-focus-key', `group-editor-${g.id}`);
  const errors = formErrors([members]);
  const save = h('button', { type: 'submit', class: 'btn btn--primary' }, h('span', {}, t('form.save')));
  const cancel = button(t('form.cancel'), {
    onClick: () => {
      editingGroup = null;
      reload(`group-${g.id}`);
    },
  });
  const form = h('form', { class: 'group-card group-card--editing', novalidate: true }, h('div', { class: 'group-card__head' }, icon('group'), h('h3', { class: 'group-card__name' }, g.name)), errors.summary, members.el, h('div', { class: 'button-row' }, save, cancel));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    await busy(save, t('form.saving'), async () => {
      try {
        await api.setGroupMembers(g.id, members.values());
        editingGroup = null;
        toast(t('admin.group.saved'));
        await reload(`group-${g.id}`);
      } catch (err) {
        errors.showError(err);
      }
    });
  });
  return h('li', {}, form);
}

function createGroupForm(data, reload) {
  const name = field({ name: 'name', label: t('admin.group.name'), required: true, attrs: { maxlength: 200, 'data-focus-key': 'new-group' } });
  const description = field({ name: 'description', label: t('admin.group.description'), attrs: { maxlength: 1000 } });
  const members = checkboxGroup('memberIds', t('admin.group.members'), data.users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.displayName })));
  const errors = formErrors([name, description, members]);
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, icon('plus'), h('span', {}, t('admin.group.create')));
  const form = h(
    'form',
    { class: 'card form', novalidate: true, 'aria-labelledby': 'new-group-title' },
    h('h2', { class: 'section-title', id: 'new-group-title' }, t('admin.group.create')),
    errors.summary,
    h('div', { class: 'form-grid' }, name.el, description.el),
    members.el,
    h('div', { class: 'button-row' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (!name.input.value.trim()) {
      errors.show([{ field: name, message: t('admin.group.required.name') }]);
      return;
    }
    await busy(submit, t('form.saving'), async () => {
      try {
        await api.createGroup({ name: name.input.value.trim(), description: description.input.value.trim() || null, memberIds: members.values() });
        toast(t('admin.group.created'));
        await reload('new-group');
      } catch (err) {
        errors.showError(err);
      }
    });
  });
  return form;
}

// ---- audit ----

function auditTable(audit) {
  const section = h('section', { class: 'card' }, h('h2', { class: 'section-title' }, t('admin.audit')));
  if (!audit || audit.error) {
    section.appendChild(h('div', { class: 'alert alert--error', role: 'alert' }, errorMessage(audit && audit.error)));
    return section;
  }
  if (!audit.length) {
    section.appendChild(h('p', { class: 'empty-line' }, t('admin.audit.empty')));
    return section;
  }
  section.appendChild(
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table table--compact' },
        h('thead', {}, h('tr', {}, ['admin.audit.at', 'admin.audit.actor', 'admin.audit.action', 'admin.audit.target'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h(
          'tbody',
          {},
          audit.map((a) => h('tr', {}, h('td', { class: 'nowrap' }, formatDateTime(a.at)), h('td', {}, a.actor || ''), h('td', { class: 'mono' }, a.action || ''), h('td', {}, [a.target, a.detail].filter(Boolean).join(' — ')))),
        ),
      ),
    ),
  );
  return section;
}
