// StreamController's races, in real Chromium against the real mock stream: a small Lit host drives the
// controller, the real `startJobStream` starts the worker, and a gate can hold a start back the way a
// slow worker start would. What the server saw (connections per job) says which jobs were opened.
import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { StreamController, type StreamStarter } from '../../src/stream-controller.ts';
import { startJobStream, type JobStreamClient } from '../../src/stream/stream.frontend.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

interface JobStats {
  connections: number;
}

class StreamHost extends LitElement {
  static override properties = { server: {}, token: {}, jobs: { attribute: false }, worker: { type: Boolean } };
  declare server: string;
  declare token: string;
  declare jobs: string[];
  declare worker: boolean;
  readonly events: StreamEvent[] = [];
  readonly streams: StreamController;

  constructor(start: StreamStarter) {
    super();
    this.server = '';
    this.token = '';
    this.jobs = [];
    this.worker = true;
    this.streams = new StreamController(
      this,
      () => ({ worker: this.worker, jobs: this.jobs, options: { server: this.server, token: this.token } }),
      (events) => this.events.push(...events),
      start,
    );
  }

  previews(jobId: string): number {
    return this.events.filter((event) => event.kind === 'preview' && event.jobId === jobId).length;
  }
}
customElements.define('stream-controller-host', StreamHost);

