import type { ProgressStream } from './sentence-transformers-options.js';

/**
 * A one-line progress bar, redrawn in place: `Batches: 3/5 [######----] 60% 12.5 batches/s`.
 * It draws only on a TTY, so logs and pipes stay clean.
 */
export class ProgressBar {
  private readonly startedAt = performance.now();
  private done = 0;
  private readonly active: boolean;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly label = 'Batches',
  ) {
    this.active = stream.isTTY === true && total > 0;
    if (this.active) this.draw();
  }

  /** Marks one more unit done and redraws. */
  tick(): void {
    this.done = Math.min(this.done + 1, this.total);
    if (this.active) this.draw();
  }

  /** Ends the line, so that later output starts on a fresh one. */
  finish(): void {
    if (this.active) this.stream.write('\n');
  }

  private draw(): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const percent = Math.floor((this.done / this.total) * 100);
    const width = 20;
    const filled = Math.round((this.done / this.total) * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const text = `${this.label}: ${this.done}/${this.total} [${bar}] ${percent}% ${rate.toFixed(1)} ${this.label.toLowerCase()}/s`;
    // Carriage return + clear-to-end-of-line redraws the same line.
    this.stream.write(`\r${text}\x1b[K`);
  }
}
