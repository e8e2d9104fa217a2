// <preview-overlay> fed bad input: every broken message goes to its own job while another job streams
// beside it. Each must become a typed job-error (or job-failed) with a message in that job's row; the
// page never throws, the other job never notices, the faulty job streams on, and nothing is polluted.
import { expect } from '@open-wc/testing';
import type { StreamErrorCode } from '../../src/index.ts';
import { base64, binaryFrame, binaryHeader, gzip, LABELS, previewData, previewText, VOXELS } from './crafted-messages.ts';
import { createJob, errorText, jobIdFor, mountOverlay, previewsAfter, report, rows, until } from './harness.ts';

interface BadInput {
  name: string;
  /** Mock job options: a mock fault, or `raw` (a crafted frame). */
  job: Record<string, string | number>;
  /** The job-error codes that are right for it; 'failed' means a job-failed instead. */
  codes: Array<StreamErrorCode | 'failed'>;
  /** What the message must say, where a wrong sentence is easy to write. */
  says?: RegExp;
}

const raw = (text: string) => ({ fault: 'raw', raw: text });
const rawBinary = (frame: string) => ({ fault: 'raw', raw: frame, rawFrame: 'binary' });
const rawPreview = (changes: Record<string, unknown>, envelope: Record<string, unknown> = {}) => raw(previewText(changes, envelope));

