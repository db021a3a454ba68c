/** The registry JSON the extension reads: the contract's shapes, under the names the Models view uses. */
export type {
  DataVersionRef as WireDataVersion,
  ModelVersion as WireModelVersion,
  RegisteredModel as WireRegisteredModel,
  TensorSpec as WireTensorSpec,
  ValidationCheck as WireValidationCheck,
  ValidationReport as WireValidation,
} from '../../shared/contract';
