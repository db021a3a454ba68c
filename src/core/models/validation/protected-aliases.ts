import { DomainError } from '../../errors';
import type { ValidationReport } from './report';
import { failedChecks, isValidationReport } from './report';

export interface ProtectedAliasesConfig {
  protectedAliases: readonly string[];
}

/** The registry's alias policy: returns to allow, throws INVALID_STATE to refuse. */
export type AliasGate = (name: string, alias: string, version: number) => void;

/**
 * A protected alias (mlops.yaml models.protected_aliases, default [champion]) may only point at a
 * version whose stored validation passed. `latestValidation` reads the version's stored report;
 * `config` may be a getter, so a reloaded mlops.yaml applies to the next alias change.
 */
export function protectedAliasPolicy(config: ProtectedAliasesConfig | (() => ProtectedAliasesConfig), latestValidation: (name: string, version: number) => unknown): AliasGate {
  return (name, alias, version) => {
    if (!(typeof config === 'function' ? config() : config).protectedAliases.includes(alias)) return;
    const stored = latestValidation(name, version);
    const refuse = (why: string) => new DomainError('INVALID_STATE', `${alias} can only point at a version with a passing validation: version ${version} ${why}`);
    if (stored === null || stored === undefined) {
      throw refuse(`has no validation; run mlops validate ${name}@${version} --data FILE --label COLUMN --criteria "…" first`);
    }
    if (!isValidationReport(stored)) throw refuse('has a validation this version of mlops cannot read; run mlops validate again');
    if (!stored.passed) throw refuse(`failed ${failedChecks(stored as ValidationReport)}`);
  };
}
