import { DomainError } from '../../errors';

/**
 * MLflow's scoring server answers BAD_REQUEST when the body cannot be read as one of its formats,
 * and INVALID_PARAMETER_VALUE when readable data does not fit the model (schema enforcement).
 */
export type ScoringErrorCode = 'BAD_REQUEST' | 'INVALID_PARAMETER_VALUE';

/** Input the model cannot score; the message names what is wrong (column, row, expected vs got). */
export class ScoringError extends DomainError {
  constructor(
    readonly errorCode: ScoringErrorCode,
    message: string,
  ) {
    super('INVALID_PARAMETER_VALUE', message);
    this.name = 'ScoringError';
  }
}

export const badRequest = (message: string): ScoringError => new ScoringError('BAD_REQUEST', message);
export const doesNotFit = (message: string): ScoringError => new ScoringError('INVALID_PARAMETER_VALUE', message);
