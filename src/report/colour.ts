// Colour of the text reports on a terminal: verdicts, ok/MISMATCH, passed/
// failed. ANSI codes only when the output is a terminal and NO_COLOR is not
// set (https://no-color.org), unless `--color`/`--no-color` or FORCE_COLOR
// says otherwise; piped output stays plain. Widths for alignment are
// counted without the codes (`visibleWidth`, `padEnd`, `padStart`).

/** What decides colour: the stream written to, the environment, the `--color` flag (undefined: not given). */
export function colourWanted(out: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  // no-color.org: set to any non-empty value, NO_COLOR turns colour off.
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return out.isTTY === true && env.TERM !== 'dumb';
}

/** The `--color` flag's help (verify, ci). */
export const COLOR_OPTION = 'colour verdicts and pass/fail (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it; --no-color for none)';

export interface Paint {
  readonly on: boolean;
  /** Never green, Sometimes yellow, Always magenta, Unknown red; anything else as it is. */
  verdict(v: string): string;
  /** Passed, ok. */
  good(s: string): string;
  /** Failed, MISMATCH, errors. */
  bad(s: string): string;
  /** Secondary text (times, `expected`). */
  dim(s: string): string;
}

const sgr = (code: string) => (s: string) => (s === '' ? s : `\x1b[${code}m${s}\x1b[0m`);
const GREEN = sgr('32');
const YELLOW = sgr('33');
const MAGENTA = sgr('35');
const RED = sgr('31');
const BOLD_RED = sgr('1;31');
const DIM = sgr('2');

const VERDICTS: Record<string, (s: string) => string> = { Never: GREEN, Sometimes: YELLOW, Always: MAGENTA, Unknown: RED };

const same = (s: string) => s;

/** No colour: every function returns its text unchanged. */
export const PLAIN: Paint = { on: false, verdict: same, good: same, bad: same, dim: same };

export const COLOUR: Paint = {
  on: true,
  // A verdict with a suffix (`Sometimes*`) takes the verdict's colour.
  verdict: (v) => {
    const m = /^(Never|Sometimes|Always|Unknown)(.*)$/s.exec(v);
    return m ? VERDICTS[m[1]!]!(m[1]!) + m[2]! : v;
  },
  good: GREEN,
  bad: BOLD_RED,
  dim: DIM,
};

/** The paint for `out` (see colourWanted). */
export function paintFor(out: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, flag?: boolean): Paint {
  return colourWanted(out, env, flag) ? COLOUR : PLAIN;
}

// CSI sequences (colours, erase line) and OSC sequences ending in BEL or ST.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Columns `s` takes on a terminal: its characters without ANSI codes (code points, not UTF-16 units). */
export function visibleWidth(s: string): number {
  return [...stripAnsi(s)].length;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - visibleWidth(s))) + s;
}
