// The live channel (/ws, docs/ws.md): one socket per open viewer, joined to one meeting.
// Reconnects with lastSeq after a drop; listeners get every frame of the meeting.

import { mayConnect } from './session.js';

const MAX_BACKOFF_MS = 10000;

/**
 * How long to wait before reconnect attempt `attempts` (1, 2, …): exponential backoff with equal
 * jitter. Tablets that lose the connection together (an access point restarting, a node dying)
 * then come back spread over each interval instead of in synchronised waves on the node.
 */
export function reconnectDelay(attempts, random = Math.random) {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 5));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * Opens /ws and joins `meetingId`. handlers: {onFrame(frame), onState(connState)} where connState
 * is 'connecting' | 'open' | 'reconnecting' | 'closed' | 'ended' (session gone, 4001).
 */
export function openSync(meetingId, { onFrame, onState }) {
  let ws = null;
  let lastSeq = null;
  let closedByUs = false;
  let attempts = 0;
  let timer = null;
  let pingTimer = null;
  const meeting = Number(meetingId);

  function setState(s) {
    if (onState) {
      onState(s);
    }
  }

  function connect() {
    if (!mayConnect()) {
      // A view drawn while its user logs out: the node would refuse the session.
      setState('ended');
      return;
    }
    setState(attempts === 0 ? 'connecting' : 'reconnecting');
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${scheme}//${window.location.host}/ws`);
    ws.addEventListener('open', () => {
      const join = { type: 'join', meeting };
      if (lastSeq !== null) {
        join.lastSeq = lastSeq;
      }
      ws.send(JSON.stringify(join));
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({ type: 'ping' }), 25000);
    });
    ws.addEventListener('message', (e) => {
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (typeof frame.seq === 'number' && frame.meeting === meeting) {
        lastSeq = lastSeq === null ? frame.seq : Math.max(lastSeq, frame.seq);
      }
      if (frame.type === 'joined') {
        attempts = 0;
        setState('open');
      }
      onFrame(frame);
    });
    ws.addEventListener('close', (e) => {
      clearInterval(pingTimer);
      if (closedByUs) {
        setState('closed');
        return;
      }
      if (e.code === 4001) {
        setState('ended');
        return;
      }
      attempts += 1;
      setState('reconnecting');
      timer = setTimeout(connect, reconnectDelay(attempts));
    });
  }

  function send(msg) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(msg));
      return true;
    }
    return false;
  }

  connect();

  return {
    meeting,
    /** Sends a meeting message ({type, ...}); the meeting id is added. False when not connected. */
    send(msg) {
      return send({ meeting, ...msg });
    },
    close() {
      closedByUs = true;
      clearTimeout(timer);
      clearInterval(pingTimer);
      if (ws) {
        ws.close(1000);
      }
    },
    /** For tests and diagnostics: drop the socket as a network failure would. */
    drop() {
      if (ws) {
        ws.close(4000);
      }
    },
  };
}