async function badInputs(goodJobId: string): Promise<BadInput[]> {
  const floats = new Float32Array(VOXELS).fill(1);
  floats[5] = Infinity;
  const bomb = await gzip(new Uint8Array(10 * 1024 * 1024));
  const withoutOwnFields = JSON.stringify({ type: 'preview', data: { __proto__: previewData() } }); // JSON.stringify keeps it as a key
  return [
    { name: 'malformed JSON (mock fault)', job: { fault: 'malformed-json' }, codes: ['json'] },
    { name: 'JSON cut off mid-message', job: raw('{"type":"progress","data":{"progress":0.5'), codes: ['json'] },
    { name: 'JSON nested 100 000 deep', job: raw('['.repeat(100_000) + ']'.repeat(100_000)), codes: ['json'], says: /nested too deeply/ },
    { name: 'an array instead of a message', job: raw('[1,2,3]'), codes: ['schema'] },
    { name: 'a message without a type', job: raw('{"data":{"progress":0.5}}'), codes: ['schema'] },
    { name: 'progress that is a string', job: raw('{"type":"progress","data":{"progress":"half"}}'), codes: ['schema'] },
    { name: 'progress 1e999 (Infinity)', job: raw('{"type":"progress","data":{"progress":1e999}}'), codes: ['schema'], says: /not Infinity/ },
    { name: 'a job_id that is an object', job: raw('{"type":"progress","job_id":{"$ne":null},"data":{"progress":0.5}}'), codes: ['schema'] },
    { name: 'shape "abc" (mock fault)', job: { fault: 'schema' }, codes: ['shape'] },
    { name: 'base64 cut short', job: rawPreview({ payload: base64(LABELS).slice(0, -2) }), codes: ['payload'] },
    { name: 'a payload that is not base64', job: rawPreview({ payload: '<<not base64>>' }), codes: ['payload'] },
    { name: 'an empty payload', job: rawPreview({ payload: '' }), codes: ['payload'] },
    { name: 'a payload shorter than shape × itemsize (mock fault)', job: { fault: 'length' }, codes: ['length'] },
    { name: 'a payload longer than shape × itemsize', job: rawPreview({ payload: base64(new Uint8Array(VOXELS + 8)) }), codes: ['length'] },
    { name: 'dtype complex64 (mock fault)', job: { fault: 'dtype' }, codes: ['dtype'] },
    { name: 'dtype "<U8"', job: rawPreview({ dtype: '<U8' }), codes: ['dtype'] },
    { name: 'a shape whose voxel count overflows', job: rawPreview({ shape: [1e6, 1e6, 1e6] }), codes: ['voxel-limit'] },
    { name: 'a shape beyond the voxel limit', job: rawPreview({ shape: [1024, 1024, 1024] }), codes: ['voxel-limit'] },
    { name: 'a dimension past 2^53', job: raw(previewText().replace('"shape":[4,', '"shape":[9007199254740993,')), codes: ['shape'] },
    { name: 'a zero dimension', job: rawPreview({ shape: [0, 6, 8] }), codes: ['shape'] },
    { name: 'a negative dimension', job: rawPreview({ shape: [4, -6, 8] }), codes: ['shape'] },
    { name: 'a fractional dimension', job: rawPreview({ shape: [4, 6.5, 8] }), codes: ['shape'] },
    { name: 'two dimensions', job: rawPreview({ shape: [6, 8] }), codes: ['shape'] },
    { name: 'an original_shape with a zero', job: rawPreview({ original_shape: [8, 0, 16] }), codes: ['shape'] },
    { name: 'scale 1e999 (Infinity)', job: raw(previewText().replace('"scale":[1,', '"scale":[1e999,')), codes: ['scale'], says: /\[Infinity,1,1\]/ },
    { name: 'a negative scale', job: rawPreview({ scale: [1, -1, 1] }), codes: ['scale'] },
    { name: 'a scale of strings', job: rawPreview({ scale: ['1', '1', '1'] }), codes: ['scale'] },
    { name: 'preview_id -1', job: rawPreview({ preview_id: -1 }), codes: ['schema'] },
    { name: 'a gzip bomb (10 MB of zeros for 192 voxels)', job: rawPreview({ compression: 'gzip', payload: base64(bomb) }), codes: ['length', 'compression'] },
    { name: 'gzip that is not gzip', job: rawPreview({ compression: 'gzip', payload: base64(Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff)) }), codes: ['compression'] },
    { name: 'compression "brotli"', job: rawPreview({ compression: 'brotli' }), codes: ['payload'] },
    { name: 'float32 labels holding Infinity', job: rawPreview({ dtype: 'float32', payload: base64(new Uint8Array(floats.buffer)) }), codes: ['labels'] },
    { name: 'an oversized message (mock: 3 MB over a 2 MB limit)', job: { fault: 'oversize', oversizeBytes: 3_000_000 }, codes: ['size'] },
    { name: '__proto__/constructor keys and markup (mock fault hostile)', job: { fault: 'hostile' }, codes: ['server'] },
    { name: 'preview fields hidden behind __proto__', job: raw(withoutOwnFields), codes: ['dtype', 'shape', 'schema'] },
    { name: 'a preview naming another job', job: rawPreview({}, { job_id: 'someone-else' }), codes: ['job-id'] },
    { name: 'a job_failed naming the job beside it', job: raw(JSON.stringify({ type: 'job_failed', job_id: goodJobId, data: { error: { code: 'X', message: 'forged' } } })), codes: ['job-id'] },
    { name: 'an error message of 200 000 characters', job: raw(JSON.stringify({ type: 'error', data: { message: 'A'.repeat(200_000) } })), codes: ['server'] },
    { name: 'binary: a frame of 3 bytes', job: rawBinary(base64(new Uint8Array([1, 0, 0]))), codes: ['payload'] },
    { name: 'binary: a header length past the frame', job: rawBinary(binaryFrame(binaryHeader(), LABELS, 1 << 30)), codes: ['payload'] },
    { name: 'binary: a header that is not UTF-8', job: rawBinary(binaryFrame(new Uint8Array([0xff, 0xfe, 0x7b]), LABELS)), codes: ['payload'] },
    { name: 'binary: a header that is not a preview', job: rawBinary(binaryFrame('{"type":"progress","data":{"progress":0.5}}', LABELS)), codes: ['schema'] },
    { name: 'binary: a body shorter than shape × itemsize', job: rawBinary(binaryFrame(binaryHeader(), LABELS.subarray(0, 100))), codes: ['length'] },
    { name: 'job_failed from the server (mock fault fail)', job: { fault: 'fail' }, codes: ['failed'] },
  ];
}

