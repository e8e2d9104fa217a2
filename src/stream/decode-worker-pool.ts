// The decode workers of one job worker. The jobs of a multiplexed socket all live in the job worker that
// holds the socket (worker-pool.ts), so with a single decode worker one job's slow previews would hold
// back every other job's decodes; here each job gets a decode worker of its own, up to a limit, placed
// by the job workers' rule (chooseWorker). A job stays on its decode worker, where its decode state
// lives, until it is forgotten. Jobs on sockets of their own are spread over job workers instead, with
// one decode worker each; jobs beyond the job-worker limit share a job worker, and its decode worker
// with it. `decodeWorkerLimit` says which case a job worker is in. A decode worker past the first
// starts with the first decode it is given.
import type { PreviewDecodeOptions } from '../labels/decode-preview.ts';
import type { ScratchMemory } from '../labels/scratch-memory.ts';
import type { DecodePipeline, PipelineInput, PipelineResult } from './decode-pipeline.ts';
import { isMultiplexed } from './job-url.ts';
import type { StreamOptions } from './stream-types.ts';
import { chooseWorker, workerLimit } from './worker-pool.ts';

/**
 * Decode workers one job worker may start: the job-worker limit when its jobs share a multiplexed socket
 * (they all live in this job worker), else one (the job workers themselves are the spread).
 */
export function decodeWorkerLimit(options: Pick<StreamOptions, 'urlTemplate' | 'workers'>, cores: number | undefined): number {
  return isMultiplexed(options.urlTemplate) ? workerLimit(options.workers, cores) : 1;
}

interface Member {
  pipeline: DecodePipeline;
  jobs: Set<string>;
}

export class DecodeWorkerPool implements DecodePipeline {
  readonly #members: Member[];
  readonly #memberOf = new Map<string, Member>();
  readonly #start: () => DecodePipeline;
  #limit = 1;

  /** `start` makes one decode worker's pipeline; the first is started at once, the others when jobs need them. */
  constructor(start: () => DecodePipeline) {
    this.#start = start;
    this.#members = [{ pipeline: start(), jobs: new Set() }];
  }

  /**
   * The most decode workers new jobs go to from now on; jobs already placed stay where they are, and
   * workers past a lowered limit keep only those.
   */
  setLimit(limit: number): void {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  decode(jobId: string, input: PipelineInput, options: PreviewDecodeOptions, scratch: ScratchMemory): Promise<PipelineResult> {
    return this.#place(jobId).pipeline.decode(jobId, input, options, scratch);
  }

  forget(jobId: string): void {
    const member = this.#memberOf.get(jobId);
    if (!member) return;
    this.#memberOf.delete(jobId);
    member.jobs.delete(jobId);
    member.pipeline.forget(jobId);
  }

  #place(jobId: string): Member {
    const placed = this.#memberOf.get(jobId);
    if (placed) return placed;
    const open = this.#members.slice(0, this.#limit);
    const choice = chooseWorker(open.map((member) => member.jobs.size), this.#limit);
    let member: Member;
    if (choice === 'new') {
      member = { pipeline: this.#start(), jobs: new Set() };
      this.#members.push(member);
    } else member = open[choice]!;
    member.jobs.add(jobId);
    this.#memberOf.set(jobId, member);
    return member;
  }
}
