// Screen 3: one meeting — facts, agenda, participants, documents (coming), and for clerks the
// management tools (status steps, agenda editing and order, participants editor).
import { api, ApiError } from '../api.js';
import { h, icon, clear, append } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { isManager } from '../session.js';
import { formatDateTime, roleLabel, statusLabel, nextStatus, STATUSES, MEETING_ROLES } from '../format.js';
import { documentsPanel } from './documents.js';
import { field, checkbox, formErrors, button, busy, toast, confirmDialog, statusBadge, kindChip, notice, errorMessage, pageTitle } from '../ui.js';

export async function meetingView(params) {
  let meeting;
  try {
    meeting = await api.meeting(params.id);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      return h('div', { class: 'page' }, backLink(), notice({ title: t('meeting.notFound') }));
    }
    throw err;
  }
  const root = h('div', { class: 'page meeting' });
  const state = { meeting, editingItem: null, editingParticipants: false, directory: null };
  const docs = documentsPanel(() => state.meeting);

  async function refresh(focusKey) {
    state.meeting = await api.meeting(params.id);
    draw(focusKey);
  }

  function draw(focusKey) {
    clear(root);
    docs.redraw();
    const m = state.meeting;
    const manage = m.mayManage && isManager();
    append(
      root,
      backLink(),
      facts(m),
      manage ? managePanel(m, state, refresh) : null,
      // The participants editor needs room for two lists, so it takes the full width while open.
      state.editingParticipants ? participantsSection(m, state, manage, draw, refresh) : null,
      h(
        'div',
        { class: 'meeting__grid' },
        h('div', { class: 'meeting__main' }, agendaSection(m, state, manage, draw, refresh), docs.el),
        h(
          'div',
          { class: 'meeting__side' },
          m.status !== 'draft' ? liveSection(m) : null,
          state.editingParticipants ? null : participantsSection(m, state, manage, draw, refresh),
        ),
      ),
    );
    if (focusKey) {
      const target = root.querySelector(`[data-focus-key="${focusKey}"]`);
      if (target) {
        target.focus();
      }
    }
  }

  draw();
  return root;
}

function backLink() {
  return h('a', { class: 'back-link', href: '#/meetings' }, icon('back'), h('span', {}, t('meeting.back')));
}

function facts(m) {
  const items = [
    [t('meeting.date'), formatDateTime(m.startsAt), 'calendar'],
    [t('meeting.room'), m.room || t('meeting.noRoom'), 'room'],
  ];
  if (m.myRole) {
    items.push([t('meeting.myRole'), roleLabel(m.myRole), 'person']);
  }
  return h(
    'header',
    { class: ['card', 'meeting__header', m.status === 'in_session' && 'meeting__header--live'] },
    m.status === 'in_session' ? h('p', { class: 'live-banner' }, h('span', { class: 'live-banner__dot', 'aria-hidden': 'true' }), t('meeting.inSession')) : null,
    h('div', { class: 'meeting__tags' }, kindChip(m.kind), statusBadge(m.status)),
    pageTitle(m.title),
    h(
      'dl',
      { class: 'facts' },
      items.map(([label, value, iconName]) => h('div', { class: 'facts__row' }, h('dt', {}, icon(iconName), label), h('dd', {}, value))),
    ),
    m.recall ? h('p', { class: 'meeting__recall' }, t('meeting.recall')) : null,
  );
}

function stepper(status) {
  const current = STATUSES.indexOf(status);
  return h(
    'ol',
    { class: 'stepper', 'aria-label': t('meeting.status') },
    STATUSES.map((s, i) =>
      h(
        'li',
        { class: ['stepper__step', i < current && 'stepper__step--done', i === current && 'stepper__step--current'], 'aria-current': i === current ? 'step' : null },
        h('span', { class: 'stepper__num', 'aria-hidden': 'true' }, String(i + 1)),
        statusLabel(s),
      ),
    ),
  );
}

