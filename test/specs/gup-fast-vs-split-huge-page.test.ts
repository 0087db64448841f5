// The spec gate for specs/mm/gup-fast-vs-split-huge-page.spec.ts (see gate.ts); one file per
// spec so vitest spreads them over the cores, each with its own Z3 context.
import { specGate } from './gate.js';

specGate(['specs/mm/gup-fast-vs-split-huge-page.spec.ts']);
