import { invalid } from '../../../core/errors';
import type { RequestContext } from '../../http';
import { shown } from '../../http/shown';
import { captureBodyText, isStrictMlflowPath, wrongType } from './param-types';

/**
 * MLflow request parameters: the JSON body for POST/PATCH/DELETE, the query string for GET
 * (repeated keys become lists, as MLflow's clients send them). On MLflow's tracking routes a
 * JSON value of the wrong type is refused as MLflow's server refuses it (see param-types.ts).
 */
export class Params {
  private constructor(
    private readonly values: Record<string, unknown>,
    /** The body's text, when types are checked: error messages quote numbers as they were written. */
    private readonly bodyText?: () => string,
  ) {}

  static async of(ctx: RequestContext, limit?: number): Promise<Params> {
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      const values: Record<string, unknown> = {};
      for (const key of new Set(ctx.url.searchParams.keys())) {
        const all = ctx.url.searchParams.getAll(key);
        values[key] = all.length > 1 ? all : all[0];
      }
      return new Params(values);
    }
    const text = isStrictMlflowPath(ctx.url.pathname) ? captureBodyText(ctx.req) : undefined;
    const body = await ctx.json(limit);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The request body must be a JSON object.');
    return new Params(body as Record<string, unknown>, text);
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    // MLflow reads experiment ids written as numbers (clients before 0.9.1 sent them so).
    if (typeof v === 'number' && (!this.bodyText || name === 'experiment_id' || name === 'experiment_ids')) return String(v);
    if (this.bodyText) throw wrongType(name, v, this.bodyText());
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
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      if (this.bodyText) throw wrongType(name, v, this.bodyText());
      throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be an integer.`);
    }
    return n;
  }

  stringList(name: string): string[] | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    const list = Array.isArray(v) ? v : [v];
    return list.map((item) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' && (!this.bodyText || name === 'experiment_ids')) return String(item);
      if (this.bodyText) throw wrongType(name, v, this.bodyText());
      throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be a list of strings.`);
    });
  }

  list(name: string): unknown[] | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      if (this.bodyText) throw wrongType(name, v, this.bodyText());
      throw invalid(`Invalid value ${shown(v)} for parameter '${name}' supplied: it must be a list.`);
    }
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
