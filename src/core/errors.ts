/** Domain errors any area may raise; the runtime answers each with its MLflow error code and status. */
export type DomainErrorCode = 'INVALID_PARAMETER_VALUE' | 'RESOURCE_DOES_NOT_EXIST' | 'RESOURCE_ALREADY_EXISTS' | 'INVALID_STATE';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string): DomainError => new DomainError('INVALID_PARAMETER_VALUE', message);
export const notFound = (message: string): DomainError => new DomainError('RESOURCE_DOES_NOT_EXIST', message);
export const alreadyExists = (message: string): DomainError => new DomainError('RESOURCE_ALREADY_EXISTS', message);
