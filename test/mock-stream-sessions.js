// @ts-check
// web-test-runner plugin: one real mock stream per test session (one test file in one page), so files can
// run side by side. Each file's `mockControl('reset' | 'down' | 'stats' …)` then touches only its own jobs,
// sockets and counters. A page asks for its mock with GET /__mock-stream?session=<wtr-session-id>; the
// mock starts on that first request and closes when the session reports it finished (or with the server).
import { startMockStream } from '../demo/mock-stream/server.js';
import { serveDist } from './fixtures/embedding/origins.js';

/** @typedef {Awaited<ReturnType<typeof startMockStream>>} Mock */

/** @returns {import('@web/dev-server-core').Plugin & { mockAt(origin: string): Mock | undefined }} */
export function mockStreamPerSession() {
  /** @type {Map<string, Promise<Mock>>} session id → its mock (starting or started) */
  const mocks = new Map();
  /** @type {Set<Mock>} started and not closed yet */
  const live = new Set();

  /** @param {string} session */
  function mockFor(session) {
    let mock = mocks.get(session);
    if (!mock) {
      // The mock also serves the built `dist/` (a second origin, for the embedding tests).
      mock = startMockStream({ port: 0, quiet: true, onRequest: serveDist }).then((started) => (live.add(started), started));
      mocks.set(session, mock);
    }
    return mock;
  }

  /** @param {string} session */
  async function closeFor(session) {
    const mock = mocks.get(session);
    if (!mock) return;
    mocks.delete(session);
    const started = await mock;
    live.delete(started);
    await started.close();
  }

  return {
    name: 'mock-stream-per-session',
    /** The live mock serving `origin` (http://127.0.0.1:PORT), for the plugins that answer its pages. */
    mockAt: (origin) => [...live].find(({ httpUrl }) => httpUrl === origin),
    serverStart({ webSockets }) {
      webSockets?.on('message', ({ data }) => {
        if (data?.type === 'wtr-session-finished' && typeof data.sessionId === 'string') void closeFor(data.sessionId);
      });
    },
    async serverStop() {
      await Promise.all([...mocks.keys()].map(closeFor));
    },
    async serve(context) {
      if (context.path !== '/__mock-stream') return;
      // Without a session (a page opened by hand, `--manual`), all such pages share one mock.
      const mock = await mockFor(context.URL.searchParams.get('session') || 'manual');
      return { body: JSON.stringify({ port: mock.port, http: mock.httpUrl, ws: mock.wsUrl }), type: 'json' };
    },
  };
}
