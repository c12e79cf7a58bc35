// 資料ビューア: a meeting document rendered with PDF.js (served by the node as a WebJar), big
// page fitted to the tablet, 前へ/次へ, zoom, thumbnails — and the live meeting (page sync over
// /ws, docs/ws.md): follow the chair, browse freely, 画面ロック, and for hosts the console.
import { api, ApiError, unreachable } from '../api.js';
import { h, icon, clear } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser } from '../session.js';
import { openSync } from '../sync.js';
import { button, notice, toast, errorMessage } from '../ui.js';
import { dropMeetingCache, prefetchMeeting, refreshPacketSoon, cachedFile, offlinePacket } from '../offline.js';

const PDFJS = '/webjars/pdfjs-dist/5.4.624';
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
let pdfjsPromise = null;
let active = null;

function loadPdfjs() {
  if (!pdfjsPromise) {
    pdfjsPromise = import(`${PDFJS}/build/pdf.mjs`).then((lib) => {
      lib.GlobalWorkerOptions.workerSrc = `${PDFJS}/build/pdf.worker.mjs`;
      return lib;
    });
  }
  return pdfjsPromise;
}

// A viewer route's hash: a document (with ?page=) or the live meeting.
const VIEWER_HASH = /^#\/meetings\/[^/]+\/(documents\/[^/?]+|live)(\?|$)/;

// Leaving the viewer (any route that is not a viewer) closes its socket and frees its PDFs.
window.addEventListener('hashchange', () => {
  if (active && !VIEWER_HASH.test(window.location.hash)) {
    active.dispose();
    active = null;
  }
});

export async function viewerView(params) {
  if (active) {
    active.dispose();
    active = null;
  }
  const meetingId = params.id;
  let meeting;
  let docs;
  let kept = false;
  try {
    [meeting, docs] = await Promise.all([api.meeting(meetingId), api.documents(meetingId)]);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      return h('div', { class: 'page' }, notice({ title: t('viewer.notFound'), actions: [h('a', { class: 'btn btn--primary', href: '#/meetings' }, t('app.toMeetings'))] }));
    }
    // No server: the packet this tablet keeps for this user (offline.js), if there is one.
    const me = currentUser();
    const packet = unreachable(err) && me ? await offlinePacket(meetingId, me.id) : null;
    if (!packet) {
      throw err;
    }
    meeting = { ...packet.meeting, mayHost: false, participants: [] };
    docs = packet.docs;
    kept = true;
  }
  const viewer = new Viewer(meeting, docs, params, { kept });
  active = viewer;
  return viewer.el;
}

/** The key of one version's loaded PDF (the viewer's PDF cache, and which one is on screen). */
function pdfKeyOf(docId, version) {
  return `${docId}/${version}`;
}

