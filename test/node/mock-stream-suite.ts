// The mock stream for one node test file: started before its tests; it and every socket the tests
// opened are closed after them.
import { after, before } from 'node:test';
import { startMockStream } from '../../demo/mock-stream/server.js';
import type { MockStream } from '../../demo/mock-stream/server.js';
import { StreamRecorder } from '../../demo/mock-stream/stream-recorder.js';

export interface MockStreamSuite {
  readonly mock: MockStream;
  /** A recording socket to `path` (on the suite's mock unless `base` says otherwise), closed after the file. */
  connect(path: string, base?: string): Promise<StreamRecorder>;
}

export function mockStreamSuite(defaults: Record<string, unknown> = {}): MockStreamSuite {
  let started: MockStream | undefined;
  const open: StreamRecorder[] = [];
  const mock = (): MockStream => {
    if (!started) throw new Error('the mock stream starts in before()');
    return started;
  };
  before(async () => {
    started = await startMockStream({ quiet: true, defaults });
  });
  after(async () => {
    await Promise.all(open.map((recorder) => recorder.terminate()));
    await started?.close();
  });
  return {
    get mock() {
      return mock();
    },
    connect: async (path, base) => {
      const recorder = await StreamRecorder.open(`${base ?? mock().wsUrl}${path}`);
      open.push(recorder);
      return recorder;
    },
  };
}
