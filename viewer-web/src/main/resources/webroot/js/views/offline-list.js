// Without the server: the meeting packets this tablet keeps for the logged-in user (offline.js),
// each document a large link into the viewer. Shown for 会議一覧 and a meeting's page while offline.
import { h, icon } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser } from '../session.js';
import { formatDateTime } from '../format.js';
import { pageTitle, notice } from '../ui.js';
import { offlinePackets } from '../offline.js';

function docLink(meetingId, d) {
  return h(
    'li',
    { class: 'saved-docs__item' },
    h(
      'a',
      { class: 'saved-doc', href: `#/meetings/${meetingId}/documents/${d.id}`, 'data-testid': 'saved-doc' },
      icon('doc', 'saved-doc__icon'),
      h('span', { class: 'saved-doc__title' }, d.title),
      d.current.pages ? h('span', { class: 'saved-doc__pages' }, t('docs.pages', { n: d.current.pages })) : null,
      icon('chevron', 'saved-doc__chevron'),
    ),
  );
}

function packetSection(p) {
  const id = `saved-${p.meeting.id}`;
  return h(
    'section',
    { class: 'saved-meeting', 'aria-labelledby': id, 'data-testid': 'saved-meeting' },
    h('h2', { class: 'saved-meeting__title', id }, p.meeting.title),
    p.meeting.startsAt ? h('p', { class: 'saved-meeting__when' }, formatDateTime(p.meeting.startsAt)) : null,
    h('ul', { class: 'saved-docs' }, p.docs.map((d) => docLink(p.meeting.id, d))),
    h('p', { class: 'saved-meeting__saved' }, t('offline.savedAt', { when: formatDateTime(p.savedAt) })),
  );
}

export async function offlineMeetingsView(params = {}) {
  const me = currentUser();
  let packets = me ? await offlinePackets(me.id) : [];
  if (params.id !== undefined) {
    packets = packets.filter((p) => String(p.meeting.id) === String(params.id));
  }
  const title = pageTitle(t('offline.title'));
  if (!packets.length) {
    return h('div', { class: 'page' }, title, notice({ title: t('offline.none'), lines: [t('offline.noneHelp')], className: 'notice--empty' }));
  }
  return h('div', { class: 'page' }, title, h('p', { class: 'lead' }, t('offline.lead')), packets.map(packetSection));
}
