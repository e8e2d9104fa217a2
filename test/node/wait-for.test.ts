// The node tests' one synchronisation helper (test/node/wait-for.ts): what counts as "the condition holds".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('keeps polling past 0 and the empty string, and resolves with the first truthy value', async () => {
    const answers: Array<number | string> = [0, '', 0, 7];
    let polls = 0;
    const value = await waitFor(() => answers[polls++], 'a truthy answer', { everyMs: 1 });
    assert.deepEqual([value, polls], [7, 4]);
  });

  it('rejects naming what it waited for when nothing truthy comes in time', async () => {
    await assert.rejects(waitFor(() => 0, 'the count to grow', { timeoutMs: 20, everyMs: 5 }), /waiting for the count to grow/);
  });
});
