// DOT to SVG in this process, with Graphviz compiled to WebAssembly
// (@viz-js/viz): no system binary. Loaded on first use only.

type Viz = Awaited<ReturnType<(typeof import('@viz-js/viz'))['instance']>>;

let viz: Promise<Viz> | undefined;

/** Graphviz's output in a format it writes: `svg`, or `json` (the layout: node sizes and positions). */
export async function render(dot: string, format: 'svg' | 'json'): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const v = await viz;
  const r = v.render(dot, { format });
  if (r.status !== 'success') {
    throw new Error(`graphviz: ${r.errors.map((e) => e.message).join('; ')}`);
  }
  return r.output;
}
