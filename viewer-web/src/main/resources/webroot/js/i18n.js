// All UI text, Japanese first. Views call t('key', {param}) and never hard-code text.
// Adding a language: add a dictionary below with the same keys; missing keys fall back to ja.

const STORAGE_KEY = 'kaigi.lang';
export const LANGUAGES = ['ja', 'en'];

const ja = {
  'app.name': 'Kaigi 会議',
  'app.skip': '本文へ移動',
  'app.loading': '読み込み中…',
  'app.offline': 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。',
  'app.error': '問題が発生しました。もう一度お試しください。',
  'app.retry': 'もう一度読み込む',
  'app.forbidden': 'この画面を表示する権限がありません。',
  'app.notFound': 'ページが見つかりません。',
  'app.toMeetings': '会議一覧へ',

  'lang.switch': 'English',
  'lang.switchLabel': 'English（英語表示に切り替え）',

  'nav.label': 'メインメニュー',
  'nav.meetings': '会議一覧',
  'nav.admin': '管理',
  'nav.facilities': '施設',
  'nav.savings': '削減効果',
  'header.user': 'ログイン中: {name}',
  'header.logout': 'ログアウト',

  'login.title': 'ログイン',
  'login.lead': '議会・会議資料システムにログインします。',
  'login.login': 'ログインID',
  'login.password': 'パスワード',
  'login.showPassword': 'パスワードを表示',
  'login.submit': 'ログイン',
  'login.submitting': 'ログインしています…',
  'login.required.login': 'ログインIDを入力してください。',
  'login.required.password': 'パスワードを入力してください。',
  'login.invalid': 'ログインIDまたはパスワードが正しくありません。',
  'login.locked': 'ログインの失敗が続いたため、一時的にロックされています。しばらく待ってから、もう一度お試しください。',
  'login.help': 'ログインできないときは、議会事務局にお問い合わせください。',
  'login.loggedOut': 'ログアウトしました。',
  'login.expired': 'ログインの有効期限が切れました。もう一度ログインしてください。',

  'meetings.title': '会議一覧',
  'meetings.create': '会議を作成',
  'meetings.upcoming': '予定・開催中の会議',
  'meetings.closed': '閉会した会議',
  'meetings.count': '{count}件',
  'meetings.empty.title': '表示できる会議はありません',
  'meetings.empty.body': 'あなたが招待された会議が公開されると、ここに表示されます。',
  'meetings.empty.help': 'ご不明な点は議会事務局にお問い合わせください。',
  'meetings.empty.clerk': '「会議を作成」から新しい会議を登録できます。',
  'meetings.room': '会場',
  'meetings.date': '日時',
  'meetings.open': '{title} を開く',
  'day.today': '本日',
  'day.tomorrow': '明日',

  'kind.plenary': '本会議',
  'kind.committee': '委員会',
  'kind.internal': '庁内会議',
  'status.draft': '下書き',
  'status.published': '公開',
  'status.in_session': '開会中',
  'status.closed': '閉会',
  'role.host': '主催（議長）',
  'role.member': '委員',
  'role.observer': '傍聴',

  'meeting.back': '会議一覧へ戻る',
  'meeting.kind': '種類',
  'meeting.date': '日時',
  'meeting.room': '会場',
  'meeting.status': '状態',
  'meeting.myRole': 'あなたの役割',
  'meeting.noRoom': '未定',
  'meeting.recall': '閉会後に資料を回収',
  'meeting.inSession': 'ただいま開会中です',
  'meeting.notFound': 'この会議は見つからないか、表示する権限がありません。',
  'meeting.agenda': '議事日程',
  'meeting.agenda.empty': '議題はまだ登録されていません。',
  'meeting.presenter': '説明者: {name}',
  'meeting.participants': '出席者',
  'meeting.participants.empty': '出席者はまだ登録されていません。',
  'meeting.participant.group': 'グループ',
  'meeting.participant.user': '個人',
  'meeting.documents': '資料',
  'meeting.documents.soon': '会議資料の閲覧機能は準備中です。公開されると、ここから資料を開けるようになります。',
  'meeting.host': '議事進行',
  'meeting.host.soon': '資料のページを出席者の画面とそろえる「議事進行コンソール」は準備中です。',

  'manage.title': '会議の管理（事務局）',
  'manage.edit': '会議情報を編集',
  'manage.delete': '会議を削除',
  'manage.delete.confirm': '「{title}」を削除します。よろしいですか？',
  'manage.deleted': '会議を削除しました。',
  'manage.next.published': '公開する',
  'manage.next.in_session': '開会する',
  'manage.next.closed': '閉会する',
  'manage.next.confirm.published': '会議を公開すると、出席者の端末に表示されます。公開しますか？',
  'manage.next.confirm.in_session': '会議を開会しますか？',
  'manage.next.confirm.closed': '会議を閉会しますか？閉会すると元に戻せません。',
  'manage.statusChanged': '状態を「{status}」にしました。',
  'manage.statusFinal': 'この会議は閉会しています。',
  'manage.statusSteps': '状態は 下書き → 公開 → 開会中 → 閉会 の順に進みます。',

  'agenda.add': '議題を追加',
  'agenda.title': '議題',
  'agenda.presenter': '説明者（任意）',
  'agenda.notes': 'メモ（任意）',
  'agenda.required.title': '議題を入力してください。',
  'agenda.up': '上へ',
  'agenda.down': '下へ',
  'agenda.up.label': '「{title}」を上へ移動',
  'agenda.down.label': '「{title}」を下へ移動',
  'agenda.edit': '編集',
  'agenda.edit.label': '「{title}」を編集',
  'agenda.delete': '削除',
  'agenda.delete.label': '「{title}」を削除',
  'agenda.delete.confirm': '議題「{title}」を削除しますか？',
  'agenda.added': '議題を追加しました。',
  'agenda.saved': '議題を保存しました。',
  'agenda.deleted': '議題を削除しました。',
  'agenda.moved': '議題の順番を変更しました。',

  'participants.edit': '出席者を編集',
  'participants.users': '個人',
  'participants.groups': 'グループ',
  'participants.include': '{name} を出席者にする',
  'participants.role': '{name} の役割',
  'participants.saved': '出席者を保存しました。',
  'participants.members': '{count}人',

  'form.save': '保存',
  'form.cancel': 'キャンセル',
  'form.create': '作成',
  'form.saving': '保存しています…',
  'form.optional': '任意',
  'form.required': '必須',
  'form.fix': '入力内容を確認してください。',
  'dialog.ok': 'はい',
  'dialog.cancel': 'いいえ',

  'meetingForm.createTitle': '会議を作成',
  'meetingForm.editTitle': '会議情報を編集',
  'meetingForm.title': '会議名',
  'meetingForm.kind': '種類',
  'meetingForm.startsAt': '開始日時',
  'meetingForm.startsAt.hint': '日本時間で入力します。',
  'meetingForm.room': '会場（任意）',
  'meetingForm.group': '対象グループ（任意）',
  'meetingForm.group.none': '指定しない',
  'meetingForm.recall': '閉会後に出席者の端末から資料を回収する',
  'meetingForm.required.title': '会議名を入力してください。',
  'meetingForm.required.startsAt': '開始日時を入力してください。',
  'meetingForm.created': '会議を作成しました（下書き）。',
  'meetingForm.saved': '会議情報を保存しました。',

  'admin.title': '管理',
  'admin.users': '利用者',
  'admin.groups': 'グループ',
  'admin.audit': '操作記録',
  'admin.user.login': 'ログインID',
  'admin.user.name': '表示名',
  'admin.user.roles': '権限',
  'admin.user.state': '状態',
  'admin.user.active': '有効',
  'admin.user.inactive': '無効',
  'admin.user.actions': '操作',
  'admin.user.deactivate': '無効にする',
  'admin.user.activate': '有効にする',
  'admin.user.deactivate.label': '{name} を無効にする',
  'admin.user.activate.label': '{name} を有効にする',
  'admin.user.deactivated': '{name} を無効にしました。',
  'admin.user.activated': '{name} を有効にしました。',
  'admin.user.create': '利用者を追加',
  'admin.user.password': '初期パスワード（10文字以上）',
  'admin.user.created': '利用者を追加しました。',
  'admin.user.required.login': 'ログインIDを入力してください。',
  'admin.user.required.name': '表示名を入力してください。',
  'admin.user.required.roles': '権限を1つ以上選んでください。',
  'admin.user.required.password': 'パスワードは10文字以上にしてください。',
  'admin.group.name': 'グループ名',
  'admin.group.description': '説明（任意）',
  'admin.group.members': 'メンバー',
  'admin.group.noMembers': 'メンバーはいません。',
  'admin.group.editMembers': 'メンバーを編集',
  'admin.group.editMembers.label': '{name} のメンバーを編集',
  'admin.group.saved': 'メンバーを保存しました。',
  'admin.group.create': 'グループを追加',
  'admin.group.created': 'グループを追加しました。',
  'admin.group.required.name': 'グループ名を入力してください。',
  'admin.audit.at': '日時',
  'admin.audit.actor': '操作者',
  'admin.audit.action': '操作',
  'admin.audit.target': '対象',
  'admin.audit.empty': '記録はありません。',

  'roles.admin': 'システム管理者',
  'roles.clerk': '議会事務局',
  'roles.host': '議長・委員長',
  'roles.member': '議員・委員',
  'roles.facilities': '施設管理',

  'facilities.title': '施設ダッシュボード',
  'facilities.soon': '会議室の利用状況や室内環境（CO₂・温度・湿度）を表示する画面は準備中です。',
  'savings.title': '削減効果',
  'savings.soon': '紙・印刷費・作業時間の削減効果を表示する画面は準備中です。',
};