function managePanel(m, state, refresh) {
  const next = nextStatus(m.status);
  const message = h('div', { class: 'alert alert--error', role: 'alert', hidden: true });
  const actions = [];
  if (next) {
    const btn = button(t(`manage.next.${next}`), { variant: next === 'closed' ? 'danger' : 'primary', iconName: 'chevron', attrs: { 'data-testid': 'next-status' } });
    btn.addEventListener('click', async () => {
      if (!(await confirmDialog(t(`manage.next.confirm.${next}`), { okLabel: t(`manage.next.${next}`), danger: next === 'closed' }))) {
        return;
      }
      message.hidden = true;
      await busy(btn, t('form.saving'), async () => {
        try {
          await api.setStatus(m.id, next);
          toast(t('manage.statusChanged', { status: statusLabel(next) }));
          await refresh('next-status');
        } catch (err) {
          message.textContent = errorMessage(err);
          message.hidden = false;
        }
      });
    });
    actions.push(btn);
  }
  actions.push(h('a', { class: 'btn btn--secondary', href: `#/meetings/${m.id}/edit` }, icon('edit'), h('span', {}, t('manage.edit'))));
  if (m.status === 'draft') {
    const del = button(t('manage.delete'), { variant: 'danger-outline', iconName: 'trash' });
    del.addEventListener('click', async () => {
      if (!(await confirmDialog(t('manage.delete.confirm', { title: m.title }), { okLabel: t('manage.delete'), danger: true }))) {
        return;
      }
      try {
        await api.deleteMeeting(m.id);
        toast(t('manage.deleted'));
        navigate('/meetings');
      } catch (err) {
        message.textContent = errorMessage(err);
        message.hidden = false;
      }
    });
    actions.push(del);
  }
  return h(
    'section',
    { class: 'card manage', 'aria-labelledby': 'manage-title' },
    h('h2', { class: 'section-title', id: 'manage-title' }, t('manage.title')),
    stepper(m.status),
    h('p', { class: 'muted' }, next ? t('manage.statusSteps') : t('manage.statusFinal')),
    message,
    h('div', { class: 'button-row' }, actions),
  );
}

// ---- agenda ----

function agendaSection(m, state, manage, draw, refresh) {
  const items = [...m.agenda].sort((a, b) => a.position - b.position);
  const list = items.length
    ? h('ol', { class: 'agenda' }, items.map((item, i) => agendaItem(m, items, item, i, state, manage, draw, refresh)))
    : h('p', { class: 'empty-line' }, t('meeting.agenda.empty'));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'agenda-title' },
    h('h2', { class: 'section-title', id: 'agenda-title' }, t('meeting.agenda')),
    list,
    manage ? agendaForm({ onSubmit: async (item) => {
      await api.addAgendaItem(m.id, item);
      toast(t('agenda.added'));
      await refresh('agenda-add-title');
    }, submitLabel: t('agenda.add'), heading: t('agenda.add') }) : null,
  );
}

function agendaItem(m, items, item, index, state, manage, draw, refresh) {
  if (state.editingItem === item.id) {
    return h(
      'li',
      { class: 'agenda__item agenda__item--editing' },
      h('span', { class: 'agenda__num', 'aria-hidden': 'true' }, String(index + 1)),
      agendaForm({
        item,
        submitLabel: t('form.save'),
        onSubmit: async (values) => {
          await api.updateAgendaItem(m.id, item.id, values);
          state.editingItem = null;
          toast(t('agenda.saved'));
          await refresh(`edit-${item.id}`);
        },
        onCancel: () => {
          state.editingItem = null;
          draw(`edit-${item.id}`);
        },
      }),
    );
  }
  const controls = manage ? agendaControls(m, items, item, index, state, draw, refresh) : null;
  return h(
    'li',
    { class: 'agenda__item', 'data-testid': 'agenda-item' },
    h('span', { class: 'agenda__num', 'aria-hidden': 'true' }, String(index + 1)),
    h(
      'div',
      { class: 'agenda__body' },
      h('p', { class: 'agenda__title' }, item.title),
      item.presenter ? h('p', { class: 'agenda__presenter' }, t('meeting.presenter', { name: item.presenter })) : null,
      item.notes ? h('p', { class: 'agenda__notes' }, item.notes) : null,
      controls,
    ),
  );
}

