// Colour of the text reports: on a terminal unless NO_COLOR, forced by
// FORCE_COLOR or --color, off with --no-color; widths without the codes.
import { describe, expect, it } from 'vitest';
import { COLOUR, colourWanted, padEnd, padStart, paintFor, PLAIN, stripAnsi, visibleWidth } from '../../src/report/colour.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colourWanted', () => {
  it('is on for a terminal, off for a pipe or a file', () => {
    expect(colourWanted(tty, {})).toBe(true);
    expect(colourWanted(pipe, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
    expect(colourWanted(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('is off when NO_COLOR is set to anything but the empty string (no-color.org)', () => {
    expect(colourWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: '' })).toBe(true);
    // NO_COLOR wins over FORCE_COLOR.
    expect(colourWanted(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('is forced on a pipe by FORCE_COLOR (not 0 or false)', () => {
    expect(colourWanted(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colourWanted(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('follows --color / --no-color over the environment', () => {
    expect(colourWanted(pipe, { NO_COLOR: '1' }, true)).toBe(true);
    expect(colourWanted(tty, { FORCE_COLOR: '1' }, false)).toBe(false);
    expect(paintFor(pipe, {}, true)).toBe(COLOUR);
    expect(paintFor(tty, {}, false)).toBe(PLAIN);
  });
});

describe('paint', () => {
  it('colours verdicts, keeping a suffix such as the flags star', () => {
    expect(COLOUR.verdict('Never')).toBe('\x1b[32mNever\x1b[0m');
    expect(COLOUR.verdict('Sometimes*')).toBe('\x1b[33mSometimes\x1b[0m*');
    expect(COLOUR.verdict('Unknown')).toBe('\x1b[31mUnknown\x1b[0m');
    expect(COLOUR.verdict('Always')).not.toBe('Always');
    expect(COLOUR.verdict('other')).toBe('other');
    expect(COLOUR.bad('MISMATCH')).toBe('\x1b[1;31mMISMATCH\x1b[0m');
    for (const f of [PLAIN.verdict, PLAIN.good, PLAIN.bad, PLAIN.dim]) expect(f('Sometimes')).toBe('Sometimes');
  });

  it('pads and measures by the visible characters', () => {
    const red = COLOUR.bad('FAIL');
    expect(visibleWidth(red)).toBe(4);
    expect(stripAnsi(padEnd(red, 7))).toBe('FAIL   ');
    expect(padEnd(red, 7)).toBe(`${red}   `);
    expect(padStart(red, 6)).toBe(`  ${red}`);
    expect(visibleWidth('\r\x1b[2K× ok')).toBe(5);
  });
});