const en = {
  'app.name': 'Kaigi 会議',
  'app.skip': 'Skip to content',
  'app.loading': 'Loading…',
  'app.offline': 'Cannot reach the server. Please check the network and try again.',
  'app.error': 'Something went wrong. Please try again.',
  'app.retry': 'Reload',
  'app.forbidden': 'You do not have permission to view this page.',
  'app.notFound': 'Page not found.',
  'app.toMeetings': 'Go to meetings',

  'lang.switch': '日本語',
  'lang.switchLabel': '日本語 (switch to Japanese)',

  'nav.label': 'Main menu',
  'nav.meetings': 'Meetings',
  'nav.admin': 'Administration',
  'nav.facilities': 'Facilities',
  'nav.savings': 'Savings',
  'header.user': 'Signed in: {name}',
  'header.logout': 'Log out',

  'login.title': 'Log in',
  'login.lead': 'Log in to the council meeting document system.',
  'login.login': 'Login ID',
  'login.password': 'Password',
  'login.showPassword': 'Show password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.required.login': 'Please enter your login ID.',
  'login.required.password': 'Please enter your password.',
  'login.invalid': 'The login ID or password is incorrect.',
  'login.locked': 'Too many failed attempts: the account is locked for a while. Please wait and try again.',
  'login.help': 'If you cannot log in, please contact the council secretariat.',
  'login.loggedOut': 'You have logged out.',
  'login.expired': 'Your session has expired. Please log in again.',

  'meetings.title': 'Meetings',
  'meetings.create': 'Create meeting',
  'meetings.upcoming': 'Upcoming and in session',
  'meetings.closed': 'Closed meetings',
  'meetings.count': '{count}',
  'meetings.empty.title': 'No meetings to show',
  'meetings.empty.body': 'Meetings you are invited to appear here once they are published.',
  'meetings.empty.help': 'If you have questions, please contact the council secretariat.',
  'meetings.empty.clerk': 'Use “Create meeting” to register a new meeting.',
  'meetings.room': 'Room',
  'meetings.date': 'Date',
  'meetings.open': 'Open {title}',
  'day.today': 'Today',
  'day.tomorrow': 'Tomorrow',

  'kind.plenary': 'Plenary',
  'kind.committee': 'Committee',
  'kind.internal': 'Internal',
  'status.draft': 'Draft',
  'status.published': 'Published',
  'status.in_session': 'In session',
  'status.closed': 'Closed',
  'role.host': 'Host (chair)',
  'role.member': 'Member',
  'role.observer': 'Observer',

  'meeting.back': 'Back to meetings',
  'meeting.kind': 'Kind',
  'meeting.date': 'Date',
  'meeting.room': 'Room',
  'meeting.status': 'Status',
  'meeting.myRole': 'Your role',
  'meeting.noRoom': 'Not decided',
  'meeting.recall': 'Documents recalled after closing',
  'meeting.inSession': 'The meeting is in session',
  'meeting.notFound': 'This meeting does not exist or you may not view it.',
  'meeting.agenda': 'Agenda',
  'meeting.agenda.empty': 'No agenda items yet.',
  'meeting.presenter': 'Presenter: {name}',
  'meeting.participants': 'Participants',
  'meeting.participants.empty': 'No participants yet.',
  'meeting.participant.group': 'Group',
  'meeting.participant.user': 'Person',
  'meeting.documents': 'Documents',
  'meeting.documents.soon': 'Viewing meeting documents is coming soon. Once published, documents will open from here.',
  'meeting.host': 'Host console',
  'meeting.host.soon': 'The host console, which keeps everyone on the same document page, is coming soon.',

  'manage.title': 'Manage meeting (secretariat)',
  'manage.edit': 'Edit meeting',
  'manage.delete': 'Delete meeting',
  'manage.delete.confirm': 'Delete “{title}”?',
  'manage.deleted': 'Meeting deleted.',
  'manage.next.published': 'Publish',
  'manage.next.in_session': 'Open session',
  'manage.next.closed': 'Close meeting',
  'manage.next.confirm.published': 'Publishing shows the meeting on participants’ tablets. Publish now?',
  'manage.next.confirm.in_session': 'Open the session now?',
  'manage.next.confirm.closed': 'Close the meeting? This cannot be undone.',
  'manage.statusChanged': 'Status changed to “{status}”.',
  'manage.statusFinal': 'This meeting is closed.',
  'manage.statusSteps': 'Status moves Draft → Published → In session → Closed.',

  'agenda.add': 'Add agenda item',
  'agenda.title': 'Agenda item',
  'agenda.presenter': 'Presenter (optional)',
  'agenda.notes': 'Notes (optional)',
  'agenda.required.title': 'Please enter the agenda item.',
  'agenda.up': 'Up',
  'agenda.down': 'Down',
  'agenda.up.label': 'Move “{title}” up',
  'agenda.down.label': 'Move “{title}” down',
  'agenda.edit': 'Edit',
  'agenda.edit.label': 'Edit “{title}”',
  'agenda.delete': 'Delete',
  'agenda.delete.label': 'Delete “{title}”',
  'agenda.delete.confirm': 'Delete the agenda item “{title}”?',
  'agenda.added': 'Agenda item added.',
  'agenda.saved': 'Agenda item saved.',
  'agenda.deleted': 'Agenda item deleted.',
  'agenda.moved': 'Agenda order changed.',

  'participants.edit': 'Edit participants',
  'participants.users': 'People',
  'participants.groups': 'Groups',
  'participants.include': 'Include {name}',
  'participants.role': 'Role of {name}',
  'participants.saved': 'Participants saved.',
  'participants.members': '{count} people',

  'form.save': 'Save',
  'form.cancel': 'Cancel',
  'form.create': 'Create',
  'form.saving': 'Saving…',
  'form.optional': 'optional',
  'form.required': 'required',
  'form.fix': 'Please check your input.',
  'dialog.ok': 'Yes',
  'dialog.cancel': 'No',

  'meetingForm.createTitle': 'Create meeting',
  'meetingForm.editTitle': 'Edit meeting',
  'meetingForm.title': 'Title',
  'meetingForm.kind': 'Kind',
  'meetingForm.startsAt': 'Starts at',
  'meetingForm.startsAt.hint': 'Japan time.',
  'meetingForm.room': 'Room (optional)',
  'meetingForm.group': 'Group (optional)',
  'meetingForm.group.none': 'None',
  'meetingForm.recall': 'Recall documents from tablets after the meeting closes',
  'meetingForm.required.title': 'Please enter a title.',
  'meetingForm.required.startsAt': 'Please enter the start date and time.',
  'meetingForm.created': 'Meeting created (draft).',
  'meetingForm.saved': 'Meeting saved.',

  'admin.title': 'Administration',
  'admin.users': 'Users',
  'admin.groups': 'Groups',
  'admin.audit': 'Audit log',
  'admin.user.login': 'Login ID',
  'admin.user.name': 'Display name',
  'admin.user.roles': 'Roles',
  'admin.user.state': 'State',
  'admin.user.active': 'Active',
  'admin.user.inactive': 'Inactive',
  'admin.user.actions': 'Actions',
  'admin.user.deactivate': 'Deactivate',
  'admin.user.activate': 'Activate',
  'admin.user.deactivate.label': 'Deactivate {name}',
  'admin.user.activate.label': 'Activate {name}',
  'admin.user.deactivated': '{name} deactivated.',
  'admin.user.activated': '{name} activated.',
  'admin.user.create': 'Add user',
  'admin.user.password': 'Initial password (10 characters or more)',
  'admin.user.created': 'User added.',
  'admin.user.required.login': 'Please enter a login ID.',
  'admin.user.required.name': 'Please enter a display name.',
  'admin.user.required.roles': 'Please choose at least one role.',
  'admin.user.required.password': 'The password needs at least 10 characters.',
  'admin.group.name': 'Group name',
  'admin.group.description': 'Description (optional)',
  'admin.group.members': 'Members',
  'admin.group.noMembers': 'No members.',
  'admin.group.editMembers': 'Edit members',
  'admin.group.editMembers.label': 'Edit members of {name}',
  'admin.group.saved': 'Members saved.',
  'admin.group.create': 'Add group',
  'admin.group.created': 'Group added.',
  'admin.group.required.name': 'Please enter a group name.',
  'admin.audit.at': 'When',
  'admin.audit.actor': 'Who',
  'admin.audit.action': 'Action',
  'admin.audit.target': 'Target',
  'admin.audit.empty': 'No entries.',

  'roles.admin': 'Administrator',
  'roles.clerk': 'Secretariat',
  'roles.host': 'Chair',
  'roles.member': 'Council member',
  'roles.facilities': 'Facilities',

  'facilities.title': 'Facilities dashboard',
  'facilities.soon': 'The dashboard for room use and room climate (CO₂, temperature, humidity) is coming soon.',
  'savings.title': 'Savings',
  'savings.soon': 'The page showing paper, printing cost and work time saved is coming soon.',
};

