// Where the pool puts jobs: a worker per job up to the limit, then the least loaded; jobs of one
// multiplexed socket together; every command for a job to its own worker, in order. Workers are fakes
// that record the commands they receive (the real ones are tested in Chromium).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseWorker, WorkerPool, workerLimit, type PoolWorker } from '../../src/stream/worker-pool.ts';

function fakeWorkers({ failFrom = Infinity } = {}) {
  const logs: string[][] = [];
  let disposed = 0;
  const make = (): PoolWorker => {
    const log: string[] = [];
    logs.push(log);
    const record = async (line: string) => {
      log.push(line);
    };
    return {
      api: {
        configure: (options) => record(`configure ${options.workers ?? ''}`.trim()),
        open: (jobId) => record(`open ${jobId}`),
        close: (jobId) => record(`close ${jobId}`),
        send: (jobId, message) => record(`send ${jobId} ${message.type}`),
        cancel: (jobId) => record(`cancel ${jobId}`),
        restore: (jobId, request, previewId) => record(`restore ${jobId} ${request} ${previewId}`),
        // Each worker answers with what it holds: the index of the worker and the job asked about.
        history: async (jobId) => {
          await record(`history ${jobId}`);
          return [{ previewId: `${logs.indexOf(log)}:${jobId}`, receivedAt: 0, labelCounts: {}, bytes: 0 }];
        },
      },
      dispose: () => void (disposed += 1),
    };
  };
  const spawn = async () => {
    if (logs.length >= failFrom) throw new Error('no more workers');
    return make();
  };
  return { first: make(), spawn, logs, disposed: () => disposed };
}

describe('workerLimit', () => {
  it('is one fewer than the cores, at least one, unless the options say', () => {
    assert.equal(workerLimit(0, 8), 7);
    assert.equal(workerLimit(0, 2), 1);
    assert.equal(workerLimit(0, 1), 1);
    assert.equal(workerLimit(0, undefined), 1);
    assert.equal(workerLimit(3, 2), 3);
  });
});

describe('chooseWorker', () => {
  it('starts a new worker while every worker has a job and the limit allows, else the least loaded', () => {
    assert.equal(chooseWorker([], 4), 'new');
    assert.equal(chooseWorker([0], 4), 0);
    assert.equal(chooseWorker([1], 4), 'new');
    assert.equal(chooseWorker([1, 1, 1, 1], 4), 0);
    assert.equal(chooseWorker([2, 1, 2], 3), 1);
    assert.equal(chooseWorker([1, 0, 1], 3), 1);
  });
});

describe('WorkerPool', () => {
  it('spreads 8 jobs over 4 workers, two each, and sends each job’s commands to its own worker in order', async () => {
    const { first, spawn, logs } = fakeWorkers();
    const pool = new WorkerPool(first, spawn, 2);
    await pool.configure({ workers: 4 });
    const jobs = ['j0', 'j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'];
    await Promise.all(jobs.map((job) => pool.open(job)));
    await Promise.all(jobs.map((job) => pool.send(job, { type: 'cancel_job', job_id: job })));
    assert.equal(pool.size, 4);
    assert.deepEqual(logs, [
      ['configure 4', 'open j0', 'open j4', 'send j0 cancel_job', 'send j4 cancel_job'],
      ['configure 4', 'open j1', 'open j5', 'send j1 cancel_job', 'send j5 cancel_job'],
      ['configure 4', 'open j2', 'open j6', 'send j2 cancel_job', 'send j6 cancel_job'],
      ['configure 4', 'open j3', 'open j7', 'send j3 cancel_job', 'send j7 cancel_job'],
    ]);
  });

  it('asks a job\u2019s own worker for its history and its stored previews, and nobody for a closed job', async () => {
    const { first, spawn, logs } = fakeWorkers();
    const pool = new WorkerPool(first, spawn, 2);
    await pool.configure({ workers: 2 });
    await Promise.all(['a', 'b'].map((job) => pool.open(job)));
    assert.deepEqual((await pool.history('b')).map((entry) => entry.previewId), ['1:b']);
    assert.deepEqual((await pool.history('a')).map((entry) => entry.previewId), ['0:a']);
    await pool.restore('b', 7, null);
    await pool.restore('a', 8, 3);
    await pool.close('b');
    assert.deepEqual(await pool.history('b'), []);
    await pool.restore('b', 9, null);
    assert.deepEqual(logs, [
      ['configure 2', 'open a', 'history a', 'restore a 8 3'],
      ['configure 2', 'open b', 'history b', 'restore b 7 null', 'close b'],
    ]);
  });

  it('puts a job on the worker a finished job left empty, and a reopened job back on its own worker', async () => {
    const { first, spawn, logs } = fakeWorkers();
    const pool = new WorkerPool(first, spawn, 3);
    await pool.configure({});
    await pool.open('a');
    await pool.open('b');
    await pool.close('a');
    await pool.open('c');
    await pool.open('b2');
    await pool.close('b');
    await pool.open('b');
    assert.equal(pool.size, 2, 'two cores: at most two workers by default');
    assert.deepEqual(logs, [
      ['configure', 'open a', 'close a', 'open c', 'open b2'],
      ['configure', 'open b', 'close b', 'open b'],
    ]);
  });

  it('keeps the jobs of one multiplexed socket in one worker', async () => {
    const { first, spawn, logs } = fakeWorkers();
    const pool = new WorkerPool(first, spawn, 8);
    await pool.configure({ server: 'ws://h', urlTemplate: '{server}/ws' });
    for (const job of ['a', 'b', 'c']) await pool.open(job);
    assert.equal(pool.size, 1);
    assert.deepEqual(logs[0], ['configure', 'open a', 'open b', 'open c']);
  });

  it('hands the jobs of a worker that could not start to the first worker, and ends every worker on dispose', async () => {
    const { first, spawn, logs, disposed } = fakeWorkers({ failFrom: 1 });
    const pool = new WorkerPool(first, spawn, 4);
    await pool.configure({});
    await pool.open('a');
    await pool.open('b');
    assert.deepEqual(logs, [['configure', 'open a', 'open b']]);
    pool.dispose();
    assert.equal(disposed(), 1);
  });
});
