// Defaults of every stream option, and why they are what they are.
import type { StreamOptions } from './stream-types.ts';

/** 512³ voxels of uint16, base64 in JSON (4/3) plus room for the envelope. */
const LARGEST_PREVIEW_MESSAGE = Math.ceil((512 ** 3 * 2 * 4) / 3) + 64 * 1024;

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  server: '',
  urlTemplate: '{server}/ws/jobs/{job}',
  token: '',
  // 128³ keeps a 256³ preview's boundary surface small enough for software WebGL and the label
  // texture for slices at 2 MB, while a CryoMamba 64³ preview is shown at full resolution.
  maxVoxels: 128 ** 3,
  maxMessageBytes: LARGEST_PREVIEW_MESSAGE,
  heartbeatIntervalMs: 10_000,
  heartbeatTimeoutMs: 25_000,
  // First retry fast; capped so a job is back within ~3 s of its server even after a long outage.
  minReconnectDelayMs: 250,
  reconnectGrowFactor: 1.6,
  maxReconnectDelayMs: 2_000,
  reconnectJitter: 0.5,
  // One core stays the page's: the main thread draws while the workers decode.
  workers: 0,
};
