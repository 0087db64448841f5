// Existential choices of a cat model: `with x from S` runs the rest of the
// model once per member of S (herd enumerates them). Symbolically, the
// member is picked by fresh solver variables constrained to denote exactly
// one member; concretely (replaying a witness), the same variables are read
// back from the solver's model and the pick is checked to be a member.
//
// Both modes go through one ChoiceProvider interface, so the code that
// turns a set of possible values into variables and constraints is the same
// for encoding and for replay: over concrete inputs every term folds to a
// constant and a violated constraint is caught when it is required.

import { boolVar, bool, FALSE, int, intVar, TRUE, type BoolTerm, type IntTerm, type Valuation } from '../logic/term.js';

export interface ChoiceProvider {
  /** The Boolean choice variable `name` (a constant when replaying). */
  bool(name: string): BoolTerm;
  /** The integer choice variable `name` (a constant when replaying). */
  int(name: string): IntTerm;
  /** A condition every execution with these choices satisfies. */
  require(t: BoolTerm, what: string): void;
  /**
   * Prefix for the variables of the k-th `with` statement run; the same in
   * every evaluation of one model over one test, so that a replay reads the
   * variables the encoding declared.
   */
  nextPrefix(): string;
}

/** Fresh variables, with the constraints collected for the solver. */
export class SymbolicChoices implements ChoiceProvider {
  readonly constraints: BoolTerm[] = [];
  private count = 0;

  constructor(private readonly prefix = 'ch') {}

  bool(name: string): BoolTerm {
    return boolVar(name);
  }

  int(name: string): IntTerm {
    return intVar(name);
  }

  require(t: BoolTerm): void {
    if (t !== TRUE) this.constraints.push(t);
  }

  nextPrefix(): string {
    return `${this.prefix}${this.count++}`;
  }
}

/** Thrown when a replayed choice is not one the model allows. */
export class ChoiceViolation extends Error {}

/** The solver's values for the variables, checked against each requirement. */
export class ConcreteChoices implements ChoiceProvider {
  private count = 0;

  constructor(
    private readonly valuation: Valuation,
    private readonly prefix = 'ch',
  ) {}

  bool(name: string): BoolTerm {
    return bool(this.valuation.bool(name));
  }

  int(name: string): IntTerm {
    return int(this.valuation.int(name));
  }

  require(t: BoolTerm, what: string): void {
    if (t === TRUE) return;
    if (t === FALSE) throw new ChoiceViolation(`the solver's choice violates ${what}`);
    throw new ChoiceViolation(`a choice condition is not concrete (${what})`);
  }

  nextPrefix(): string {
    return `${this.prefix}${this.count++}`;
  }
}
