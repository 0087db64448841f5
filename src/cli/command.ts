// The shape of one memorder command: src/cli/commands/NAME.ts defines one
// with `defineCommand`, src/cli/main.ts registers them all. The arguments
// `run` receives are typed by what `builder` declares; `run` returns the
// exit code.

import type { ArgumentsCamelCase, Argv } from 'yargs';

export interface CommandSpec<A> {
  /** yargs command string, e.g. `verify <paths..>`. */
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  run: (args: ArgumentsCamelCase<A>) => Promise<number>;
}

/** A command ready to register: its arguments' type stays inside. */
export interface CommandModule {
  /** The command's name (first word of its yargs command string). */
  name: string;
  /** Adds the command to `y`; `done` receives the exit code `run` returns. */
  register: (y: Argv, done: (status: number) => void) => Argv;
  /**
   * The flags of `argv` (the command line after the command's name) the
   * command does not know, e.g. `jsn` for `--jsn`; known once yargs has
   * run the command's builder.
   */
  unknownFlags: (argv: readonly string[]) => string[];
}

/** What yargs keeps of the options declared (its getOptions(), absent from its typings). */
interface DeclaredOptions {
  key: Record<string, boolean>;
  alias: Record<string, string[]>;
  boolean: string[];
}

const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** Every spelling of a flag yargs accepts for what `y` declares: names, aliases, camelCase, `no-` of booleans. */
function flagNames(y: Argv): Set<string> {
  const o = (y as unknown as { getOptions(): DeclaredOptions }).getOptions();
  const names = new Set<string>();
  for (const k of [...Object.keys(o.key), ...Object.values(o.alias).flat()]) names.add(k).add(camel(k));
  for (const b of o.boolean) names.add(`no-${b}`).add(camel(`no-${b}`));
  return names;
}

/** The flag names written in `argv` (`--name`, `--name=value`, each letter of `-abc`), up to `--`. */
function writtenFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of argv) {
    if (t === '--') break;
    if (t.startsWith('--')) out.push(t.slice(2).split('=')[0]!);
    else if (/^-[A-Za-z]/.test(t)) out.push(...t.slice(1).split('=')[0]!);
  }
  return out;
}

export function defineCommand<A>(spec: CommandSpec<A>): CommandModule {
  let known: Set<string> | undefined;
  return {
    name: spec.command.split(' ')[0]!,
    register: (y, done) =>
      y.command(
        spec.command,
        spec.describe,
        (b) => {
          const built = spec.builder(b);
          known = flagNames(built);
          return built;
        },
        async (args) => {
          done(await spec.run(args));
        },
      ),
    unknownFlags: (argv) => (known ? writtenFlags(argv).filter((f) => !known!.has(f)) : []),
  };
}
