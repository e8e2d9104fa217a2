// How the element's model of a job follows the stream's events (src/job-view.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStreamEvent, createJobView, jobState } from '../../src/job-view.ts';

describe('JobView', () => {
  it('says the connection state until the socket is open, then the server’s lifecycle, then the terminal state', () => {
    let view = createJobView('a', 0.8);
    assert.equal(jobState(view), 'connecting');
    view = applyStreamEvent(view, { kind: 'state', jobId: 'a', state: 'open', attempt: 1 });
    assert.equal(jobState(view), 'open');
    view = applyStreamEvent(view, { kind: 'lifecycle', jobId: 'a', state: 'running' });
    assert.equal(jobState(view), 'running');
    view = applyStreamEvent(view, { kind: 'state', jobId: 'a', state: 'reconnecting', attempt: 2, reason: 'down' });
    assert.equal(jobState(view), 'reconnecting');
    assert.equal(view.reason, 'down');
    view = applyStreamEvent(view, { kind: 'completed', jobId: 'a' });
    view = applyStreamEvent(view, { kind: 'state', jobId: 'a', state: 'closed', attempt: 2 });
    assert.equal(jobState(view), 'completed', 'the socket closing after completion does not hide it');
    assert.equal(view.progress, 1);
  });

  it('keeps the latest error visible and counts bad messages, even after good previews', () => {
    let view = createJobView('a', 1);
    view = applyStreamEvent(view, { kind: 'error', jobId: 'a', code: 'length', message: 'bad length' });
    view = applyStreamEvent(view, { kind: 'error', jobId: 'a', code: 'json', message: 'bad json' });
    assert.equal(view.error, 'bad json');
    assert.equal(view.errors, 2);
  });

  it('keeps stage and message across progress events that omit them', () => {
    let view = createJobView('a', 1);
    view = applyStreamEvent(view, { kind: 'progress', jobId: 'a', progress: 0.2, stage: 'stage_1', message: 'Detecting' });
    view = applyStreamEvent(view, { kind: 'progress', jobId: 'a', progress: 0.4 });
    assert.deepEqual([view.progress, view.stage, view.message], [0.4, 'stage_1', 'Detecting']);
  });
});