function agendaControls(m, items, item, index, state, draw, refresh) {
  const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
  const fail = (err) => {
    error.textContent = errorMessage(err);
    error.hidden = false;
  };
  const move = async (delta, key) => {
    const ids = items.map((x) => x.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + delta, 0, moved);
    try {
      await api.reorderAgenda(m.id, ids);
      toast(t('agenda.moved'));
      const target = index + delta;
      const stillMovable = key === 'up' ? target > 0 : target < items.length - 1;
      await refresh(stillMovable ? `${key}-${item.id}` : `${key === 'up' ? 'down' : 'up'}-${item.id}`);
    } catch (err) {
      fail(err);
    }
  };
  const up = button(t('agenda.up'), { iconName: 'up', variant: 'tool', attrs: { 'aria-label': t('agenda.up.label', { title: item.title }), 'data-focus-key': `up-${item.id}`, disabled: index === 0 } });
  up.addEventListener('click', () => move(-1, 'up'));
  const down = button(t('agenda.down'), { iconName: 'down', variant: 'tool', attrs: { 'aria-label': t('agenda.down.label', { title: item.title }), 'data-focus-key': `down-${item.id}`, disabled: index === items.length - 1 } });
  down.addEventListener('click', () => move(1, 'down'));
  const edit = button(t('agenda.edit'), { iconName: 'edit', variant: 'tool', attrs: { 'aria-label': t('agenda.edit.label', { title: item.title }), 'data-focus-key': `edit-${item.id}` } });
  edit.addEventListener('click', () => {
    state.editingItem = item.id;
    draw('agenda-edit-title');
  });
  const del = button(t('agenda.delete'), { iconName: 'trash', variant: 'tool-danger', attrs: { 'aria-label': t('agenda.delete.label', { title: item.title }) } });
  del.addEventListener('click', async () => {
    if (!(await confirmDialog(t('agenda.delete.confirm', { title: item.title }), { okLabel: t('agenda.delete'), danger: true }))) {
      return;
    }
    try {
      await api.deleteAgendaItem(m.id, item.id);
      toast(t('agenda.deleted'));
      await refresh('agenda-add-title');
    } catch (err) {
      fail(err);
    }
  });
  return h('div', { class: 'agenda__controls' }, h('div', { class: 'button-row button-row--tight' }, up, down, edit, del), error);
}

function agendaForm({ item, onSubmit, onCancel, submitLabel, heading }) {
  const editing = !!item;
  const title = field({ name: 'title', label: t('agenda.title'), value: item ? item.title : '', required: true, attrs: { 'data-focus-key': editing ? 'agenda-edit-title' : 'agenda-add-title', maxlength: 500 } });
  const presenter = field({ name: 'presenter', label: t('agenda.presenter'), value: item ? item.presenter : '', attrs: { maxlength: 200 } });
  const notes = field({ name: 'notes', label: t('agenda.notes'), type: 'textarea', value: item ? item.notes : '', attrs: { maxlength: 4000 } });
  const errors = formErrors([title, presenter, notes]);
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, icon(editing ? 'edit' : 'plus'), h('span', {}, submitLabel));
  const cancel = onCancel ? button(t('form.cancel'), { onClick: onCancel }) : null;
  const form = h(
    'form',
    { class: ['agenda-form', editing ? 'agenda-form--edit' : 'agenda-form--add'], novalidate: true, 'data-testid': editing ? 'agenda-edit-form' : 'agenda-add-form' },
    heading ? h('h3', { class: 'subsection-title' }, heading) : null,
    errors.summary,
    title.el,
    h('div', { class: 'form-grid' }, presenter.el, notes.el),
    h('div', { class: 'button-row' }, submit, cancel),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (!title.input.value.trim()) {
      errors.show([{ field: title, message: t('agenda.required.title') }]);
      return;
    }
    const values = {
      title: title.input.value.trim(),
      presenter: presenter.input.value.trim() || null,
      notes: notes.input.value.trim() || null,
    };
    await busy(submit, t('form.saving'), async () => {
      try {
        await onSubmit(values);
      } catch (err) {
        errors.showError(err);
      }
    });
  });
  return form;
}

// ---- participants ----

function participantsSection(m, state, manage, draw, refresh) {
  const section = h(
    'section',
    { class: ['card', state.editingParticipants && 'participants-card--editing'], 'aria-labelledby': 'participants-title' },
    h('h2', { class: 'section-title', id: 'participants-title' }, t('meeting.participants')),
  );
  if (state.editingParticipants) {
    section.appendChild(participantsEditor(m, state, draw, refresh));
    return section;
  }
  const order = { host: 0, member: 1, observer: 2 };
  const list = [...m.participants].sort((a, b) => order[a.role] - order[b.role]);
  section.appendChild(
    list.length
      ? h(
          'ul',
          { class: 'participants' },
          list.map((p) =>
            h(
              'li',
              { class: 'participants__item' },
              icon(p.groupId ? 'group' : 'person'),
              h('span', { class: 'participants__name' }, h('span', { class: 'visually-hidden' }, `${t(p.groupId ? 'meeting.participant.group' : 'meeting.participant.user')}: `), p.name || ''),
              h('span', { class: `chip chip--role chip--${p.role}` }, roleLabel(p.role)),
            ),
          ),
        )
      : h('p', { class: 'empty-line' }, t('meeting.participants.empty')),
  );
  if (manage) {
    const edit = button(t('participants.edit'), { iconName: 'edit', attrs: { 'data-focus-key': 'participants-edit' } });
    edit.addEventListener('click', async () => {
      await busy(edit, t('app.loading'), async () => {
        try {
          if (!state.directory) {
            const [users, groups] = await Promise.all([api.users(), api.groups()]);
            state.directory = { users, groups };
          }
          state.editingParticipants = true;
          draw('participants-first');
        } catch (err) {
          toast(errorMessage(err));
        }
      });
    });
    section.appendChild(h('div', { class: 'button-row' }, edit));
  }
  return section;
}

