// Column widths of a text table printed a file at a time (`verify`): they
// start from what is known before the run (minimum widths, file and model
// names), widen to hold each file's rows before that file is printed, and
// never narrow, so the rows of a run share their columns. Widths count
// visible characters (ANSI colour codes left out).

import { padEnd, visibleWidth } from './colour.js';

export class Columns<K extends string> {
  private readonly widths: Record<K, number>;

  constructor(minimum: Record<K, number>) {
    this.widths = { ...minimum };
  }

  /** Widens each column named to hold its cells. */
  fit(cells: Partial<Record<K, readonly string[]>>): this {
    for (const [k, texts] of Object.entries(cells) as [K, readonly string[]][]) {
      for (const t of texts) this.widths[k] = Math.max(this.widths[k], visibleWidth(t));
    }
    return this;
  }

  width(k: K): number {
    return this.widths[k];
  }

  /** `text` padded to column `k`'s width. */
  pad(k: K, text: string): string {
    return padEnd(text, this.widths[k]);
  }
}

/** The columns of `verify`'s rows for scenario specs (src/report/spec.ts). */
export type SpecColumns = Columns<'file' | 'model' | 'variant'>;

/** Spec rows' columns: model at least 6 wide, variant 24 (as before they aligned), widened by the files and models known before the run. */
export function specColumns(files: readonly string[] = [], models: readonly string[] = []): SpecColumns {
  return new Columns({ file: 0, model: 6, variant: 24 }).fit({ file: files, model: models });
}