const DICTIONARIES = { ja, en };
const listeners = new Set();

function initialLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) {
      return saved;
    }
  } catch (e) {
    // Storage may be disabled; fall back to Japanese.
  }
  return 'ja';
}

let current = initialLanguage();

/** The current language code ('ja' or 'en'). */
export function lang() {
  return current;
}

/** Translates a key, filling {placeholders} from params. Unknown keys show the key itself. */
export function t(key, params = {}) {
  const text = DICTIONARIES[current][key] ?? ja[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Sets <html lang> and the static parts of index.html to the current language. */
export function applyLanguage() {
  document.documentElement.lang = current;
  const skip = document.getElementById('skip-link');
  if (skip) {
    skip.textContent = t('app.skip');
  }
}

export function setLanguage(code) {
  if (!LANGUAGES.includes(code) || code === current) {
    return;
  }
  current = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch (e) {
    // Not persisted; the switch still applies to this page.
  }
  applyLanguage();
  listeners.forEach((fn) => fn(code));
}

export function toggleLanguage() {
  setLanguage(current === 'ja' ? 'en' : 'ja');
}

export function onLanguageChange(fn) {
  listeners.add(fn);
}

/** Exposed for tests: every key present in both dictionaries. */
export function missingKeys() {
  const a = Object.keys(ja).filter((k) => !(k in en));
  const b = Object.keys(en).filter((k) => !(k in ja));
  return [...a, ...b];
}