/** The real starter, counting starts and disposals; `hold()` makes the next starts wait for `release()`. */
function starter() {
  const clients: JobStreamClient[] = [];
  let disposed = 0;
  let gate: Promise<void> | undefined;
  let release = () => {};
  const start: StreamStarter = async (listener, options) => {
    const client = await startJobStream(listener, options);
    await gate;
    const dispose = client.dispose.bind(client);
    client.dispose = () => {
      disposed += 1;
      dispose();
    };
    clients.push(client);
    return client;
  };
  let starts = 0;
  const counted: StreamStarter = (listener, options) => {
    starts += 1;
    return start(listener, options);
  };
  return {
    start: counted,
    get starts() {
      return starts;
    },
    get clients() {
      return clients;
    },
    get disposed() {
      return disposed;
    },
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

async function connections(jobId: string): Promise<number> {
  const stats = await mockControl<{ perJob: Record<string, JobStats> }>('stats', 'GET');
  return stats.perJob[jobId]?.connections ?? 0;
}

/** Polls the server until every job has been connected `count` times. */
async function untilConnected(jobIds: string[], count: number): Promise<void> {
  const deadline = performance.now() + 30_000;
  while ((await Promise.all(jobIds.map(connections))).some((seen) => seen !== count)) {
    if (performance.now() > deadline) throw new Error(`jobs never reached ${count} connections each`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function mount(start: StreamStarter, jobs: string[]): Promise<StreamHost> {
  const host = new StreamHost(start);
  host.server = (await mockStream()).ws;
  host.jobs = jobs;
  document.body.append(host);
  return host;
}

const longJob = () => createJob({ shape: '8,12,16', hz: 20, previews: 5000, queueMs: 50 });

afterEach(async () => {
  document.querySelectorAll('stream-controller-host').forEach((host) => host.remove());
  await mockControl('reset');
});

describe('StreamController', () => {
  it('disposes a client that arrives after the element left, and opens nothing with it', async () => {
    const job = await longJob();
    const gate = starter();
    gate.hold();
    const host = await mount(gate.start, [job]);
    await until(() => gate.starts === 1, 'the start');
    host.remove();
    gate.release();
    await until(() => gate.disposed === 1, 'the late client disposed');
    expect(gate.clients.length).to.equal(1);
    expect(host.streams.mode, 'no mode: the session ended').to.equal(undefined);
    expect(await connections(job), 'sockets the server saw for the job').to.equal(0);
  });

  it('remounted before its start resolved: one live client, each job opened once, previews flow', async () => {
    const job = await longJob();
    const gate = starter();
    gate.hold();
    const host = await mount(gate.start, [job]);
    await until(() => gate.starts === 1, 'the first start');
    host.remove();
    document.body.append(host);
    await until(() => gate.starts === 2, 'the start of the remounted element');
    gate.release();
    await until(() => host.previews(job) > 0, 'a preview');
    expect(gate.disposed, 'the first session’s client').to.equal(1);
    expect(host.streams.mode).to.equal('worker');
    expect(await connections(job)).to.equal(1);
  });

  it('opens the jobs wanted when the start resolves, not those wanted when it began', async () => {
    const [a, b, c] = await Promise.all([longJob(), longJob(), longJob()]);
    const gate = starter();
    gate.hold();
    const host = await mount(gate.start, [a, b]);
    await until(() => gate.starts === 1, 'the start');
    host.jobs = [b, c];
    await host.updateComplete;
    gate.release();
    await until(() => host.previews(b) > 0 && host.previews(c) > 0, 'previews of b and c');
    expect(await Promise.all([a, b, c].map(connections))).to.deep.equal([0, 1, 1]);
    expect(host.events.some((event) => event.jobId === a), 'events of the dropped job').to.equal(false);
  });

  it('reopens every job when the server or the token changes, and only then', async () => {
    const [a, b] = await Promise.all([longJob(), longJob()]);
    const gate = starter();
    const host = await mount(gate.start, [a, b]);
    await until(() => host.previews(a) > 0 && host.previews(b) > 0, 'previews of both jobs');
    host.jobs = [b, a];
    await host.updateComplete;
    host.requestUpdate();
    await host.updateComplete;
    expect(await Promise.all([a, b].map(connections)), 'same jobs, same server').to.deep.equal([1, 1]);
    host.server = (await mockStream()).http; // the same mock, named another way
    await untilConnected([a, b], 2);
    host.token = 'another-token';
    await untilConnected([a, b], 3);
    expect(gate.starts, 'one session throughout').to.equal(1);
  });

  it('ends once, however often it is told to', async () => {
    const job = await longJob();
    const gate = starter();
    const host = await mount(gate.start, [job]);
    await until(() => host.previews(job) > 0, 'a preview');
    host.remove();
    host.streams.hostDisconnected();
    expect(gate.disposed).to.equal(1);
    document.body.append(host);
    const before = host.previews(job);
    await until(() => host.previews(job) > before, 'previews after the remount');
    expect(gate.starts).to.equal(2);
  });

  it('restarts in the other mode when `worker` flips, and drops the old session’s events', async () => {
    const job = await longJob();
    const gate = starter();
    const host = await mount(gate.start, [job]);
    await until(() => host.streams.mode === 'worker' && host.previews(job) > 0, 'previews from the worker');
    host.worker = false;
    await until(() => host.streams.mode === 'main-thread', 'the main-thread mode');
    expect(gate.disposed, 'the worker session ended').to.equal(1);
    const before = host.previews(job);
    await until(() => host.previews(job) > before + 2, 'previews on the main thread');
    expect(await connections(job)).to.equal(2);
  });

  it('says why a start failed, and tries again on the next change of settings, not in a loop', async () => {
    const job = await longJob();
    let failures = 1;
    let starts = 0;
    const start: StreamStarter = async (listener, options) => {
      starts += 1;
      if (failures-- > 0) throw new Error('no worker today');
      return startJobStream(listener, options);
    };
    const host = await mount(start, [job]);
    await until(() => host.streams.error, 'the failure');
    expect(host.streams.status(1)).to.equal('the job streams could not start: no worker today');
    for (let i = 0; i < 3; i++) {
      host.requestUpdate();
      await host.updateComplete;
    }
    expect(starts, 'updates that change nothing do not restart').to.equal(1);
    host.token = 'changed';
    await until(() => host.previews(job) > 0, 'a preview after the retry');
    expect(starts).to.equal(2);
    expect(host.streams.error).to.equal(undefined);
  });
});
