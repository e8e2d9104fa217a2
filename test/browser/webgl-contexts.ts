// Test helper: every WebGL context the page creates while watched, and whether it was lost since.
// Read from the contexts themselves: asking a canvas for its context would create one if it had none.

export interface WatchedContext {
  canvas: HTMLCanvasElement;
  type: string;
  context: WebGLRenderingContext | WebGL2RenderingContext;
  /** `webglcontextlost` events the canvas fired. */
  lostEvents: number;
}

export interface ContextWatch {
  readonly contexts: readonly WatchedContext[];
  /** Contexts not lost yet. */
  live(): WatchedContext[];
  /** Stops watching (the page's getContext is itself again). */
  stop(): void;
}

const WEBGL = new Set(['webgl', 'webgl2', 'experimental-webgl']);

export function watchWebGLContexts(): ContextWatch {
  const original = HTMLCanvasElement.prototype.getContext;
  const contexts: WatchedContext[] = [];
  function getContext(this: HTMLCanvasElement, type: string, ...rest: unknown[]): RenderingContext | null {
    const context = Reflect.apply(original, this, [type, ...rest]) as RenderingContext | null;
    const isWebGL = context instanceof WebGLRenderingContext || context instanceof WebGL2RenderingContext;
    if (isWebGL && WEBGL.has(type) && !contexts.some((known) => known.context === context)) {
      const watched: WatchedContext = { canvas: this, type, context, lostEvents: 0 };
      this.addEventListener('webglcontextlost', () => (watched.lostEvents += 1));
      contexts.push(watched);
    }
    return context;
  }
  HTMLCanvasElement.prototype.getContext = getContext as typeof original;
  return {
    contexts,
    live: () => contexts.filter(({ context }) => !context.isContextLost()),
    stop: () => {
      HTMLCanvasElement.prototype.getContext = original;
    },
  };
}
