// A unified diff (`diff -u`, what `patch` and `git apply` read) between two
// versions of a text file, with `a/` and `b/` path prefixes and three lines
// of context. Lines are matched by Myers' shortest-edit-script algorithm,
// quick when the versions differ in a few lines, as a fix's do.

type Op = { kind: ' ' | '-' | '+'; text: string };

/** The shortest edit script from `a` to `b`, as kept, deleted and inserted lines in order. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!);
    const pk = down ? k + 1 : k - 1;
    const px = prev[offset + pk]!;
    const py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) ops.push({ kind: ' ', text: a[--x]! }), y--;
    if (down) ops.push({ kind: '+', text: b[--y]! });
    else ops.push({ kind: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) ops.push({ kind: ' ', text: a[--x]! }), y--;
  return ops.reverse();
}

/** `text` as lines, and whether its last line ends without a newline. */
function lines(text: string): { lines: string[]; noNewline: boolean } {
  const all = text.split('\n');
  const noNewline = all.at(-1) !== '';
  if (!noNewline) all.pop();
  return { lines: all, noNewline };
}

const CONTEXT = 3;

/** The unified diff turning `before` into `after` for the file at `path` (relative, as `git apply` takes it); '' when equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = lines(before);
  const b = lines(after);
  const ops = editScript(a.lines, b.lines);
  const changed = ops.map((o, i) => (o.kind !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  // Hunks: runs of changes closer than twice the context, with context around.
  let i = 0;
  while (i < changed.length) {
    let j = i;
    while (j + 1 < changed.length && changed[j + 1]! - changed[j]! <= 2 * CONTEXT) j++;
    const start = Math.max(0, changed[i]! - CONTEXT);
    const end = Math.min(ops.length, changed[j]! + CONTEXT + 1);
    // Line numbers where the hunk starts in each version.
    let aLine = 1;
    let bLine = 1;
    for (const o of ops.slice(0, start)) {
      if (o.kind !== '+') aLine++;
      if (o.kind !== '-') bLine++;
    }
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aCount === 0 ? aLine - 1 : aLine},${aCount} +${bCount === 0 ? bLine - 1 : bLine},${bCount} @@`);
    let aSeen = aLine - 1;
    let bSeen = bLine - 1;
    for (const o of hunk) {
      out.push(`${o.kind}${o.text}`);
      if (o.kind !== '+') aSeen++;
      if (o.kind !== '-') bSeen++;
      // The last line of a version without a final newline says so.
      const lastOfA = o.kind !== '+' && aSeen === a.lines.length && a.noNewline;
      const lastOfB = o.kind !== '-' && bSeen === b.lines.length && b.noNewline;
      if (lastOfA || lastOfB) out.push('\\ No newline at end of file');
    }
    i = j + 1;
  }
  return out.join('\n') + '\n';
}
