// The job socket's partysocket without its per-message clone (direct-message-socket.ts): a message reaches
// `onmessage` once and is not re-dispatched to `addEventListener` listeners. Also a guard for partysocket
// upgrades: were its private handler renamed, messages would take its own path again and this fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DirectMessageSocket } from '../../src/stream/direct-message-socket.ts';

/** A WebSocket stand-in: the test dispatches its events. */
class FakeWebSocket extends EventTarget {
  static last: FakeWebSocket | undefined;
  readonly url: string;
  readyState = 0;
  binaryType = 'blob';
  constructor(url: string) {
    super();
    this.url = url;
    FakeWebSocket.last = this;
  }
  close(): void {
    this.readyState = 3;
  }
  send(): void {}
}

test('a received message goes to onmessage once, with no clone dispatched to listeners', async () => {
  FakeWebSocket.last = undefined;
  const socket = new DirectMessageSocket('ws://127.0.0.1:1/ws/jobs/a', [], { WebSocket: FakeWebSocket, maxRetries: 0 });
  try {
    const direct: unknown[] = [];
    const cloned: unknown[] = [];
    socket.onmessage = (event) => direct.push(event.data);
    socket.addEventListener('message', (event) => cloned.push(event.data));
    for (let i = 0; i < 50 && !FakeWebSocket.last; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    const ws = FakeWebSocket.last as FakeWebSocket | undefined;
    assert.ok(ws, 'partysocket made its WebSocket');
    ws.readyState = 1;
    ws.dispatchEvent(new Event('open'));
    ws.dispatchEvent(new MessageEvent('message', { data: 'hello' }));
    assert.deepEqual(direct, ['hello'], 'onmessage got the message once');
    assert.deepEqual(cloned, [], 'no clone re-dispatched');
  } finally {
    socket.close();
  }
});
