// 資料: the meeting's documents on the meeting page. Everyone sees the list (tap → viewer);
// clerks upload, replace (差し替え), withdraw (取り下げ) and mark documents confidential (秘).
import { api } from '../api.js';
import { h, icon, clear, uid } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser, isManager } from '../session.js';
import { dropMeetingCache, refreshPacketSoon } from '../offline.js';
import { openSync } from '../sync.js';
import { field, checkbox, button, busy, toast, confirmDialog, notice, errorMessage } from '../ui.js';

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const POLL_MS = 2000;

/**
 * Why a version's processing failed, in the user's language: the server sends a stable code
 * (DocumentFailure) and keeps its English failureDetail for operators. A code we have no words for
 * (a newer server) is shown as it is, in the general message's brackets.
 */
export function failureText(code) {
  const key = `docs.failure.${code}`;
  return t(key) !== key ? t(key) : t('docs.failed', { reason: code });
}

/** The documents card of a meeting page; keeps its own state across the page's redraws. */
export function documentsPanel(meetingRef) {
  const list = h('div', { class: 'docs__list', 'aria-live': 'polite' });
  const uploadArea = h('div', { class: 'docs__upload' });
  const el = h(
    'section',
    { class: 'card docs', id: 'meeting-documents', 'data-feature': 'documents', 'aria-labelledby': 'documents-title' },
    h('h2', { class: 'section-title', id: 'documents-title' }, t('meeting.documents')),
    list,
    uploadArea,
  );
  let docs = null;
  let timer = null;
  let fillAllowed = () => {};
  let currentFile = null;
  let loadError = null;

  const manage = () => meetingRef().mayManage && isManager();

  async function load() {
    const mm = meetingRef();
    if (mm.status === 'closed' && mm.recall) {
      dropMeetingCache(mm.id);
    }
    try {
      docs = await api.documents(meetingRef().id);
      loadError = null;
    } catch (err) {
      loadError = err;
    }
    drawList();
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    const pending = docs && docs.some((d) => d.status === 'processing');
    if (pending) {
      timer = setTimeout(() => {
        if (el.isConnected) {
          load();
        }
      }, POLL_MS);
    }
  }

  function drawList() {
    clear(list);
    if (loadError) {
      list.appendChild(h('div', { class: 'alert alert--error', role: 'alert' }, errorMessage(loadError)));
      return;
    }
    if (docs === null) {
      list.appendChild(h('p', { class: 'loading', role: 'status' }, t('app.loading')));
      return;
    }
    const visible = docs.filter((d) => manage() || !d.withdrawn);
    if (!visible.length) {
      list.appendChild(notice({ iconName: 'doc', lines: [t(manage() ? 'docs.emptyClerk' : 'docs.empty')] }));
      return;
    }
    list.appendChild(h('ul', { class: 'docs__items' }, visible.map((d) => docItem(d))));
  }

  function agendaTitle(d) {
    const item = (meetingRef().agenda || []).find((a) => a.id === d.agendaItemId);
    return item ? item.title : null;
  }

  function docItem(d) {
    const m = meetingRef();
    const pages = d.current ? d.current.pages : null;
    const openable = d.current && !d.withdrawn;
    const titleNode = openable
      ? h('a', { class: 'doc__open', href: `#/meetings/${m.id}/documents/${d.id}`, 'data-testid': 'document-open' }, icon('doc'), h('span', {}, d.title))
      : h('span', { class: 'doc__title' }, icon('doc'), h('span', {}, d.title));
    const meta = h(
      'p',
      { class: 'doc__meta' },
      pages ? h('span', {}, t('docs.pages', { n: pages })) : null,
      agendaTitle(d) ? h('span', {}, t('docs.agenda', { title: agendaTitle(d) })) : null,
      d.current && d.current.version > 1 ? h('span', {}, t('docs.version', { v: d.current.version })) : null,
      // scanned (image-only) pages that search cannot find: the clerk may want to replace the
      // file, and a member learns why a search does not find what they can see
      d.current && d.current.textPages != null && d.current.textPages < d.current.pages
        ? h('span', { class: 'doc__notext', 'data-testid': 'document-no-text' }, t('docs.noText', { n: d.current.pages - d.current.textPages }))
        : null,
    );
    const badges = h(
      'span',
      { class: 'doc__badges' },
      d.confidential ? h('span', { class: 'tag tag--secret', title: t('docs.confidential') }, t('docs.secret'), h('span', { class: 'visually-hidden' }, t('docs.confidential'))) : null,
      d.withdrawn ? h('span', { class: 'tag tag--withdrawn' }, t('docs.withdrawn')) : null,
      manage() && d.status !== 'ready' ? statusTag(d) : null,
    );
    const li = h('li', { class: ['doc', d.withdrawn ? 'doc--withdrawn' : null], 'data-testid': 'document-item', 'data-document-id': d.id }, h('div', { class: 'doc__head' }, titleNode, badges), meta);
    if (manage() && d.status === 'failed' && d.failure) {
      li.appendChild(h('p', { class: 'doc__failure', role: 'alert', 'data-testid': 'document-failure' }, failureText(d.failure)));
    }
    if (manage() && !d.withdrawn) {
      li.appendChild(docActions(d));
    }
    return li;
  }

  function statusTag(d) {
    return h('span', { class: `tag tag--${d.status}`, 'data-testid': 'document-status' }, t(`docs.status.${d.status}`));
  }

  function docActions(d) {
    const progress = h('progress', { class: 'doc__progress', max: 1, value: 0, hidden: true });
    const message = h('p', { class: 'doc__error', role: 'alert', hidden: true });
    const fileInput = h('input', { type: 'file', accept: ACCEPT, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
    const replaceBtn = button(t('docs.replace'), { iconName: 'sync', attrs: { 'aria-label': t('docs.replaceNamed', { title: d.title }) } });
    replaceBtn.addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', async () => {
      const file = fileInput.files[0];
      if (!file) {
        return;
      }
      const ok = await confirmDialog(t('docs.replaceConfirm', { title: d.title, file: file.name }), { okLabel: t('docs.replace') });
      if (!ok) {
        fileInput.value = '';
        return;
      }
      const fd = new FormData();
      fd.append('file', file);
      message.hidden = true;
      progress.hidden = false;
      try {
        await busy(replaceBtn, t('docs.uploading'), () => api.replaceDocument(d.id, fd, (f) => {
          progress.value = f;
        }));
        toast(t('docs.replaced', { title: d.title }));
        load();
      } catch (err) {
        message.textContent = errorMessage(err);
        message.hidden = false;
      } finally {
        progress.hidden = true;
        fileInput.value = '';
      }
    });
    const withdrawBtn = button(t('docs.withdraw'), { variant: 'danger', iconName: 'trash', attrs: { 'aria-label': t('docs.withdrawNamed', { title: d.title }) } });
    withdrawBtn.addEventListener('click', async () => {
      const ok = await confirmDialog(t('docs.withdrawConfirm', { title: d.title }), { okLabel: t('docs.withdraw'), danger: true });
      if (!ok) {
        return;
      }
      try {
        await busy(withdrawBtn, null, () => api.withdrawDocument(d.id));
        toast(t('docs.withdrawnToast', { title: d.title }));
        load();
      } catch (err) {
        message.textContent = errorMessage(err);
        message.hidden = false;
      }
    });
    return h('div', { class: 'doc__actions' }, replaceBtn, withdrawBtn, fileInput, progress, message);
  }

  function drawUpload() {
    clear(uploadArea);
    if (!manage()) {
      return;
    }
    const m = meetingRef();
    const fileId = uid('file');
    const fileInput = h('input', { id: fileId, type: 'file', name: 'file', accept: ACCEPT, class: 'input input--file', 'data-testid': 'upload-file', 'aria-describedby': `${fileId}-hint` });
    const title = field({ name: 'title', label: t('docs.form.title'), hint: t('docs.form.titleHint') });
    const agenda = field({
      name: 'agendaItemId',
      label: t('docs.form.agenda'),
      type: 'select',
      options: [{ value: '', label: t('docs.form.noAgenda') }, ...(m.agenda || []).map((a) => ({ value: a.id, label: a.title }))],
    });
    const secret = checkbox({ name: 'confidential', label: t('docs.form.confidential') });
    let allowed = [];
    const allowedBox = h('fieldset', { class: 'docs__allowed', hidden: true });
    fillAllowed = () => {
      const people = directory ? directory : (m.participants || []).filter((p) => p.userId).map((p) => ({ userId: p.userId, name: p.name }));
      const checked = new Set(allowed.filter((c) => c.input.checked).map((c) => c.input.value));
      allowed = people.map((p) => checkbox({ name: 'allowed', label: p.name, value: p.userId, checked: checked.has(String(p.userId)) }));
      clear(allowedBox);
      allowedBox.appendChild(h('legend', {}, t('docs.form.allowed')));
      if (people.length) {
        allowed.forEach((c) => allowedBox.appendChild(c.el));
      } else {
        allowedBox.appendChild(h('p', {}, t('docs.form.noPeople')));
      }
    };
    fillAllowed();
    currentFile = fileInput;
    secret.input.addEventListener('change', () => {
      allowedBox.hidden = !secret.input.checked;
    });
    const progress = h('progress', { class: 'doc__progress', max: 1, value: 0, hidden: true, 'data-testid': 'upload-progress' });
    const message = h('div', { class: 'alert alert--error', role: 'alert', hidden: true, 'data-testid': 'upload-error' });
    const submit = button(t('docs.upload'), { variant: 'primary', iconName: 'plus', type: 'submit', attrs: { 'data-testid': 'upload-submit' } });
    const form = h(
      'form',
      { class: 'docs__form', novalidate: true },
      h('h3', { class: 'subsection-title' }, t('docs.uploadTitle')),
      message,
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: fileId }, t('docs.form.file')), h('p', { class: 'field__hint', id: `${fileId}-hint` }, t('docs.form.fileHint')), fileInput),
      title.el,
      agenda.el,
      secret.el,
      allowedBox,
      progress,
      h('div', { class: 'button-row' }, submit),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      message.hidden = true;
      const file = fileInput.files[0];
      if (!file) {
        message.textContent = t('docs.form.chooseFile');
        message.hidden = false;
        fileInput.focus();
        return;
      }
      const fd = new FormData();
      fd.append('file', file);
      if (title.input.value.trim()) {
        fd.append('title', title.input.value.trim());
      }
      if (agenda.input.value) {
        fd.append('agendaItemId', agenda.input.value);
      }
      if (secret.input.checked) {
        fd.append('confidential', 'true');
        const ids = allowed.filter((c) => c.input.checked).map((c) => c.input.value);
        if (ids.length) {
          fd.append('allowedUserIds', ids.join(','));
        }
      }
      progress.hidden = false;
      progress.value = 0;
      try {
        await busy(submit, t('docs.uploading'), () => api.uploadDocument(m.id, fd, (f) => {
          progress.value = f;
        }));
        toast(t('docs.uploaded', { file: file.name }));
        drawUpload();
        load();
      } catch (err) {
        message.textContent = errorMessage(err);
        message.hidden = false;
        message.focus();
      } finally {
        progress.hidden = true;
      }
    });
    uploadArea.appendChild(form);
  }

  // The people a confidential document may be shown to: direct participants and group members.
  let directory = null;
  async function loadDirectory() {
    if (!manage()) {
      return;
    }
    try {
      const m = meetingRef();
      const [users, groups] = await Promise.all([api.users(), api.groups()]);
      const names = new Map(users.map((u) => [u.id, u.displayName]));
      const ids = new Set();
      for (const p of m.participants || []) {
        if (p.userId) {
          ids.add(p.userId);
        } else if (p.groupId) {
          const g = groups.find((x) => x.id === p.groupId);
          (g ? g.memberIds : []).forEach((id) => ids.add(id));
        }
      }
      directory = [...ids].map((id) => ({ userId: id, name: names.get(id) || `#${id}` }));
      fillAllowed();
    } catch (err) {
      directory = null;
    }
  }

  // Listen for document events (published / 差し替え / 取り下げ: the list, and a kept packet) and
  // recall while the page is shown.
  function listen() {
    const m = meetingRef();
    if (m.status === 'draft') {
      return;
    }
    const conn = openSync(m.id, {
      onFrame: (f) => {
        if (f.type === 'document') {
          load();
          const me = currentUser();
          if (me) {
            refreshPacketSoon(m.id, me.id, { keptOnly: true });
          }
        } else if (f.type === 'status' && f.dropCache) {
          dropMeetingCache(m.id);
        }
      },
      onState: () => {},
    });
    let shown = false;
    const watch = setInterval(() => {
      shown = shown || el.isConnected;
      if (shown && !el.isConnected) {
        clearInterval(watch);
        conn.close();
      }
    }, 1000);
  }

  drawList();
  drawUpload();
  load();
  loadDirectory();
  listen();
  return {
    el,
    /** Called when the page redraws (meeting facts may have changed). */
    redraw() {
      drawList();
      // Keep a chosen file (and an upload in progress) across the page's redraws.
      if (!(currentFile && currentFile.files && currentFile.files.length)) {
        drawUpload();
      }
    },
    reload: load,
  };
}
