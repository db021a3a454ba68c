// Checks exports against each engine's published definitions, vendored (with their source and
// license) outside the repository: see test/fixtures/pipeline-export/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import protobuf from 'protobufjs';

const FIXTURES = resolve(__dirname, '../../fixtures/pipeline-export');
export const SCHEMAS = resolve(process.env.MLOPS_ENGINE_SCHEMAS ?? join(__dirname, '../../../../shared/pipeline-export'));

/** Why the engines' definitions can't be read, or undefined when they can. */
export function schemasMissing(): string | undefined {
  const needed = ['argo-workflow.schema.json', 'kfp/pipeline_spec.proto', 'kfp/kubernetes_executor_config.proto', 'kfp/google/rpc/status.proto'];
  const absent = needed.filter((f) => !existsSync(join(SCHEMAS, f)));
  return absent.length > 0 ? `SKIPPED: the engines' published definitions are not in ${SCHEMAS} (${absent.join(', ')}); set MLOPS_ENGINE_SCHEMAS or vendor them as ${FIXTURES}/README.md says.` : undefined;
}

type Json = Record<string, unknown>;

/**
 * Kubernetes' OpenAPI objects are closed in practice (the API server drops or rejects unknown
 * fields), though the JSON Schema leaves them open: close every object that lists its properties,
 * so a misspelt field fails here rather than being ignored on the cluster.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== 'object' || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closeObjects(v)])) as Json;
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

let argo: ReturnType<InstanceType<typeof Ajv2020>['compile']> | undefined;

/** Argo's Workflow JSON Schema's complaints about a manifest (empty when it is valid). */
export function argoErrors(workflow: unknown): string[] {
  if (!argo) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, 'argo-workflow.schema.json'), 'utf8')) as Json;
    argo = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(closeObjects(schema) as Json);
  }
  return argo(workflow) ? [] : (argo.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

let kfp: protobuf.Root | undefined;

function kfpRoot(): protobuf.Root {
  if (kfp) return kfp;
  const root = new protobuf.Root();
  // google/protobuf/* are protobufjs' bundled well-known types; the rest are the vendored files.
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(SCHEMAS, 'kfp', target));
  root.loadSync(['pipeline_spec.proto', 'kubernetes_executor_config.proto']);
  root.resolveAll();
  return (kfp = root);
}

/** A google.protobuf.Value from its JSON form, in the field form protobufjs' fromObject takes. */
function protoValue(v: unknown): Json {
  if (v === null) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(protoValue) } };
  return { structValue: protoStruct(v) };
}
const protoStruct = (v: unknown): Json => ({ fields: Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, protoValue(x)])) });

/**
 * `value` (proto3 JSON) checked key by key against `type` (protobufjs' verify ignores unknown
 * keys), recursing into messages, repeated fields and maps, and returned with its Struct and
 * Value fields in protobufjs' field form (it has no JSON mapping for them).
 */
function checkFields(type: protobuf.Type, value: unknown, path: string, errors: string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(`${path}: ${type.fullName.slice(1)} must be an object`);
    return {};
  }
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) {
      errors.push(`${path}.${key}: no such field in ${type.fullName.slice(1)}`);
      continue;
    }
    field.resolve();
    const sub = field.resolvedType;
    const one = (v: unknown, at: string): unknown => {
      if (!(sub instanceof protobuf.Type)) return v;
      if (sub.fullName === '.google.protobuf.Value') return protoValue(v);
      if (sub.fullName === '.google.protobuf.Struct') return protoStruct(v);
      return checkFields(sub, v, at, errors);
    };
    if (field.map) out[key] = Object.fromEntries(Object.entries(item as Json).map(([k, v]) => [k, one(v, `${path}.${key}[${k}]`)]));
    else if (field.repeated) out[key] = (item as unknown[]).map((v, i) => one(v, `${path}.${key}[${i}]`));
    else out[key] = one(item, `${path}.${key}`);
  }
  return out;
}

/** The KFP protos' complaints about a message in its JSON form: unknown fields, wrong types, a failed binary round trip. */
export function kfpErrors(typeName: string, value: unknown): string[] {
  const type = kfpRoot().lookupType(typeName);
  const errors: string[] = [];
  const form = checkFields(type, value, typeName, errors);
  const verified = type.verify(form);
  if (verified) errors.push(`${typeName}: ${verified}`);
  const again = type.toObject(type.decode(type.encode(type.fromObject(form)).finish()), { longs: String, enums: String });
  if (JSON.stringify(sortKeys(dropEmpty(again))) !== JSON.stringify(sortKeys(dropEmpty(form)))) errors.push(`${typeName}: does not survive a binary round trip unchanged`);
  return errors;
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Json)[k])])) : v;
/** proto3 keeps no default scalars (false, 0, '') nor empty lists, so the round trip drops them. */
const dropEmpty = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(dropEmpty) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== false && x !== 0 && x !== '' && !(Array.isArray(x) && x.length === 0)).map(([k, x]) => [k, dropEmpty(x)])) : v;

export interface AirflowDeclared {
  imports: string[];
  dag: Record<string, unknown>;
  tasks: Record<string, { task_id: string; name: string; image: string; cmds: string[]; arguments: string[]; secrets: string }>;
  upstream: Record<string, string[]>;
}

/** What an Airflow DAG file declares, read with Python's ast; undefined without python3. */
export function airflowDeclared(file: string): AirflowDeclared | undefined {
  const result = spawnSync('python3', [join(FIXTURES, 'airflow_dag_check.py'), file], { encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  if (result.status !== 0) throw new Error(`python3 could not read ${file}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as AirflowDeclared;
}
