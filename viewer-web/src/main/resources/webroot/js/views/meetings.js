// Screen 2: the meetings as big cards, upcoming first, closed ones after.
import { api } from '../api.js';
import { h, icon } from '../dom.js';
import { t } from '../i18n.js';
import { isManager } from '../session.js';
import { formatDate, formatTime, relativeDay } from '../format.js';
import { pageTitle, statusBadge, kindChip, notice } from '../ui.js';

function byStart(a, b) {
  return new Date(a.startsAt) - new Date(b.startsAt);
}

function card(m) {
  const day = m.status !== 'closed' ? relativeDay(m.startsAt) : null;
  return h(
    'li',
    { class: 'meeting-list__item' },
    h(
      'a',
      { class: `meeting-card meeting-card--${m.status}`, href: `#/meetings/${m.id}`, 'data-testid': 'meeting-card' },
      h(
        'div',
        { class: 'meeting-card__when' },
        day ? h('span', { class: `day-tag day-tag--${day}` }, t(`day.${day}`)) : null,
        h('span', { class: 'meeting-card__date' }, formatDate(m.startsAt)),
        h('span', { class: 'meeting-card__time' }, formatTime(m.startsAt)),
      ),
      h(
        'div',
        { class: 'meeting-card__body' },
        h('div', { class: 'meeting-card__tags' }, kindChip(m.kind), statusBadge(m.status)),
        h('h3', { class: 'meeting-card__title' }, m.title),
        m.room ? h('p', { class: 'meeting-card__room' }, icon('room'), h('span', { class: 'visually-hidden' }, `${t('meetings.room')}: `), m.room) : null,
      ),
      icon('chevron', 'meeting-card__chevron'),
    ),
  );
}

function section(titleKey, list, id) {
  return h(
    'section',
    { class: 'meeting-section', 'aria-labelledby': id },
    h('h2', { class: 'section-title', id }, t(titleKey), h('span', { class: 'count' }, t('meetings.count', { count: list.length }))),
    h('ul', { class: 'meeting-list' }, list.map(card)),
  );
}

export async function meetingsView() {
  const meetings = await api.meetings();
  const manager = isManager();
  const create = manager
    ? h('a', { class: 'btn btn--primary btn--large', href: '#/meetings/new', 'data-testid': 'create-meeting' }, icon('plus'), h('span', {}, t('meetings.create')))
    : null;
  const header = pageTitle(t('meetings.title'), create);
  if (!meetings.length) {
    return h(
      'div',
      { class: 'page' },
      header,
      notice({
        title: t('meetings.empty.title'),
        lines: manager ? [t('meetings.empty.clerk')] : [t('meetings.empty.body'), t('meetings.empty.help')],
        className: 'notice--empty',
      }),
    );
  }
  const open = meetings.filter((m) => m.status !== 'closed').sort(byStart);
  const closed = meetings.filter((m) => m.status === 'closed').sort((a, b) => byStart(b, a));
  return h(
    'div',
    { class: 'page' },
    header,
    open.length ? section('meetings.upcoming', open, 'meetings-open') : null,
    closed.length ? section('meetings.closed', closed, 'meetings-closed') : null,
  );
}
