// @ts-check
// How fast a Chromium worker receives the bench's 256³ base64 JSON previews (22 MB each) at 2 Hz, with
// nothing of the widget in the way: the mock replays a ring, a Blob URL worker holds the socket and
// records, per preview, its lag behind the server's `sent_at_ms` and the gap since the previous one.
//   node test/bench/delivery-probe.js [idle|busy] [busyMs=60] [seconds=12] [--devtools-network]
// `idle`: the worker does nothing else; `busy`: it spins `busyMs` per preview (a decode on the socket's
// thread). `--devtools-network` leaves puppeteer's CDP Network domain on, as the bench had it until
// the decode worker's change: Chromium then copies each frame into a DevTools event.
import puppeteer from 'puppeteer-core';
import { startMockStream } from '../../demo/mock-stream/server.js';
import { chromiumPath } from '../find-chromium.js';
import { ringFor } from './rings.js';

const [mode = 'idle', busyArg = '60', secondsArg = '12'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const busyMs = Number(busyArg);
const seconds = Number(secondsArg);
const devtoolsNetwork = process.argv.includes('--devtools-network');

const mock = await startMockStream({ port: 0, quiet: true });
const spec = { shape: '256,256,256', hz: 2 };
const ring = await ringFor(spec, undefined, console.log);
const created = await fetch(`${mock.httpUrl}/jobs`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ job_id: `probe-${Date.now()}`, startOn: 'watch', previews: Math.ceil(2 * seconds) + 4, seed: 1000, ...spec }),
});
const { job_id: jobId } = /** @type {{ job_id: string }} */ (await created.json());
mock.replay(jobId, ring);
const browser = await puppeteer.launch({
  executablePath: chromiumPath() ?? undefined,
  headless: true,
  networkEnabled: devtoolsNetwork,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${mock.httpUrl}/`).catch(() => {});
  const workerSource = `
    const records = [];
    const spin = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
    const socket = new WebSocket(${JSON.stringify(`${mock.wsUrl}/ws/jobs/${jobId}`)});
    socket.onmessage = ({ data }) => {
      if (typeof data !== 'string' || data.length < 1e6) return;
      const sent = Number(/"sent_at_ms":(\\d+)/.exec(data.slice(0, 2000))?.[1]);
      records.push({ lagMs: Date.now() - sent, at: Date.now() });
      if (${JSON.stringify(mode)} === 'busy') spin(${busyMs});
    };
    setTimeout(() => { socket.close(); postMessage(records); }, ${seconds * 1000});`;
  /** @type {Array<{ lagMs: number, at: number }>} */
  const records = await page.evaluate(
    (source) =>
      new Promise((resolve) => {
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        worker.onmessage = ({ data }) => resolve(data);
      }),
    workerSource,
  );
  console.log(`${mode}${mode === 'busy' ? ` ${busyMs} ms` : ''}, CDP Network ${devtoolsNetwork ? 'on' : 'off'}: ${records.length} previews of 22 MB received in ${seconds} s (${Math.ceil(2 * seconds)} sent)`);
  console.log(`lag behind the server, ms: ${records.map((record) => record.lagMs).join(' ')}`);
  console.log(`gaps, ms: ${records.slice(1).map((record, i) => record.at - /** @type {{ at: number }} */ (records[i]).at).join(' ')}`);
} finally {
  await browser.close();
  await mock.close();
}
