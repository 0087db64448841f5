// The message of the InputError (`file:line:col: message`) that fn throws.
import { expect } from 'vitest';
import { InputError } from '../src/program/errors.js';

export function inputErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error('expected an InputError');
}
