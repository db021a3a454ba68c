import { DomainError } from '../../errors';

/** Bytes that are not an ONNX model; `reason` says why, for the user refusing to register the file. */
export class OnnxFormatError extends DomainError {
  constructor(readonly reason: string) {
    super('INVALID_PARAMETER_VALUE', `not an ONNX model: ${reason}`);
    this.name = 'OnnxFormatError';
  }
}
