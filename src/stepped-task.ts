// A stepped computation (labels/label-regions.ts) run as a chain of short tasks, one step each, on the
// main thread: nothing else waits longer than a step (≈ 1 ms) for it, and unlike the scene's frame queue
// it does not wait for frames, so its result comes also while the element is hidden or the GPU is slow.
import type { Stepped } from './labels/label-regions.ts';

/** Runs `steps` to its end, then `done` with the result; the returned function cancels it. */
export function runStepped<T>(steps: Stepped<T>, done: (result: T) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    const step = steps.next();
    if (step.done) done(step.value);
    else timer = setTimeout(next);
  };
  timer = setTimeout(next);
  return () => {
    clearTimeout(timer);
    steps.return(undefined as never);
  };
}
