// DOT to SVG with the WASM Graphviz build.
import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/render.js';

describe('render', () => {
  it('renders nodes and edges with their ids, classes and colours', async () => {
    const svg = await render('digraph { a [id="n1", label="W x=1"]; b; a -> b [id="rf-a-b", class="rf", color="red"] }', 'svg');
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg /);
    expect(svg).toContain('<g id="n1" class="node">');
    expect(svg).toContain('>W x=1</text>');
    expect(svg).toMatch(/<g id="rf&#45;a&#45;b" class="edge rf">[\s\S]*stroke="red"/);
  });

  it('throws on DOT it cannot read', async () => {
    await expect(render('digraph { a -> }', 'svg')).rejects.toThrow(/^graphviz: /);
  });
});
