// Create (#/meetings/new) or edit (#/meetings/{id}/edit) a meeting's facts. Clerks and admins.
import { api } from '../api.js';
import { h, icon } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { KINDS, kindLabel, toLocalInput, fromLocalInput } from '../format.js';
import { field, checkbox, formErrors, busy, toast, pageTitle } from '../ui.js';

export async function meetingFormView(params) {
  const editing = params.id !== undefined;
  const [meeting, groups] = await Promise.all([editing ? api.meeting(params.id) : Promise.resolve(null), api.groups()]);
  const m = meeting || { title: '', kind: 'committee', startsAt: '', room: '', groupId: null, recall: false };

  const title = field({ name: 'title', label: t('meetingForm.title'), value: m.title, required: true, attrs: { maxlength: 300, 'data-autofocus': '' } });
  const kind = field({ name: 'kind', label: t('meetingForm.kind'), type: 'select', value: m.kind, options: KINDS.map((k) => ({ value: k, label: kindLabel(k) })) });
  const startsAt = field({ name: 'startsAt', label: t('meetingForm.startsAt'), type: 'datetime-local', value: m.startsAt ? toLocalInput(m.startsAt) : '', hint: t('meetingForm.startsAt.hint'), required: true });
  const room = field({ name: 'room', label: t('meetingForm.room'), value: m.room || '', attrs: { maxlength: 200 } });
  const group = field({
    name: 'groupId',
    label: t('meetingForm.group'),
    type: 'select',
    value: m.groupId ?? '',
    options: [{ value: '', label: t('meetingForm.group.none') }, ...groups.map((g) => ({ value: g.id, label: g.name }))],
  });
  const recall = checkbox({ name: 'recall', label: t('meetingForm.recall'), checked: !!m.recall });
  const errors = formErrors([title, kind, startsAt, room, group]);
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--large' }, h('span', {}, editing ? t('form.save') : t('form.create')));
  const cancel = h('a', { class: 'btn btn--secondary btn--large', href: editing ? `#/meetings/${params.id}` : '#/meetings' }, t('form.cancel'));

  const form = h(
    'form',
    { class: 'card form', novalidate: true, 'data-testid': 'meeting-form' },
    errors.summary,
    title.el,
    h('div', { class: 'form-grid' }, kind.el, startsAt.el, room.el, group.el),
    recall.el,
    h('div', { class: 'button-row' }, submit, cancel),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const problems = [];
    if (!title.input.value.trim()) {
      problems.push({ field: title, message: t('meetingForm.required.title') });
    }
    if (!startsAt.input.value) {
      problems.push({ field: startsAt, message: t('meetingForm.required.startsAt') });
    }
    if (errors.show(problems)) {
      return;
    }
    const body = {
      title: title.input.value.trim(),
      kind: kind.input.value,
      startsAt: fromLocalInput(startsAt.input.value),
      room: room.input.value.trim() || null,
      groupId: group.input.value ? Number(group.input.value) : null,
      recall: recall.input.checked,
    };
    await busy(submit, t('form.saving'), async () => {
      try {
        const saved = editing ? await api.updateMeeting(params.id, body) : await api.createMeeting(body);
        toast(editing ? t('meetingForm.saved') : t('meetingForm.created'));
        navigate(`/meetings/${saved.id}`, { replace: !editing });
      } catch (err) {
        errors.showError(err);
      }
    });
  });

  return h(
    'div',
    { class: 'page page--narrow' },
    h('a', { class: 'back-link', href: editing ? `#/meetings/${params.id}` : '#/meetings' }, icon('back'), h('span', {}, editing ? m.title : t('meeting.back'))),
    pageTitle(editing ? t('meetingForm.editTitle') : t('meetingForm.createTitle')),
    form,
  );
}
