// How every output names a program's parts: threads, source positions and
// the observables of a final state. A litmus test speaks herd7's language
// (`P0`, `line 14`, `0:r0=1; [x]=2;`); a scenario spec speaks its own (the
// thread names `gup` and `ksm`, `specs/mm/pgtable.ts:34`, `r.gup=1 m.pte=0`),
// the same in verify, what-if, barriers, fix, explain and the pictures.

import type { Program, SourcePos } from './ir.js';

/** A final state: observable (`0:r0`, `x`) to value, as the engines give it. */
export type NamedState = Record<string, number | string>;

export class Naming {
  /** herd7's names: threads P0..Pn. */
  static readonly litmus = new Naming([], false);

  static of(program: Program): Naming {
    return new Naming(
      program.threads.map((t) => t.name),
      program.scenario === true,
    );
  }

  constructor(
    readonly threads: readonly string[],
    /** Names from a scenario spec: thread names, file:line, r.THREAD / m.CELL. */
    readonly scenario: boolean,
  ) {}

  /** `P1` or `ksm`; `init` for the initial writes (thread -1). */
  thread(t: number): string {
    if (t < 0) return 'init';
    return (this.scenario ? this.threads[t] : undefined) ?? `P${t}`;
  }

  /** The thread `ref` names: `P1`, or a scenario's thread name; undefined when none. */
  threadNamed(ref: string): number | undefined {
    const i = this.scenario ? this.threads.indexOf(ref) : -1;
    if (i >= 0) return i;
    const m = /^P(\d+)$/.exec(ref);
    return m ? Number(m[1]) : undefined;
  }

  /** `line 14` in a litmus test; `specs/mm/pgtable.ts:34` in a spec, whose code spans files. */
  at(pos: Pick<SourcePos, 'file' | 'line'> | undefined): string {
    if (!pos) return '';
    return this.scenario ? `${pos.file}:${pos.line}` : `line ${pos.line}`;
  }

  /** `P1 line 14` or `ksm specs/mm/ksm.ts:26`. */
  site(thread: number, pos: Pick<SourcePos, 'file' | 'line'> | undefined): string {
    return `${this.thread(thread)} ${this.at(pos)}`.trimEnd();
  }

  /** `0:r0` and `[x]` as herd7 writes them; `r.gup` (a thread's result), `gup:r1` and `m.pte` in a spec. */
  observable(key: string): string {
    const m = /^(\d+):(.*)$/.exec(key);
    if (!this.scenario) return m ? key : `[${key}]`;
    if (!m) return `m.${key}`;
    const t = this.thread(Number(m[1]));
    return m[2] === 'result' ? `r.${t}` : `${t}:${m[2]}`;
  }

  /** A final state: `0:r0=1; [x]=2;` (herd7's form) or `r.gup=1 r.ksm=1`. */
  state(s: NamedState): string {
    const parts = Object.entries(s).map(([k, v]) => `${this.observable(k)}=${v}`);
    return this.scenario ? parts.join(' ') : parts.map((p) => `${p};`).join(' ');
  }
}
