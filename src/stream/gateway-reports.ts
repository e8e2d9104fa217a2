// Which gateway error frames become job errors (worker side). A gateway answers every message it cannot
// route — a ping every few seconds — so `Forbidden` is said once per job until the options change (a
// new client message key may fix it); any other answer is the server failing, said as a `server`
// error, each distinct text at most once per interval per job. Pure but for the clock the caller passes.
import { gatewayErrorCause, noRouteText } from '../protocol/gateway-error.ts';
import type { StreamErrorCode } from './stream-types.ts';

/** One report per distinct failure text per job in this long: a flood of them says nothing new. */
export const GATEWAY_SERVER_ERROR_INTERVAL_MS = 10_000;

export interface GatewayReport {
  jobId: string;
  code: Extract<StreamErrorCode, 'route' | 'server'>;
  message: string;
}

export class GatewayReports {
  /** Jobs already told that the server has no route for what this widget sends. */
  readonly #unrouted = new Set<string>();
  /** Per job, when each server failure text was last reported. */
  readonly #failures = new Map<string, Map<string, number>>();

  /** The reports of one gateway error frame that reached the jobs of a socket. */
  answer(jobIds: Iterable<string>, answer: string, context: { sent: string | undefined; key: string; now: number }): GatewayReport[] {
    const reports: GatewayReport[] = [];
    const cause = gatewayErrorCause(answer);
    for (const jobId of jobIds) {
      if (cause === 'route') {
        if (this.#unrouted.has(jobId)) continue;
        this.#unrouted.add(jobId);
        reports.push({ jobId, code: 'route', message: noRouteText(answer, context.sent, context.key) });
        continue;
      }
      const seen = this.#failures.get(jobId) ?? new Map<string, number>();
      this.#failures.set(jobId, seen);
      // Only recent texts are kept: a server that varies its failure text cannot grow the map.
      for (const [text, at] of seen) if (context.now - at >= GATEWAY_SERVER_ERROR_INTERVAL_MS) seen.delete(text);
      const last = seen.get(answer);
      if (last !== undefined && context.now - last < GATEWAY_SERVER_ERROR_INTERVAL_MS) continue;
      seen.set(answer, context.now);
      reports.push({ jobId, code: 'server', message: `The server's gateway answered ${JSON.stringify(answer)}${context.sent ? ` to a "${context.sent}" message` : ''}.` });
    }
    return reports;
  }

  /** The options changed: a route error is worth saying again if it persists. */
  reset(): void {
    this.#unrouted.clear();
  }

  forget(jobId: string): void {
    this.#unrouted.delete(jobId);
    this.#failures.delete(jobId);
  }
}
