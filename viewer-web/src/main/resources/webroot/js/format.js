// Labels and dates. Japanese dates use the Japanese era (和暦), English dates are ISO-like.
import { lang, t } from './i18n.js';

/** Meetings are held in Japan; show their times in Japan time whatever the tablet's zone. */
export const TIME_ZONE = 'Asia/Tokyo';
const JST_OFFSET = '+09:00';

function parts(formatter, date) {
  const out = {};
  for (const p of formatter.formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
}

const warekiDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: TIME_ZONE,
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
});
const isoParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

/** The date alone: 令和8年12月1日(火) / 2026-12-01 (Tue). */
export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  if (lang() === 'ja') {
    const p = parts(warekiDate, d);
    const year = p.year === '1' ? '元' : p.year;
    return `${p.era}${year}年${p.month}月${p.day}日(${p.weekday})`;
  }
  const p = parts(isoParts, d);
  return `${p.year}-${p.month}-${p.day} (${p.weekday})`;
}

/** The time alone, 24-hour: 10:00. */
export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  const p = parts(isoParts, d);
  return `${p.hour}:${p.minute}`;
}

/** 令和8年12月1日(火) 10:00 / 2026-12-01 (Tue) 10:00 */
export function formatDateTime(iso) {
  const date = formatDate(iso);
  return date ? `${date} ${formatTime(iso)}` : '';
}

/** ISO instant → value for <input type="datetime-local"> in Japan time. */
export function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  const p = parts(isoParts, d);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Value of <input type="datetime-local"> (Japan time) → ISO with offset. */
export function fromLocalInput(value) {
  if (!value) {
    return '';
  }
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}${JST_OFFSET}`;
}

export const KINDS = ['plenary', 'committee', 'internal'];
export const STATUSES = ['draft', 'published', 'in_session', 'closed'];
export const MEETING_ROLES = ['host', 'member', 'observer'];
export const USER_ROLES = ['admin', 'clerk', 'host', 'member', 'facilities'];

export const kindLabel = (kind) => t(`kind.${kind}`);
export const statusLabel = (status) => t(`status.${status}`);
export const roleLabel = (role) => t(`role.${role}`);
export const userRoleLabel = (role) => t(`roles.${role}`);

/** The status after this one, or null when closed (the API moves one step at a time). */
export function nextStatus(status) {
  const i = STATUSES.indexOf(status);
  return i >= 0 && i < STATUSES.length - 1 ? STATUSES[i + 1] : null;
}

const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 'today', 'tomorrow' or null, by the calendar day in Japan. */
export function relativeDay(iso, now = new Date()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return null;
  }
  const target = dayKey.format(d);
  if (target === dayKey.format(now)) {
    return 'today';
  }
  if (target === dayKey.format(new Date(now.getTime() + 24 * 3600 * 1000))) {
    return 'tomorrow';
  }
  return null;
}
