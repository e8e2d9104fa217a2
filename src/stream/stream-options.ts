// Defaults of every stream option, and why they are what they are. The reconnect and heartbeat
// defaults belong to the reconnect policy (reconnect-policy.ts); the size cap to the protocol's limits.
// Options given are merged over the defaults here, and the download and chunk timeouts kept sane.
import { DEFAULT_HISTORY_BYTES } from '../labels/preview-history.ts';
import { DEFAULT_SURFACE_MODE } from '../labels/surface-mode.ts';
import { DEFAULT_CLIENT_MESSAGE_KEY } from '../protocol/client-message-key.ts';
import { DEFAULT_MAX_DECLARED_VOXELS } from '../protocol/limits.ts';
import { DEFAULT_RECONNECT_OPTIONS } from './reconnect-policy.ts';
import type { StreamOptions } from './stream-types.ts';

/** The largest preview a header may declare, as uint16 base64 in JSON (4/3), plus room for the envelope. */
const LARGEST_PREVIEW_MESSAGE = Math.ceil((DEFAULT_MAX_DECLARED_VOXELS * 2 * 4) / 3) + 64 * 1024;

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  server: '',
  urlTemplate: '{server}/ws/jobs/{job}',
  token: '',
  statusUrlTemplate: '',
  cancelUrlTemplate: '',
  statusTimeoutMs: 5_000,
  // A running CryoMamba job talks twice a second; this much silence means a finished or unknown job.
  statusSilenceMs: 10_000,
  // CryoMamba sends `progress 1.0` around its `job_completed`; this lets such stragglers land first.
  terminalGraceMs: 1_500,
  // 128³ keeps a 256³ preview's boundary surface small enough for software WebGL and the label
  // texture for slices at 2 MB, while a CryoMamba 64³ preview is shown at full resolution.
  maxVoxels: 128 ** 3,
  maxMessageBytes: LARGEST_PREVIEW_MESSAGE,
  // A 128³ preview of smooth objects has 10–60 k faces; 200 k still rotates under SwiftShader, while
  // noise (3.2 M) or a checkerboard (6.3 M) froze the page for seconds. The total keeps 8 jobs drawable.
  maxFaces: 200_000,
  maxTotalFaces: 500_000,
  // The largest brick edge: each vtk actor costs every draw ≈ 0.3–0.6 ms under SwiftShader (measured),
  // so 64³ bricks (5–8 actors per 128³ layer of smooth objects, not 24–42); denser surfaces get 32³
  // bricks (BRICK_FACES in surface-bricks.ts). README "Bricks".
  brickSize: 64,
  surface: DEFAULT_SURFACE_MODE,
  binaryFormat: 'auto',
  clientMessageKey: DEFAULT_CLIENT_MESSAGE_KEY,
  // A pre-signed URL of a 256³ preview (16 MB) downloads in well under this on any link a viewer is on.
  previewFetchTimeoutMs: 30_000,
  // A gateway sends a preview's chunks back to back; this long means some were lost.
  chunkTimeoutMs: 15_000,
  // The heartbeat (10 s) is well inside API Gateway's 10-minute idle timeout, even counting only pings.
  ...DEFAULT_RECONNECT_OPTIONS,
  // One core stays the page's: the main thread draws while the workers decode.
  workers: 0,
  // One job's whole share; the element divides `history-bytes` among its jobs.
  historyBytes: DEFAULT_HISTORY_BYTES,
};

/** The timeouts of previews by URL and in chunks, and the range they are held to. */
const PREVIEW_TIMEOUTS = ['previewFetchTimeoutMs', 'chunkTimeoutMs'] as const;
const MIN_PREVIEW_TIMEOUT_MS = 50;
const MAX_PREVIEW_TIMEOUT_MS = 10 * 60_000;

/**
 * The options given over the defaults. A preview timeout that is no positive number (NaN, 0, -1: a
 * timer that fires at once would drop every such preview) keeps its default; others are clamped.
 */
export function resolveStreamOptions(options: Partial<StreamOptions>): StreamOptions {
  const resolved: StreamOptions = { ...DEFAULT_STREAM_OPTIONS, ...options };
  for (const key of PREVIEW_TIMEOUTS) {
    const value = resolved[key];
    resolved[key] = typeof value === 'number' && value > 0
      ? Math.min(MAX_PREVIEW_TIMEOUT_MS, Math.max(MIN_PREVIEW_TIMEOUT_MS, value))
      : DEFAULT_STREAM_OPTIONS[key];
  }
  return resolved;
}