class Viewer {
  constructor(meeting, docs, params, { kept = false } = {}) {
    this.meeting = meeting;
    this.kept = kept; // read from the packet kept on this tablet (no server)
    this.docs = docs.filter((d) => d.current && !d.withdrawn);
    this.me = currentUser();
    this.live = params.docId === undefined || params.docId === 'live';
    this.openedDirectly = !this.live;
    this.doc = null;
    this.version = null;
    this.pdf = null;
    this.pdfKey = null; // pdfKeyOf the loaded pdf
    this.pdfs = new Map();
    this.page = 1;
    this.zoom = 1;
    this.renderToken = 0;
    this.renderTask = null;
    this.disposed = false;
    // live state
    this.conn = null;
    this.connState = 'off';
    this.joined = false;
    this.following = true;
    this.forced = false;
    this.mayHost = !!meeting.mayHost;
    this.presenter = null;
    this.syncState = null;
    this.broadcast = true;
    this.presence = null;
    this.pendingAck = null;
    this.replacedNotice = null;
    this.hostPanelOpen = this.mayHost;

    this.build();
    const requested = Number(params.query && params.query.get('page')) || 1;
    const first = this.live ? null : this.docs.find((d) => String(d.id) === String(params.docId));
    if (!this.live && !first) {
      this.showMessage(t('viewer.docNotFound'));
    } else if (first) {
      this.openDocument(first.id, first.current.version, requested);
    } else if (this.kept && this.docs.length) {
      // The live view without a server: no host to follow, so the first kept document.
      this.openDocument(this.docs[0].id, this.docs[0].current.version, 1);
    }
    // The live channel: always on, so page events, 差し替え and recall reach the reader — except
    // when reading the kept packet without a server (the app starts over once it answers).
    this.conn = this.kept ? null : openSync(meeting.id, { onFrame: (f) => this.onFrame(f), onState: (s) => this.onConnState(s) });
    this.onResize = () => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.renderPage(), 150);
    };
    this.onKey = (e) => {
      if (e.target && /INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) {
        return;
      }
      if (e.key === 'ArrowRight' || e.key === 'PageDown') {
        this.userGo(this.page + 1);
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        this.userGo(this.page - 1);
      }
    };
    window.addEventListener('resize', this.onResize);
    // Banners appearing or the host panel opening change the room for the page: refit it.
    let lastSize = '';
    this.resizeObserver = new ResizeObserver((entries) => {
      const r = entries[0].contentRect;
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      if (size !== lastSize) {
        lastSize = size;
        this.onResize();
      }
    });
    this.resizeObserver.observe(this.stage);
    document.addEventListener('keydown', this.onKey);
    if (!this.kept) {
      prefetchMeeting(meeting, this.docs, this.me ? this.me.id : null);
    }
  }

  dispose() {
    this.disposed = true;
    if (this.conn) {
      this.conn.close();
    }
    window.removeEventListener('resize', this.onResize);
    this.resizeObserver.disconnect();
    if (this.headerObserver) {
      this.headerObserver.disconnect();
    }
    document.removeEventListener('keydown', this.onKey);
    for (const p of this.pdfs.values()) {
      p.then((d) => d.destroy()).catch(() => {});
    }
    this.pdfs.clear();
  }

  // ---- layout ----

  build() {
    this.titleEl = h('h1', { class: 'viewer__title', tabindex: '-1', 'data-page-title': '' }, this.meeting.title);
    this.docSelect = h('select', { class: 'input input--compact viewer__select', 'aria-label': t('viewer.chooseDoc'), 'data-testid': 'viewer-doc-select' });
    this.docSelect.addEventListener('change', () => {
      const d = this.docs.find((x) => String(x.id) === this.docSelect.value);
      if (d) {
        this.leaveFollowIfNeeded();
        if (!this.canBrowse()) {
          this.fillDocSelect();
          return;
        }
        this.openDocument(d.id, d.current.version, 1, { push: true });
      }
    });
    this.counter = h('p', { class: 'viewer__counter', 'aria-live': 'polite', 'data-testid': 'page-counter' }, '– / –');
    this.zoomLabel = h('span', { class: 'viewer__zoom-label', 'data-testid': 'zoom-label' }, '100%');
    const zoomOut = button('', { variant: 'tool', iconName: 'minus', attrs: { 'aria-label': t('viewer.zoomOut'), 'data-testid': 'zoom-out' } });
    const zoomIn = button('', { variant: 'tool', iconName: 'plus', attrs: { 'aria-label': t('viewer.zoomIn'), 'data-testid': 'zoom-in' } });
    const zoomFit = button(t('viewer.fit'), { variant: 'tool', attrs: { 'data-testid': 'zoom-fit' } });
    zoomOut.addEventListener('click', () => this.setZoom(-1));
    zoomIn.addEventListener('click', () => this.setZoom(1));
    zoomFit.addEventListener('click', () => this.setZoom(0));
    this.hostToggle = this.mayHost
      ? button(t('viewer.host.toggle'), { variant: 'tool', iconName: 'group', attrs: { 'aria-expanded': String(this.hostPanelOpen), 'data-testid': 'host-toggle' } })
      : null;
    if (this.hostToggle) {
      this.hostToggle.addEventListener('click', () => {
        this.hostPanelOpen = !this.hostPanelOpen;
        this.hostToggle.setAttribute('aria-expanded', String(this.hostPanelOpen));
        this.hostPanel.hidden = !this.hostPanelOpen;
        this.renderPage();
      });
    }
    const top = h(
      'div',
      { class: 'viewer__bar' },
      h('a', { class: 'back-link viewer__back', href: `#/meetings/${this.meeting.id}` }, icon('back'), h('span', {}, t('viewer.back'))),
      h('div', { class: 'viewer__heading' }, this.titleEl, this.docSelect),
      this.counter,
      h('div', { class: 'viewer__zoom', role: 'group', 'aria-label': t('viewer.zoom') }, zoomOut, this.zoomLabel, zoomIn, zoomFit),
      this.hostToggle,
    );
    this.banner = h('div', { class: 'sync-banner', 'data-testid': 'sync-banner', role: 'status' });
    this.replacedEl = h('div', { class: 'viewer__replaced', role: 'alert', hidden: true, 'data-testid': 'replaced-notice' });
    this.thumbs = h('ol', { class: 'viewer__thumbs', 'aria-label': t('viewer.thumbs'), 'data-testid': 'thumbnails' });
    this.canvas = h('canvas', { class: 'viewer__canvas', 'data-testid': 'pdf-canvas', role: 'img', 'aria-label': t('viewer.pageImage') });
    this.message = h('div', { class: 'viewer__message', hidden: true });
    this.stage = h('div', { class: 'viewer__stage', 'data-testid': 'viewer-stage' }, this.canvas, this.message);
    this.prevBtn = button(t('viewer.prev'), { variant: 'primary', iconName: 'back', attrs: { class: 'btn btn--primary viewer__nav viewer__nav--prev', 'data-testid': 'prev-page' } });
    this.nextBtn = h('button', { type: 'button', class: 'btn btn--primary viewer__nav viewer__nav--next', 'data-testid': 'next-page' }, icon('chevron'), h('span', {}, t('viewer.next')));
    this.prevBtn.addEventListener('click', () => this.userGo(this.page - 1));
    this.nextBtn.addEventListener('click', () => this.userGo(this.page + 1));
    this.bindSwipe();
    this.hostPanel = h('aside', { class: 'host-panel', 'aria-labelledby': 'host-panel-title', hidden: !this.hostPanelOpen, 'data-testid': 'host-panel' });
    const center = h('div', { class: 'viewer__center' }, this.prevBtn, this.stage, this.nextBtn);
    this.el = h(
      'div',
      { class: 'viewer', 'data-testid': 'viewer' },
      top,
      this.banner,
      this.replacedEl,
      h('div', { class: ['viewer__body', this.mayHost ? 'viewer__body--host' : null] }, h('nav', { class: 'viewer__side', 'aria-label': t('viewer.thumbs') }, this.thumbs), center, this.mayHost ? this.hostPanel : null),
    );
    this.fillDocSelect();
    this.drawBanner();
    this.drawHostPanel();
    // Fit the viewer between the header and the bottom of the screen, also when the header grows
    // (the offline notice comes and goes).
    requestAnimationFrame(() => this.placeBelowHeader());
    const header = document.getElementById('app-header');
    if (header) {
      this.headerObserver = new ResizeObserver(() => this.placeBelowHeader());
      this.headerObserver.observe(header);
    }
  }

  placeBelowHeader() {
    const header = document.getElementById('app-header');
    if (header) {
      this.el.style.top = `${Math.round(header.getBoundingClientRect().height)}px`;
    }
  }

  bindSwipe() {
    let startX = null;
    this.stage.addEventListener('pointerdown', (e) => {
      startX = this.zoom <= 1 ? e.clientX : null;
    });
    this.stage.addEventListener('pointerup', (e) => {
      if (startX === null) {
        return;
      }
      const dx = e.clientX - startX;
      startX = null;
      if (Math.abs(dx) > 80) {
        this.userGo(this.page + (dx < 0 ? 1 : -1));
      }
    });
  }

  fillDocSelect() {
    clear(this.docSelect);
    for (const d of this.docs) {
      this.docSelect.appendChild(h('option', { value: d.id, selected: this.doc && d.id === this.doc.id }, d.confidential ? `${t('docs.secret')} ${d.title}` : d.title));
    }
    this.docSelect.disabled = !this.docs.length;
  }

  drawThumbs() {
    clear(this.thumbs);
    if (!this.doc || !this.pdf) {
      return;
    }
    const base = `/api/v1/documents/${this.doc.id}/versions/${this.version}/pages/`;
    for (let p = 1; p <= this.pdf.numPages; p += 1) {
      const btn = h(
        'button',
        { type: 'button', class: 'thumb', 'aria-label': t('viewer.toPage', { n: p }), 'aria-current': p === this.page ? 'page' : null, 'data-page': p },
        // Thumbnails are not part of the kept packet: offline only the page number shows.
        this.kept ? null : h('img', { class: 'thumb__img', src: `${base}${p}/thumbnail`, alt: '', loading: 'lazy', decoding: 'async', onError: (e) => e.target.classList.add('thumb__img--missing') }),
        h('span', { class: 'thumb__num' }, String(p)),
      );
      btn.addEventListener('click', () => this.userGo(p));
      this.thumbs.appendChild(h('li', {}, btn));
    }
  }

  markThumb() {
    for (const b of this.thumbs.querySelectorAll('.thumb')) {
      const current = Number(b.dataset.page) === this.page;
      if (current) {
        b.setAttribute('aria-current', 'page');
        b.scrollIntoView({ block: 'nearest' });
      } else {
        b.removeAttribute('aria-current');
      }
    }
  }

  showMessage(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
    this.canvas.hidden = !!text;
  }

  // ---- documents and pages ----

  async openDocument(docId, version, page, { push = false, ackSeq = null } = {}) {
    const d = this.docs.find((x) => x.id === docId);
    if (!d) {
      this.showMessage(t('viewer.docUnavailable'));
      return;
    }
    const key = pdfKeyOf(docId, version);
    if (!this.pdfs.has(key)) {
      const url = `/api/v1/documents/${docId}/versions/${version}/file`;
      this.pdfs.set(
        key,
        Promise.all([loadPdfjs(), cachedFile(this.meeting.id, url)]).then(([lib, data]) =>
          lib.getDocument({
            ...(data ? { data } : { url }),
            cMapUrl: `${PDFJS}/cmaps/`,
            cMapPacked: true,
            standardFontDataUrl: `${PDFJS}/standard_fonts/`,
            wasmUrl: `${PDFJS}/wasm/`,
            isEvalSupported: false,
            enableXfa: false,
          }).promise,
        ),
      );
    }
    const sameDoc = this.doc && this.doc.id === docId && this.version === version;
    this.doc = d;
    this.version = version;
    if (!sameDoc) {
      // Until this one has loaded, the previous document's pages must not be turned, counted or
      // redrawn (a resize) under this one's title: its last page stays in view, the counter says
      // – / –, the page buttons are off and its thumbnails go.
      this.pdf = null;
      this.pdfKey = null;
      clear(this.thumbs);
      this.updateChrome();
    }
    let pdf;
    try {
      pdf = await this.pdfs.get(key);
    } catch (err) {
      this.pdfs.delete(key);
      this.showMessage(t('viewer.loadFailed'));
      return;
    }
    if (this.disposed || this.doc !== d || this.version !== version) {
      return;
    }
    this.pdf = pdf;
    this.pdfKey = key;
    this.showMessage('');
    this.fillDocSelect();
    if (!sameDoc) {
      this.page = Math.min(Math.max(1, page), pdf.numPages);
      this.drawThumbs();
    }
    this.hideReplaced(d.id, version);
    await this.goTo(page, { push, ackSeq });
  }

  async goTo(page, { push = false, ackSeq = null } = {}) {
    if (!this.pdf) {
      return;
    }
    this.page = Math.min(Math.max(1, page), this.pdf.numPages);
    this.updateChrome();
    if (push) {
      this.pushPage();
    }
    if (ackSeq !== null) {
      // Acked by renderPage once this page is on screen, whichever render draws it (a later one
      // may supersede this one, e.g. after a resize); a newer page event replaces it.
      this.pendingAck = { seq: ackSeq, page: this.page, pdfKey: this.pdfKey };
    }
    await this.renderPage();
  }

  /**
   * "Page N is on screen" for the page event that asked for this page of this document (presence,
   * ack delay); a page of another document drawn meanwhile (free browsing) does not count.
   */
  sendPendingAck() {
    const a = this.pendingAck;
    if (a && a.page === this.page && a.pdfKey === this.pdfKey && this.conn) {
      this.pendingAck = null;
      this.conn.send({ type: 'ack', seq: a.seq, page: a.page });
    }
  }

  /** A page turn by this user (buttons, thumbnails, swipe, keys). */
  userGo(page) {
    if (!this.pdf || page < 1 || page > this.pdf.numPages || page === this.page) {
      return;
    }
    if (!this.canBrowse()) {
      toast(t('sync.lockedToast'));
      return;
    }
    this.leaveFollowIfNeeded();
    this.goTo(page, { push: true });
  }

  isDriver() {
    return this.joined && (this.mayHost || (this.presenter !== null && this.me && this.presenter === this.me.id));
  }

  canBrowse() {
    return !(this.joined && this.forced && !this.isDriver());
  }

  /** A member who turns a page while following switches to free browsing (hosts drive instead). */
  leaveFollowIfNeeded() {
    if (this.joined && this.following && !this.isDriver() && !this.forced) {
      this.setFollow(false);
    }
  }

  pushPage() {
    if (this.isDriver() && this.broadcast && this.doc && this.conn) {
      this.conn.send({ type: 'page', document: this.doc.id, version: this.version, page: this.page });
    }
  }

  updateChrome() {
    const n = this.pdf ? this.pdf.numPages : 0;
    this.counter.textContent = n ? t('viewer.counter', { page: this.page, total: n }) : '– / –';
    this.counter.setAttribute('aria-label', n ? t('viewer.counterLabel', { page: this.page, total: n }) : '');
    const locked = !this.canBrowse();
    this.prevBtn.disabled = !n || this.page <= 1 || locked;
    this.nextBtn.disabled = !n || this.page >= n || locked;
    this.docSelect.disabled = locked || !this.docs.length;
    for (const b of this.thumbs.querySelectorAll('.thumb')) {
      b.disabled = locked;
    }
    this.zoomLabel.textContent = `${Math.round(this.zoom * 100)}%`;
    this.markThumb();
    // Only while the app is still on a viewer route: a viewer that has not yet heard of a
    // navigation away (its hashchange comes later) must not put its own URL back, or the app would
    // draw the viewer's route again (after a logout: for the next user to log in on this tablet).
    if (this.doc && !this.disposed && VIEWER_HASH.test(window.location.hash)) {
      const url = `#/meetings/${this.meeting.id}/documents/${this.doc.id}?page=${this.page}`;
      if (window.location.hash !== url) {
        window.history.replaceState(null, '', url);
      }
    }
    this.el.dataset.page = String(this.page);
    this.el.dataset.document = this.doc ? String(this.doc.id) : '';
  }

  setZoom(dir) {
    if (dir === 0) {
      this.zoom = 1;
    } else {
      const i = ZOOMS.indexOf(this.zoom);
      this.zoom = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (i < 0 ? 2 : i) + dir))];
    }
    this.stage.classList.toggle('viewer__stage--zoomed', this.zoom > 1);
    this.updateChrome();
    this.renderPage();
  }

  async renderPage() {
    if (!this.pdf || this.disposed) {
      return;
    }
    const token = ++this.renderToken;
    const pdfPage = await this.pdf.getPage(this.page);
    if (token !== this.renderToken) {
      return;
    }
    if (this.renderTask) {
      this.renderTask.cancel();
      this.renderTask = null;
    }
    const box = this.stage.getBoundingClientRect();
    const base = pdfPage.getViewport({ scale: 1 });
    const availW = Math.max(200, box.width - 24);
    const availH = Math.max(200, box.height - 24);
    const fit = Math.min(availW / base.width, availH / base.height);
    const cssScale = fit * this.zoom;
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const viewport = pdfPage.getViewport({ scale: cssScale * ratio });
    // Render into a fresh canvas and swap it in, so the old page stays until the new one is drawn.
    const canvas = document.createElement('canvas');
    canvas.className = 'viewer__canvas';
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    canvas.setAttribute('data-testid', 'pdf-canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', t('viewer.pageImageN', { title: this.doc ? this.doc.title : '', n: this.page }));
    const task = pdfPage.render({ canvas, viewport });
    this.renderTask = task;
    try {
      await task.promise;
    } catch (err) {
      if (err && err.name === 'RenderingCancelledException') {
        return;
      }
      this.showMessage(t('viewer.loadFailed'));
      return;
    }
    if (token !== this.renderToken || this.disposed) {
      return;
    }
    this.renderTask = null;
    canvas.dataset.page = String(this.page);
    canvas.dataset.rendered = 'true';
    this.canvas.replaceWith(canvas);
    this.canvas = canvas;
    this.sendPendingAck();
  }

  // ---- live meeting ----

  onConnState(s) {
    this.connState = s;
    if (s !== 'open') {
      this.joined = s === 'reconnecting' ? this.joined : false;
    }
    if (s === 'ended') {
      this.joined = false;
    }
    this.drawBanner();
    this.updateChrome();
  }

  onFrame(f) {
    if (this.disposed) {
      return;
    }
    switch (f.type) {
      case 'joined':
        this.joined = true;
        this.mayHost = !!f.mayHost;
        this.following = !!f.following;
        if (this.openedDirectly && !f.resumed && f.state && f.state.document && this.doc && f.state.document !== this.doc.id && (this.isDriver() || (this.following && !f.state.forced))) {
          // Someone who opened another document from the list or search stays on it: a host
          // pushes it with the first page turn, a member reads it freely.
          this.syncState = f.state;
          this.forced = !!f.state.forced;
          this.presenter = f.state.presenter === undefined ? null : f.state.presenter;
          if (!this.isDriver()) {
            this.setFollow(false);
          }
        } else {
          this.applyState(f.state, f.seq, this.following);
        }
        this.openedDirectly = false;
        if (this.isDriver()) {
          this.conn.send({ type: 'presence' });
        }
        break;
      case 'state':
        this.applyState(f.state, f.seq, this.following);
        break;
      case 'page':
        if (f.restricted) {
          // The presenter shows a confidential document this user may not open: stay put, say so.
          this.syncState = { ...(this.syncState || {}), document: null, version: null, page: null, restricted: true, host: f.by };
          if (this.following || (this.forced && !this.isDriver())) {
            toast(t('sync.restrictedToast'));
          }
          break;
        }
        this.syncState = { ...(this.syncState || {}), document: f.document, version: f.version, page: f.page, restricted: false, host: f.by };
        if (this.following || (this.forced && !this.isDriver())) {
          this.followTo(f.document, f.version, f.page, f.seq);
        }
        break;
      case 'follow':
        this.following = !!f.follow;
        if (f.state) {
          this.syncState = f.state;
          this.forced = !!f.state.forced;
        }
        if (this.following) {
          this.applyState(this.syncState, f.seq, true);
        }
        break;
      case 'force':
        this.forced = !!f.forced;
        if (this.syncState) {
          this.syncState.forced = this.forced;
        }
        if (this.forced && !this.isDriver()) {
          this.following = true;
          this.applyState(this.syncState, f.seq, true);
        }
        toast(t(this.forced ? 'sync.lockOnToast' : 'sync.lockOffToast'));
        break;
      case 'presenter':
        this.presenter = f.userId === undefined ? null : f.userId;
        if (this.syncState) {
          this.syncState.presenter = this.presenter;
        }
        if (this.me && f.userId === this.me.id) {
          toast(t('sync.youPresent'));
          this.conn.send({ type: 'presence' });
        }
        break;
      case 'presence':
        this.presence = f;
        this.drawHostPanel();
        return;
      case 'document':
        this.onDocumentEvent(f);
        break;
      case 'status':
        this.onStatus(f);
        break;
      case 'left':
        this.joined = false;
        break;
      case 'error':
        if (f.code === 'follow-forced') {
          this.following = true;
          toast(t('sync.lockedToast'));
        } else if (f.code === 'not-found') {
          this.joined = false;
        } else if (this.isDriver() && (f.code === 'unknown-document' || f.code === 'invalid')) {
          // A page turn the server refused (a withdrawn or replaced document): refresh the list.
          toast(t('sync.pageRejected'));
          this.refreshDocs();
        }
        break;
      default:
        break;
    }
    this.drawBanner();
    this.drawHostPanel();
    this.updateChrome();
  }

  applyState(state, seq, jump) {
    if (!state) {
      if (this.live && !this.doc && this.docs.length) {
        const d = this.docs[0];
        this.openDocument(d.id, d.current.version, 1);
      }
      return;
    }
    this.syncState = state;
    this.forced = !!state.forced;
    this.presenter = state.presenter === undefined ? null : state.presenter;
    if (jump && state.document) {
      this.followTo(state.document, state.version, state.page || 1, seq);
    } else if (this.live && !this.doc && this.docs.length) {
      const d = this.docs[0];
      this.openDocument(d.id, d.current.version, 1);
    }
  }

  async followTo(docId, requestedVersion, page, seq) {
    if (!this.docs.find((d) => d.id === docId && d.current.version >= requestedVersion)) {
      await this.refreshDocs();
    }
    // After a 差し替え members may only fetch the current version: show that one.
    const listed = this.docs.find((d) => d.id === docId);
    const version = listed ? Math.max(requestedVersion, listed.current.version) : requestedVersion;
    // Only a document already loaded can just turn the page: one still loading (opened when the
    // live view started, say) is opened again, so its page and ack wait for the file. (pdfKey is
    // set only for the open document and version, and cleared when another one opens.)
    if (this.pdfKey === pdfKeyOf(docId, version)) {
      await this.goTo(page, { ackSeq: seq });
    } else {
      await this.openDocument(docId, version, page, { ackSeq: seq });
    }
  }

  setFollow(on) {
    if (!this.conn) {
      return;
    }
    this.following = on;
    this.conn.send({ type: 'follow', follow: on });
    this.drawBanner();
  }

  async refreshDocs() {
    try {
      const docs = await api.documents(this.meeting.id);
      this.docs = docs.filter((d) => d.current && !d.withdrawn);
      this.fillDocSelect();
    } catch (err) {
      // Keep the old list; the next event retries.
    }
  }

  async onDocumentEvent(f) {
    if (this.me) {
      // The kept packet follows too, so the new version is what a dropped Wi-Fi leaves to read.
      refreshPacketSoon(this.meeting.id, this.me.id);
    }
    await this.refreshDocs();
    const reading = this.doc && this.doc.id === f.documentId;
    if (f.event === 'published') {
      toast(t('sync.docPublished', { title: f.title }));
      if (this.live && !this.doc && this.docs.length) {
        const d = this.docs[0];
        this.openDocument(d.id, d.current.version, 1);
      }
    } else if (f.event === 'replaced' && reading && f.version > this.version) {
      this.showReplaced(f);
    } else if (f.event === 'withdrawn' && reading) {
      this.replacedEl.hidden = false;
      clear(this.replacedEl);
      this.replacedEl.appendChild(h('p', {}, t('sync.withdrawn', { title: f.title })));
    }
  }

  showReplaced(f) {
    this.replacedNotice = f;
    clear(this.replacedEl);
    const load = button(t('sync.loadNew'), { variant: 'primary', iconName: 'sync', attrs: { 'data-testid': 'load-new-version' } });
    load.addEventListener('click', () => this.openDocument(f.documentId, f.version, this.page));
    this.replacedEl.appendChild(h('p', {}, t('sync.replaced', { title: f.title })));
    this.replacedEl.appendChild(load);
    this.replacedEl.hidden = false;
  }

  hideReplaced(docId, version) {
    if (this.replacedNotice && (this.replacedNotice.documentId !== docId || this.replacedNotice.version <= version)) {
      this.replacedNotice = null;
      this.replacedEl.hidden = true;
    }
  }

  async onStatus(f) {
    if (f.dropCache) {
      await dropMeetingCache(this.meeting.id);
      for (const p of this.pdfs.values()) {
        p.then((d) => d.destroy()).catch(() => {});
      }
      this.pdfs.clear();
      this.pdf = null;
      this.pdfKey = null;
      this.doc = null;
      clear(this.thumbs);
      this.showMessage(t('sync.recalled'));
      this.docs = [];
      this.fillDocSelect();
      this.updateChrome();
    } else if (f.status === 'closed') {
      toast(t('sync.closed'));
    } else if (f.status === 'in_session') {
      toast(t('sync.inSession'));
    }
  }

  drawBanner() {
    clear(this.banner);
    const b = this.banner;
    b.className = 'sync-banner';
    if (this.kept) {
      b.classList.add('sync-banner--warn');
      b.dataset.state = 'kept';
      b.append(icon('offline'), h('span', { class: 'sync-banner__text' }, t('sync.kept')));
      return;
    }
    if (this.connState === 'reconnecting') {
      b.classList.add('sync-banner--warn');
      b.dataset.state = 'reconnecting';
      b.append(icon('sync', 'sync-banner__spin'), h('span', { class: 'sync-banner__text' }, t('sync.reconnecting')));
      return;
    }
    if (this.connState === 'ended') {
      b.classList.add('sync-banner--warn');
      b.dataset.state = 'ended';
      b.append(h('span', { class: 'sync-banner__text' }, t('sync.ended')));
      return;
    }
    if (!this.joined) {
      b.dataset.state = 'connecting';
      b.append(h('span', { class: 'sync-banner__text' }, t('sync.connecting')));
      return;
    }
    if (this.isDriver()) {
      b.classList.add('sync-banner--host');
      b.dataset.state = 'host';
      const toggle = button(t(this.broadcast ? 'sync.pause' : 'sync.resume'), { variant: 'secondary', attrs: { 'aria-pressed': String(!this.broadcast), 'data-testid': 'broadcast-toggle' } });
      toggle.addEventListener('click', () => {
        this.broadcast = !this.broadcast;
        if (this.broadcast) {
          this.pushPage();
        }
        this.drawBanner();
      });
      b.append(icon('sync'), h('span', { class: 'sync-banner__text' }, t(this.broadcast ? 'sync.hosting' : 'sync.hostPaused')), toggle);
      return;
    }
    if (this.forced) {
      b.classList.add('sync-banner--locked');
      b.dataset.state = 'locked';
      b.append(icon('sync'), h('span', { class: 'sync-banner__text' }, t('sync.locked')), h('span', { class: 'sync-banner__hint' }, t('sync.lockedHint')));
      return;
    }
    if (this.following) {
      b.classList.add('sync-banner--follow');
      b.dataset.state = 'following';
      const free = button(t('sync.goFree'), { variant: 'secondary', attrs: { 'data-testid': 'free-browse' } });
      free.addEventListener('click', () => this.setFollow(false));
      b.append(icon('sync'), h('span', { class: 'sync-banner__text' }, t('sync.following')), free);
      if (this.syncState && this.syncState.restricted) {
        b.append(h('span', { class: 'sync-banner__hint', 'data-testid': 'sync-restricted' }, t('sync.restricted')));
      }
      return;
    }
    b.classList.add('sync-banner--free');
    b.dataset.state = 'free';
    const back = button(t('sync.backToFollow'), { variant: 'primary', iconName: 'sync', attrs: { class: 'btn btn--primary btn--large', 'data-testid': 'follow-again' } });
    back.addEventListener('click', () => this.setFollow(true));
    b.append(h('span', { class: 'sync-banner__text' }, t('sync.free')), back);
  }

  // ---- host console ----

  drawHostPanel() {
    if (!this.mayHost) {
      return;
    }
    const panel = this.hostPanel;
    clear(panel);
    panel.appendChild(h('h2', { class: 'host-panel__title', id: 'host-panel-title' }, t('host.title')));
    if (!this.joined) {
      panel.appendChild(h('p', { class: 'muted' }, t('sync.connecting')));
      return;
    }
    const lock = h(
      'button',
      { type: 'button', class: ['btn', 'btn--block', this.forced ? 'btn--danger' : 'btn--secondary'], 'aria-pressed': String(this.forced), 'data-testid': 'force-toggle' },
      h('span', {}, t(this.forced ? 'host.unlock' : 'host.lock')),
    );
    lock.addEventListener('click', () => this.conn.send({ type: 'force', forced: !this.forced }));
    panel.appendChild(lock);
    panel.appendChild(h('p', { class: 'host-panel__hint' }, t(this.forced ? 'host.lockOnHint' : 'host.lockOffHint')));

    const p = this.presence;
    if (p && p.summary) {
      panel.appendChild(
        h(
          'p',
          { class: 'host-panel__summary', 'data-testid': 'presence-summary' },
          t('host.summary', { connected: p.summary.connected, following: p.summary.following, lagging: p.summary.lagging, offline: p.summary.offline }),
        ),
      );
    }
    const list = h('ul', { class: 'presence' });
    const people = p && p.participants ? p.participants : [];
    for (const x of people) {
      let st = 'connected';
      if (x.offline || !x.connected) {
        st = 'offline';
      } else if (x.lagging) {
        st = 'lagging';
      } else if (x.following) {
        st = 'following';
      } else {
        st = 'free';
      }
      list.appendChild(
        h(
          'li',
          { class: `presence__item presence__item--${st}`, 'data-testid': 'presence-item', 'data-user-id': x.userId },
          h('span', { class: 'presence__name' }, x.name || t('host.unknown', { id: x.userId }), this.presenter === x.userId ? h('span', { class: 'tag tag--presenter' }, t('host.presenterTag')) : null),
          h('span', { class: `presence__state presence__state--${st}` }, t(`host.state.${st}`)),
          h('span', { class: 'presence__page' }, x.page ? t('host.page', { n: x.page }) : '—'),
        ),
      );
    }
    if (!people.length) {
      list.appendChild(h('li', { class: 'muted' }, t('host.noPresence')));
    }
    panel.appendChild(list);

    if (this.mayHost) {
      const fromPresence = people.map((x) => ({ userId: x.userId, name: x.name || t('host.unknown', { id: x.userId }) }));
      const candidates = (fromPresence.length ? fromPresence : (this.meeting.participants || []).filter((x) => x.userId)).filter((x) => !this.me || x.userId !== this.me.id);
      const select = h(
        'select',
        { class: 'input input--compact', id: 'presenter-select', 'data-testid': 'presenter-select' },
        h('option', { value: '' }, t('host.noPresenter')),
        candidates.map((c) => h('option', { value: c.userId, selected: this.presenter === c.userId }, c.name)),
      );
      const give = button(t('host.handOver'), { variant: 'secondary', attrs: { 'data-testid': 'presenter-apply' } });
      give.addEventListener('click', () => {
        const v = select.value ? Number(select.value) : null;
        this.conn.send({ type: 'presenter', userId: v });
      });
      panel.appendChild(
        h('div', { class: 'host-panel__presenter' }, h('label', { class: 'field__label', for: 'presenter-select' }, t('host.presenter')), select, give),
      );
    }
  }
}

export function errorText(err) {
  return errorMessage(err);
}