function participantsEditor(m, state, draw, refresh) {
  const chosen = new Map();
  m.participants.forEach((p) => chosen.set(p.groupId ? `g:${p.groupId}` : `u:${p.userId}`, p.role));
  const { users, groups } = state.directory;
  let first = true;

  const row = (key, name, iconName, extra) => {
    const cb = checkbox({ name: key, label: name, checked: chosen.has(key), attrs: { 'aria-label': t('participants.include', { name }) } });
    if (first) {
      cb.input.setAttribute('data-focus-key', 'participants-first');
      first = false;
    }
    const select = h(
      'select',
      { class: 'input input--compact', 'aria-label': t('participants.role', { name }), disabled: !chosen.has(key) },
      MEETING_ROLES.map((r) => h('option', { value: r, selected: (chosen.get(key) || 'member') === r }, roleLabel(r))),
    );
    cb.input.addEventListener('change', () => {
      select.disabled = !cb.input.checked;
    });
    if (extra) {
      cb.el.querySelector('.check__label').append(' ', h('span', { class: 'muted' }, `(${extra})`));
    }
    return { key, cb, select, el: h('li', { class: 'picker__row' }, icon(iconName), cb.el, select) };
  };

  const groupRows = groups.map((g) => row(`g:${g.id}`, g.name, 'group', t('participants.members', { count: g.memberIds.length })));
  const userRows = users.filter((u) => u.active || chosen.has(`u:${u.id}`)).map((u) => row(`u:${u.id}`, u.displayName, 'person'));
  const error = h('div', { class: 'alert alert--error', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'btn btn--primary' }, h('span', {}, t('form.save')));
  const cancel = button(t('form.cancel'), {
    onClick: () => {
      state.editingParticipants = false;
      draw('participants-edit');
    },
  });
  const form = h(
    'form',
    { class: 'picker', novalidate: true, 'data-testid': 'participants-editor' },
    error,
    h('fieldset', { class: 'picker__group' }, h('legend', {}, t('participants.groups')), h('ul', { class: 'picker__list' }, groupRows.map((r) => r.el))),
    h('fieldset', { class: 'picker__group' }, h('legend', {}, t('participants.users')), h('ul', { class: 'picker__list' }, userRows.map((r) => r.el))),
    h('div', { class: 'button-row' }, save, cancel),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const participants = [...groupRows, ...userRows]
      .filter((r) => r.cb.input.checked)
      .map((r) => {
        const [kind, id] = r.key.split(':');
        return kind === 'g' ? { groupId: Number(id), role: r.select.value } : { userId: Number(id), role: r.select.value };
      });
    await busy(save, t('form.saving'), async () => {
      try {
        await api.setParticipants(m.id, participants);
        state.editingParticipants = false;
        toast(t('participants.saved'));
        await refresh('participants-edit');
      } catch (err) {
        error.textContent = errorMessage(err);
        error.hidden = false;
        error.focus();
      }
    });
  });
  return form;
}

// ---- live meeting (page sync) ----

/** 議事進行 / 会議に参加: opens the viewer joined to the meeting's page sync (docs/ws.md). */
function liveSection(m) {
  return h(
    'section',
    { class: 'card', id: 'meeting-host', 'data-feature': 'host-console', 'aria-labelledby': 'host-title' },
    h('h2', { class: 'section-title', id: 'host-title' }, t(m.mayHost ? 'meeting.host' : 'meeting.live')),
    h('p', {}, t(m.mayHost ? 'meeting.host.lead' : 'meeting.live.lead')),
    h(
      'a',
      { class: 'btn btn--primary btn--block', href: `#/meetings/${m.id}/live`, 'data-testid': 'open-live' },
      icon('sync'),
      h('span', {}, t(m.mayHost ? 'meeting.host.open' : 'meeting.live.open')),
    ),
  );
}
