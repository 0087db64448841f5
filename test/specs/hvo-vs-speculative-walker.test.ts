// The spec gate for specs/mm/hvo-vs-speculative-walker.spec.ts (see gate.ts); one file per
// spec so vitest spreads them over the cores, each with its own Z3 context.
import { specGate } from './gate.js';

specGate(['specs/mm/hvo-vs-speculative-walker.spec.ts']);
