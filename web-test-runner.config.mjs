// Browser tests: real headless Chromium (software WebGL2 through SwiftShader), TypeScript through
// esbuild, and the real mock stream server on loopback for the whole run.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { chromeLauncher } from '@web/test-runner-chrome';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { chromiumPath } from './test/find-chromium.js';
import { mockStreamPerSession } from './test/mock-stream-sessions.js';
import { inlineWorker } from './rollup.config.mjs';
import { embeddingHostPages } from './test/fixtures/embedding/origins.js';

const commonjs = fromRollup(rollupCommonjs);
const worker = fromRollup(inlineWorker);

const mockStream = mockStreamPerSession();

export default {
  files: ['test/browser/**/*.test.ts', 'test/reliability/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  // Files at a time. Each file has its own mock stream (test/mock-stream-sessions.js) and its own page (see
  // createPage below), so files can share a run; but two at a time on 2 loaded cores made the tests that
  // race a decode against a stream's rate (bad input under latest wins, bursts) fail, so one by default.
  // `WTR_CONCURRENCY=2 npm run test:browser` runs two.
  concurrency: Number(process.env.WTR_CONCURRENCY) || 1,
  testsFinishTimeout: 5 * 60_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 60_000 } },
  plugins: [
    mockStream,
    embeddingHostPages(mockStream.mockAt),
    worker(),
    commonjs({ include: ['**/node_modules/**'], requireReturnsDefault: 'preferred', strictRequires: false }),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      // Each page in a browser context of its own: there it is visible and focused. Two tabs of one context
      // are one foreground tab and one background tab, which is `hidden` and gets no animation frames.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        // No CDP Network domain in the page and its workers: with it on (puppeteer's default) Chromium
        // copies every WebSocket frame into a DevTools event, and a worker receives 1–3 MB/s of big
        // previews instead of ≈ 150 MB/s (measured with 256³ base64 JSON, 22 MB a message). Users have no
        // DevTools attached.
        networkEnabled: false,
        args: [
          '--no-sandbox',
          '--use-angle=swiftshader',
          '--enable-unsafe-swiftshader',
          '--ignore-gpu-blocklist',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          // gc() for the soak test's heap floors, read exactly (not bucketed) from performance.memory.
          '--js-flags=--expose-gc',
          '--enable-precise-memory-info',
        ],
      },
    }),
  ],
};
