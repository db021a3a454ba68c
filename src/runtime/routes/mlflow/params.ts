import { invalid } from '../../../core/errors';
import { ContractError, WrongType, missingField } from '../../../shared/contract';
import type { Route } from '../../../shared/contract';
import type { ApiError, RequestContext, RouteHandler, Router } from '../../http';
import { captureBodyText, isStrictMlflowPath, wrongType } from './param-types';

/**
 * How an MLflow route words a params mismatch: on the tracking routes, a JSON value of the wrong
 * type as MLflow's server refuses it, quoting numbers as the client wrote them (param-types.ts).
 */
export function mlflowWords(ctx: RequestContext): (error: ContractError | ApiError) => Error {
  const withBody = ctx.method === 'POST' || ctx.method === 'PATCH' || ctx.method === 'PUT';
  const text = withBody && isStrictMlflowPath(ctx.url.pathname) ? captureBodyText(ctx.req) : undefined;
  return (error) => {
    if (!(error instanceof ContractError)) return error;
    return text && error instanceof WrongType ? wrongType(error.field, error.value, text()) : invalid(error.message);
  };
}

/** Serves one of MLflow's declared routes, refusing its params in MLflow's words. */
export function serveMlflow<P, R, PIn>(router: Router, route: Route<P, R, PIn>, handler: RouteHandler<P, R>, options: { bodyLimit?: number; words?: typeof mlflowWords } = {}): void {
  router.handle(route, handler, { bodyLimit: options.bodyLimit, words: options.words ?? mlflowWords });
}

/** The run's id under either of MLflow's names (`run_uuid` before MLflow 1.0). */
export function runIdOf(params: { run_id?: string; run_uuid?: string }): string {
  const id = params.run_id ?? params.run_uuid;
  if (!id) throw missing('run_id');
  return id;
}

export function missing(name: string): Error {
  return invalid(missingField(name).message);
}
