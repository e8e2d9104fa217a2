#!/usr/bin/env node
// @ts-check
// Command line for the mock stream: `node demo/mock-stream/cli.js --port 8000 [--hz 2 --shape 40,64,96 …]`.
// Job option flags (kebab-case) become the defaults of every job; a socket's query string overrides them.
import { parseArgs } from 'node:util';
import { DEFAULT_JOB_OPTIONS, FAULTS } from './job-options.js';
import { startMockStream } from './server.js';

const JOB_FLAGS = {
  hz: 'hz', shape: 'shape', dtype: 'dtype', labels: 'labels', previews: 'previews', style: 'style',
  encoding: 'encoding', compression: 'compression', original: 'original', fault: 'fault',
  'fault-at': 'faultAt', 'oversize-bytes': 'oversizeBytes', 'flood-rate': 'floodRate',
  'flood-seconds': 'floodSeconds', 'queue-ms': 'queueMs', seed: 'seed', chunked: 'chunked',
  'max-connection-s': 'maxConnectionS',
  'burst-count': 'burstCount', 'burst-ms': 'burstMs', 'burst-terminal': 'burstTerminal',
};

const USAGE = `Usage: node demo/mock-stream/cli.js [--port 8000] [--host 127.0.0.1] [--token T] [--quiet]
  job defaults: ${Object.keys(JOB_FLAGS).map((flag) => `--${flag}`).join(' ')}
  e.g. --hz 2 --shape 40,64,96 --dtype uint8 --style enveloped|flat|apigateway --encoding base64|binary|msgpack
       --compression none|gzip|deflate --fault ${FAULTS.join('|')} --fault-at 2
  defaults: ${JSON.stringify(DEFAULT_JOB_OPTIONS)}`;

/** @type {import('node:util').ParseArgsConfig['options']} */
const flags = {
  port: { type: 'string', default: '8000' },
  host: { type: 'string', default: '127.0.0.1' },
  token: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};
for (const flag of Object.keys(JOB_FLAGS)) flags[flag] = { type: 'string' };

let values;
try {
  ({ values } = parseArgs({ options: flags, strict: true }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/** @type {Record<string, unknown>} */
const defaults = {};
for (const [flag, option] of Object.entries(JOB_FLAGS)) if (values[flag] !== undefined) defaults[option] = values[flag];

try {
  const mock = await startMockStream({
    port: Number(values.port),
    host: String(values.host),
    token: typeof values.token === 'string' ? values.token : undefined,
    quiet: Boolean(values.quiet),
    defaults,
  });
  console.log(`mock stream: ${mock.httpUrl}/  sockets: ${mock.wsUrl}/ws/jobs/{job_id}${values.token ? '?token=***' : ''}`);
  const stop = () => mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`mock stream: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
