// @ts-check
// `npm test`: the test phases in stages, one after another. The phases of a stage run side by side (they
// need nothing of each other: the node tests neither read nor write dist/); later stages need the build.
// The package and browser tests stay alone in their stages: both drive Chromium on timers, and streams
// racing their own rates fail when they share 2 cores with another phase. A phase that shares its stage
// has its output held and printed whole, under its name, when it ends, so lines of two phases never mix;
// a phase alone prints as it goes. A failed stage stops the run (like `a && b`); the run fails if any phase failed.
import { spawn } from 'node:child_process';

/** @type {string[][]} npm scripts, by stage */
const STAGES = [
  ['typecheck', 'test:node', 'build'],
  ['test:package'],
  ['test:browser'],
];

/**
 * Runs `npm run <script>`: its stdout and stderr held together in order, or passed through (`alone`).
 * @param {string} script
 * @param {boolean} alone
 * @returns {Promise<{ script: string, code: number, seconds: number, output: string }>}
 */
function runPhase(script, alone) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', alone ? 'inherit' : 'pipe', alone ? 'inherit' : 'pipe'] });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      resolve({ script, code: code ?? (signal ? 1 : 0), seconds, output: Buffer.concat(chunks).toString() });
    });
  });
}

const started = performance.now();
/** @type {string[]} */
const failed = [];
for (const stage of STAGES) {
  console.log(`\n▶ ${stage.join(' + ')}`);
  await Promise.all(
    stage.map((script) =>
      runPhase(script, stage.length === 1).then(({ code, seconds, output }) => {
        const verdict = code === 0 ? 'ok' : `FAILED (exit ${code})`;
        console.log(`\n── ${script}: ${verdict}, ${seconds.toFixed(1)} s ${'─'.repeat(40)}`);
        process.stdout.write(output.endsWith('\n') || !output ? output : `${output}\n`);
        if (code !== 0) failed.push(script);
      }),
    ),
  );
  if (failed.length) break;
}
const total = ((performance.now() - started) / 1000).toFixed(1);
console.log(failed.length ? `\nnpm test FAILED in ${total} s: ${failed.join(', ')}` : `\nnpm test: all phases passed in ${total} s`);
process.exitCode = failed.length ? 1 : 0;
