// `--help` laid out for the terminal's width, broken between words. yargs
// (its ESM build of cliui) breaks long lines at a character count, inside
// words ("fil/e path"); so yargs lays the help out unwrapped (`.wrap(null)`)
// and `reflowHelp` wraps it here. A row of a table (`  --model  text
// [string] [default: "lkmm"]`) keeps its first column; its text wraps under
// the text's first column, and each `[...]` annotation stays on one line
// where it fits.

/** The width of `--help`: the terminal's (COLUMNS when not a terminal), at most 100. */
export function helpWidth(columns: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  const width = columns || (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80);
  return Math.max(20, Math.min(100, width));
}

/** Narrowest room left for a row's text before it moves under the row's first column. */
const MIN_ROOM = 20;

interface Token {
  text: string;
  /** Spaces before the token when it follows another on the same line. */
  gap: number;
}

/** The `[...]` groups yargs appends to a row (`[string] [default: []]`), or undefined when `s` is not only such groups. */
function annotationGroups(s: string): string[] | undefined {
  const groups: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '[') return undefined;
    let depth = 0;
    let j = i;
    let quoted = false;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === '[') depth++;
      else if (!quoted && c === ']' && --depth === 0) break;
    }
    if (j >= s.length) return undefined;
    groups.push(s.slice(i, j + 1));
    i = j + 1;
    if (i < s.length) {
      if (s[i] !== ' ') return undefined;
      i++;
    }
  }
  return groups.length > 0 ? groups : undefined;
}

const words = (s: string, gap = 1): Token[] =>
  s
    .split(' ')
    .filter((w) => w !== '')
    .map((text, i) => ({ text, gap: i === 0 ? gap : 1 }));

/** A row's text as tokens: words, then the annotations (two spaces before the first, each one token where it fits). */
function rowTokens(text: string, room: number): Token[] {
  let description = text;
  let groups: string[] | undefined;
  // yargs puts two spaces between the description and the annotations.
  for (let at = text.indexOf('  ['); at >= 0; at = text.indexOf('  [', at + 1)) {
    const g = annotationGroups(text.slice(at + 2));
    if (g) {
      description = text.slice(0, at);
      groups = g;
      break;
    }
  }
  if (!groups) {
    groups = annotationGroups(text);
    if (groups) description = '';
  }
  const tokens = words(description);
  for (const [i, g] of (groups ?? []).entries()) {
    const gap = i === 0 && tokens.length > 0 ? 2 : 1;
    if (g.length <= room) tokens.push({ text: g, gap });
    else tokens.push(...words(g, gap));
  }
  return tokens;
}

/** Splits a word longer than `room` (a long path) into pieces that fit: the only place a word is broken. */
function fit(tokens: Token[], room: number): Token[] {
  return tokens.flatMap((t) => {
    if (t.text.length <= room) return [t];
    const pieces: Token[] = [];
    for (let i = 0; i < t.text.length; i += room) pieces.push({ text: t.text.slice(i, i + room), gap: i === 0 ? t.gap : 0 });
    return pieces;
  });
}

/** Greedy fill: lines of at most `room` characters (gap 0 marks a piece of a broken word, always on a new line). */
function fill(tokens: Token[], room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const t of fit(tokens, room)) {
    if (line !== '' && t.gap > 0 && line.length + t.gap + t.text.length <= room) line += ' '.repeat(t.gap) + t.text;
    else {
      if (line !== '') lines.push(line);
      line = t.text;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** One line of yargs' unwrapped help, wrapped to `width`. */
function reflowLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = /^ */.exec(line)![0].length;
  // A table row: two-space indent, a first column, two or more spaces, the text.
  const row = /^( {2}\S(?:.*?\S)?)( {2,})(\S.*)$/.exec(line);
  if (row && indent === 2) {
    const column = row[1]!.length + row[2]!.length;
    const room = width - column;
    if (room >= MIN_ROOM) {
      const lines = fill(rowTokens(row[3]!, room), room);
      return lines.map((l, i) => (i === 0 ? row[1]! + row[2]! : ' '.repeat(column)) + l);
    }
    // The first column is too wide: the text goes under it, indented.
    const under = Math.min(indent + 4, width - MIN_ROOM);
    return [...reflowLine(row[1]!, width), ...fill(rowTokens(row[3]!, width - under), width - under).map((l) => ' '.repeat(under) + l)];
  }
  const room = Math.max(1, width - indent);
  return fill(words(line.slice(indent)), room).map((l) => ' '.repeat(indent) + l);
}

/** yargs' help laid out unwrapped (`.wrap(null)`), wrapped between words to at most `width` columns. */
export function reflowHelp(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((l) => reflowLine(l.trimEnd(), width))
    .join('\n');
}
