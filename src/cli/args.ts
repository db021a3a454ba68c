/** Minimal argv parsing: positionals, `--flag`, `--key value` and `--key=value`. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
  /** Options that may repeat (e.g. `-p a=1 -p b=2`), in order. */
  lists: Map<string, string[]>;
  /** What followed `--`, verbatim. */
  rest: string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SHORT: Record<string, string> = { '-p': 'param', '-n': 'name', '-e': 'experiment', '-S': 'set-param' };
const LIST_OPTIONS = new Set(['param', 'set-param']);

export function parseArgs(argv: readonly string[], valueOptions: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  let rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    if (arg === '--') {
      rest = argv.slice(i + 1);
      positionals.push(...rest);
      break;
    }
    if (SHORT[arg]) arg = `--${SHORT[arg]}`;
    const listKey = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : '';
    if (LIST_OPTIONS.has(listKey)) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${listKey} needs a value`);
      lists.set(listKey, [...(lists.get(listKey) ?? []), value]);
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) options.set(key, arg.slice(eq + 1));
    else if (valueOptions.has(key)) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      options.set(key, value);
    } else options.set(key, true);
  }
  return { positionals, options, lists, rest };
}

export function stringOption(args: ParsedArgs, key: string): string | undefined {
  const value = args.options.get(key);
  if (value === true) throw new UsageError(`--${key} needs a value`);
  return value;
}

export function intOption(args: ParsedArgs, key: string, min: number, max: number): number | undefined {
  const value = stringOption(args, key);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${key} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}
