// Coalesces render requests to at most one render per animation frame.
//
// Every scene mutation asks for a render; a burst of previews (or a slider drag) in one task must cost
// one draw, not one per call — a draw is tens of milliseconds under software WebGL.

export class RenderScheduler {
  private frame = 0;

  constructor(private readonly draw: () => void) {}

  /** Asks for a render on the next animation frame; repeated calls before it runs are free. */
  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Drops a waiting render (the caller is about to draw synchronously, or is going away). */
  cancel(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