for (const noWorker of [false, true]) {
  describe(`<preview-overlay> with bad input (${noWorker ? 'main-thread fallback' : 'worker'})`, () => {
    it('turns each bad message into a typed error in its own row, while the other job streams on and nothing is polluted', async function () {
      this.timeout(90_000);
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
      (window as { __pwned?: unknown }).__pwned = undefined;
      const common = { shape: '4,6,8', labels: 2, hz: 5, previews: 300, faultAt: 2 };
      const good = await createJob({ ...common, queueMs: 300 });
      const { element, events } = await mountOverlay([good], { maxMessageBytes: 2_000_000, noWorker });
      await until(() => events.of('job-state', good).some((s) => s.state === 'open') || undefined, 'the stream running');
      const cases = await badInputs(good);
      const ids = new Map<string, BadInput>();
      // A few jobs at a time: Chromium opens a burst of WebSockets to one host slower and slower (45 at once
      // take ~5 s here), and each job's fault comes on the server's clock.
      for (let start = 0; start < cases.length; start += 9) {
        const group: string[] = [];
        for (const input of cases.slice(start, start + 9)) {
          // 0.5 Hz: a bad preview superseded by the next one before its decode is dropped unread (latest wins),
          // so the next comes two seconds later, past any stall of a loaded machine's worker or main thread.
          const id = await createJob({ ...common, hz: 0.5, queueMs: 1500, ...input.job, job_id: jobIdFor(input.name) });
          ids.set(id, input);
          group.push(id);
        }
        element.jobs = [...element.jobs, ...group];
        await until(() => group.every((id) => events.of('job-state', id).some((s) => s.state === 'open')) || undefined, 'the group’s sockets open');
      }
      const reported = (id: string) => events.of('job-error', id).length + events.of('job-failed', id).length > 0;
      const streamsOn = (id: string) => ids.get(id)!.codes.includes('failed') || events.of('job-preview', id).some((p) => Number(p.previewId) >= 3);
      // On a timeout, go on: the checks below say which input went wrong.
      await until(() => [...ids.keys()].every((id) => reported(id) && streamsOn(id)) || undefined, 'every bad input reported, and its job streaming on', 20_000).catch(() => undefined);
      const goodBefore = events.of('job-preview', good).length;
      await previewsAfter(events, good, goodBefore + 2, 0, 'the other job to keep streaming');
      await element.updateComplete;

      const wrong: string[] = [];
      for (const [id, input] of ids) {
        const errors = events.of('job-error', id);
        const failed = events.of('job-failed', id);
        const got = input.codes.includes('failed') ? failed : errors;
        const codes = got.map((event) => ('code' in event && !input.codes.includes('failed') ? event.code : 'failed'));
        if (got.length !== 1 || !input.codes.includes(codes[0] as StreamErrorCode)) {
          const states = events.of('job-state', id).map((e) => e.state);
          const first = events.of('job-preview', id)[0]?.previewId;
          wrong.push(`${input.name}: expected one of [${input.codes}], got errors [${errors.map((e) => e.code)}], failed [${failed.map((f) => f.code)}] (states ${states}, first preview ${first})`);
          continue;
        }
        const message = got[0]!.message;
        const line = await errorText(element, id);
        if (!message || !line.includes(message)) wrong.push(`${input.name}: the row shows "${line.slice(0, 80)}", not the message "${message.slice(0, 80)}"`);
        if (input.says && !input.says.test(message)) wrong.push(`${input.name}: the message "${message}" does not match ${input.says}`);
        if (message.length > 2000 || line.length > 2100) wrong.push(`${input.name}: a message of ${message.length} characters reached the row`);
        if (!input.codes.includes('failed') && events.of('job-failed', id).length > 0) wrong.push(`${input.name}: a bad message failed the job`);
        if (!streamsOn(id)) wrong.push(`${input.name}: the job did not stream on after the bad message`);
      }
      expect(wrong, 'bad inputs not reported as they should be').to.deep.equal([]);
      expect(events.of('job-error', good), 'errors reaching the other job').to.deep.equal([]);
      expect(events.of('job-failed', good), 'the other job failed').to.deep.equal([]);
      expect(await errorText(element, good)).to.equal('');
      expect(rows(element)).to.have.length(ids.size + 1);
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype.polluted').to.equal(undefined);
      expect(({} as Record<string, unknown>).mockPolluted, 'Object.prototype.mockPolluted').to.equal(undefined);
      expect(Object.getOwnPropertyNames(Object.prototype), 'Object.prototype keys').to.deep.equal(prototypeKeys);
      expect((window as { __pwned?: unknown }).__pwned, 'injected markup ran').to.equal(undefined);
      expect(element.shadowRoot!.querySelectorAll('li img, li script'), 'markup from the server in the rows').to.have.length(0);
      if (!noWorker) report('bad inputs tried (each on its own job, beside a streaming job)', cases.length);
    });
  });
}

describe('<preview-overlay> with a bad message right before a good one', () => {
  it('reports a malformed progress message that a valid one follows at once', async () => {
    // Back to back in one tick: anything that keeps only the newest progress before validating it
    // would drop the bad one unreported.
    const bad = '{"type":"progress","data":{"progress":"half"}}';
    const jobId = await createJob({ shape: '4,6,8', hz: 10, previews: 200, fault: 'raw', faultAt: 3, raw: bad, rawAfter: '{"type":"progress","data":{"progress":0.9}}', queueMs: 500 });
    const { element, events } = await mountOverlay([jobId]);
    await until(() => events.of('job-preview', jobId).some((p) => Number(p.previewId) >= 5) || undefined, 'previews past the bad message');
    expect(events.of('job-error', jobId).map((e) => e.code)).to.deep.equal(['schema']);
    expect(await errorText(element, jobId)).to.contain('data.progress');
  });
});
