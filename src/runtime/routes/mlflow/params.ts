import { invalid } from '../../../core/errors';
import type { RequestContext } from '../../http';
import { shown } from '../../http/shown';

/**
 * MLflow request parameters: the JSON body for POST/PATCH/DELETE, the query string for GET
 * (repeated keys become lists, as MLflow's clients send them).
 */
export class Params {
  private constructor(private readonly values: Record<string, unknown>) {}

  static async of(ctx: RequestContext, limit?: number): Promise<Params> {
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      const values: Record<string, unknown> = {};
      for (const key of new Set(ctx.url.searchParams.keys())) {
        const all = ctx.url.searchParams.getAll(key);
        values[key] = all.length > 1 ? all : all[0];
      }
      return new Params(values);
    }
    const body = await ctx.json(limit);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The request body must be a JSON object.');
    return new Params(body as Record<string, unknown>);
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be a string.`);
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') throw missing(name);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be an integer.`);
    return n;
  }

  stringList(name: string): string[] | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    const list = Array.isArray(v) ? v : [v];
    return list.map((item) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number') return String(item);
      throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be a list of strings.`);
    });
  }

  list(name: string): unknown[] | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be a list.`);
    return v;
  }

  /** The run id under either of MLflow's names. */
  runId(): string {
    const id = this.string('run_id') ?? this.string('run_uuid');
    if (!id) throw missing('run_id');
    return id;
  }
}

export function missing(name: string): Error {
  return invalid(`Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`);
}
