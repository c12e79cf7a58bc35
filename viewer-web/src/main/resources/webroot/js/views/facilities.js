// Screen: facilities. The way into the office dashboard (/office/, a page of its own: the floor
// map, live over /ws) and what needs attention now: the open alerts.
import { api } from '../api.js';
import { h, icon } from '../dom.js';
import { t } from '../i18n.js';
import { formatDateTime } from '../format.js';
import { pageTitle, notice, errorState } from '../ui.js';

/** At most this many open alerts here; the dashboard lists them all. */
const SHOWN = 5;

/** An alert's kind in words; a kind without words (a newer server's) as the server names it. */
function kindText(kind) {
  const key = `facilities.kind.${kind}`;
  return t(key) !== key ? t(key) : kind;
}

/** "room:dx/3F/会議室1" as 会議室1（dx 3F）; a device's id as it is. */
function subjectText(subject) {
  const room = /^room:([^/]+)\/([^/]+)\/(.+)$/.exec(subject);
  return room ? `${room[3]}（${room[1]} ${room[2]}）` : subject;
}

export async function facilitiesView() {
  const page = h(
    'div',
    { class: 'page', 'data-feature': 'facilities' },
    pageTitle(t('facilities.title')),
    notice({
      iconName: 'room',
      lines: [t('facilities.lead')],
      actions: [h('a', { class: 'btn btn--primary btn--block', href: '/office/', 'data-testid': 'open-office' }, icon('room'), h('span', {}, t('facilities.open')))],
    }),
  );
  let alerts;
  try {
    alerts = await api.alerts('open');
  } catch (err) {
    page.appendChild(errorState(err));
    return page;
  }
  page.appendChild(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'facilities-alerts' },
      h('h2', { id: 'facilities-alerts', class: 'section-title' }, t('facilities.alerts')),
      h('p', { 'data-testid': 'open-alerts' }, alerts.length ? t('facilities.alertCount', { n: alerts.length }) : t('facilities.noAlerts')),
      alerts.length
        ? h(
            'ul',
            { class: 'facilities__alerts' },
            alerts.slice(0, SHOWN).map((a) =>
              h(
                'li',
                { class: 'facilities__alert', 'data-testid': 'open-alert' },
                h('strong', {}, kindText(a.kind)),
                h('span', {}, ` ${subjectText(a.subject)}`),
                h('span', { class: 'facilities__when' }, ` — ${formatDateTime(a.raisedAt)}`),
              ),
            ),
          )
        : null,
    ),
  );
  return page;
}
