// What the element's stream session follows: its attributes over its `streamOptions`, with the budgets
// over all its jobs (preview history, 3D faces) divided into each job's share. Pure.
import { historyShare } from './labels/preview-history.ts';
import { faceShare } from './labels/surface-budget.ts';
import { isSurfaceMode } from './labels/surface-mode.ts';
import { isBinaryFormat } from './protocol/binary-format.ts';
import { isClientMessageKey } from './protocol/client-message-key.ts';
import { DEFAULT_STREAM_OPTIONS } from './stream/stream-options.ts';
import type { StreamOptions } from './stream/stream-types.ts';

export interface StreamSettings {
  /** Run the streams in a worker; false: on the main thread. */
  worker: boolean;
  jobs: readonly string[];
  /** Passed to the backend's `configure`; no `server` closes every job but keeps the session. */
  options: Partial<StreamOptions>;
}

/** The element's stream attributes, as the element holds them. */
export type StreamAttributes = Pick<StreamOptions, 'server' | 'urlTemplate' | 'statusUrlTemplate' | 'cancelUrlTemplate' | 'token' | 'maxVoxels'> & {
  noWorker: boolean;
  jobs: readonly string[];
  /** 0: the default limit. */
  maxMessageBytes: number;
  /** As the attributes say: a value that is not one of the options keeps the default. */
  binaryFormat: string;
  clientMessageKey: string;
  streamOptions: Partial<StreamOptions>;
  /** Preview history over every job, bytes: each job gets an equal share. */
  historyBytes: number;
  /** As the attribute says: anything but a surface mode keeps the default. */
  surface: string;
};

/** The settings a session follows: the element's attributes over its `streamOptions`. */
export function streamSettings(host: StreamAttributes): StreamSettings {
  // Named one by one: the host is an element, whose own fields must not leak into the options.
  const { server, urlTemplate, statusUrlTemplate, cancelUrlTemplate, token, maxVoxels, maxMessageBytes } = host;
  const attributes = { server, urlTemplate, statusUrlTemplate, cancelUrlTemplate, token, maxVoxels };
  const options: Partial<StreamOptions> = { ...host.streamOptions, ...attributes, ...(maxMessageBytes > 0 && { maxMessageBytes }) };
  // An unknown value keeps the default rather than silently breaking every binary message or route.
  if (isBinaryFormat(host.binaryFormat)) options.binaryFormat = host.binaryFormat;
  if (isClientMessageKey(host.clientMessageKey)) options.clientMessageKey = host.clientMessageKey;
  if (isSurfaceMode(host.surface)) options.surface = host.surface;
  options.historyBytes = historyShare(host.historyBytes, host.jobs.length);
  // Shared here, over every job the element shows, not in a worker: a worker holds only its own jobs.
  const { maxFaces = DEFAULT_STREAM_OPTIONS.maxFaces, maxTotalFaces = DEFAULT_STREAM_OPTIONS.maxTotalFaces } = host.streamOptions;
  options.maxFaces = faceShare(maxFaces, maxTotalFaces, host.jobs.length);
  return { worker: !host.noWorker, jobs: host.jobs, options };
}
