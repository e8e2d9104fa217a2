// What a job worker and its nested decode worker say to each other. A preview's payload travels in
// the job's payload buffer, transferred there and back (never copied), so each job keeps reusing one
// buffer; the decoded volume's buffers are transferred too.
import type { LabelDecodeRule } from '../labels/decode-error.ts';
import type { PreviewDecodeOptions, PreviewHeaderLike } from '../labels/decode-preview.ts';
import type { PipelineResult } from './decode-pipeline.ts';

export type DecodeRequest =
  | {
      kind: 'decode';
      /** Matches the answer to its request. */
      id: number;
      jobId: string;
      header: PreviewHeaderLike;
      /** The payload is its first `length` bytes. */
      buffer: ArrayBuffer;
      length: number;
      options: PreviewDecodeOptions;
    }
  | { kind: 'forget'; jobId: string };

export type DecodeReply =
  /** The decode worker has started and listens. */
  | { kind: 'ready' }
  /** `buffer`: the payload buffer, given back. `pipelineMs`: the decode's own time there. */
  | { kind: 'decoded'; id: number; buffer: ArrayBuffer; result: Omit<PipelineResult, 'handoffMs'>; pipelineMs: number }
  /** `rule`: the label rule the preview broke (a LabelDecodeError); without one, an unexpected failure. */
  | { kind: 'failed'; id: number; buffer: ArrayBuffer; rule?: LabelDecodeRule; message: string };
