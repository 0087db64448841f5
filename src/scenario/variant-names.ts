// The variant names a spec file declares (the keys of `variants` in its
// `scenario({...})` call), read from the syntax alone, before the spec is
// compiled: `verify` sizes its variant column with them so that the rows of
// every file line up. A hint only: a file it cannot read gives no names
// (checking the spec reports the problem).

import { readFileSync } from 'node:fs';
import type * as Morph from 'ts-morph';
import { loadTsMorph } from './project.js';

/** `fixed` and the names in `variants`, for each readable spec file of `files`. */
export async function declaredVariantNames(files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const { ts } = await loadTsMorph();
  const names: string[] = ['fixed'];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const visit = (node: Morph.ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'scenario') {
        const arg = node.arguments[0];
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const p of arg.properties) {
            if (!ts.isPropertyAssignment(p) || propertyName(ts, p.name) !== 'variants' || !ts.isObjectLiteralExpression(p.initializer)) continue;
            for (const v of p.initializer.properties) {
              const name = v.name ? propertyName(ts, v.name) : undefined;
              if (name !== undefined) names.push(name);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return names;
}

type Ts = typeof Morph.ts;

function propertyName(ts: Ts, n: Morph.ts.PropertyName): string | undefined {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  return undefined;
}
