// partysocket's ReconnectingWebSocket, minus one per-message cost: partysocket hands each received
// message to `onmessage` and then dispatches a clone of it (`new event.constructor(event.type, event)`)
// to its `addEventListener` listeners. This widget listens through `onmessage` only, so the clone is
// never read — and in a 10 000 msg/s progress flood, making and dispatching it took ≈ 0.9 s of the
// job worker's ≈ 4.4 s busy per 8 s (CPU profile of the bench's scenario e). Here each message goes to
// `onmessage` alone. It replaces one private handler of partysocket 1.3 before its first connection is
// made (partysocket connects after an await); were that handler renamed, messages would simply take
// partysocket's own path (test/node/stream-direct-message-socket.test.ts then fails).
import ReconnectingWebSocket from 'partysocket/ws';

export class DirectMessageSocket extends ReconnectingWebSocket {
  constructor(...args: ConstructorParameters<typeof ReconnectingWebSocket>) {
    super(...args);
    (this as unknown as { _handleMessage: (event: MessageEvent) => void })._handleMessage = (event) => this.onmessage?.(event);
  }
}
