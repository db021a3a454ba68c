import { createHash, randomBytes } from 'node:crypto';
import { constants, existsSync, mkdirSync, realpathSync, renameSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { invalid } from '../errors';
import type { OnnxSignature } from '../models';
import { OnnxFormatError, readOnnxSignature } from '../models';
import { newStagingDir } from './staging';

/** Registry copies are the workspace user's only: they may hold what the user alone could read. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** A model file copied into the registry's staging area, not yet published under its version. */
export interface StagedModel {
  dir: string;
  fileName: string;
  size: number;
  sha256: string;
  md5: string;
  signature: OnnxSignature | null;
}

/** Field 1 (ir_version) as a varint: how every serialized ModelProto starts. */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 1 && bytes[0] === 0x08 && bytes[1]! > 0 && bytes[1]! < 0x80;
}

/**
 * The signature of an ONNX model (a `.onnx` name or ONNX-looking bytes); null for other files.
 * Throws INVALID_PARAMETER_VALUE, with the reason, when an ONNX model does not parse.
 */
export function inspectModelBytes(bytes: Uint8Array, fileName: string): OnnxSignature | null {
  if (!fileName.toLowerCase().endsWith('.onnx') && !looksLikeOnnx(bytes)) return null;
  try {
    return readOnnxSignature(bytes);
  } catch (error) {
    if (error instanceof OnnxFormatError) throw invalid(`Cannot register ${fileName}: ${error.message}`);
    throw error;
  }
}

/**
 * Reads, checks and hashes `file` (already confined by the caller: its real path is opened
 * without following a last-moment symlink), and writes it (synced, 0600) into a fresh folder
 * under `root/.staging`.
 */
export async function stageModelFile(root: string, file: string): Promise<StagedModel> {
  const bytes = await readNoFollow(realpathSync(file));
  const signature = inspectModelBytes(bytes, basename(file));
  const dir = newStagingDir(root);
  const fileName = signature ? 'model.onnx' : basename(file);
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  try {
    const handle = await open(join(dir, fileName), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await discardStaged(dir);
    throw error;
  }
  return {
    dir,
    fileName,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    signature,
  };
}

async function readNoFollow(file: string): Promise<Buffer> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export function discardStaged(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A folder name for a model: its name with anything unsafe in a path replaced. */
export function folderName(modelName: string): string {
  const safe = modelName.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_').slice(0, 100);
  return safe === '' ? '_' : safe;
}

/** Moves a staged folder to `root/<model>/<version>` in one rename, so it appears whole or not at all. */
export function publishStaged(staged: StagedModel, root: string, modelName: string, version: number): string {
  const parent = join(root, folderName(modelName));
  mkdirSync(parent, { recursive: true, mode: DIR_MODE });
  let target = join(parent, String(version));
  // A model renamed away can leave a folder behind under its old name: never overwrite one.
  if (existsSync(target)) target = join(parent, `${version}-${randomBytes(4).toString('hex')}`);
  renameSync(staged.dir, target);
  return target;
}

/** What a version records of its copied file; all null for a version without a copy. */
export function stagedFileFields(staged: StagedModel | undefined) {
  return {
    modelFile: staged?.fileName ?? null,
    signature: staged?.signature ?? null,
    size: staged?.size ?? null,
    md5: staged?.md5 ?? null,
    sha256: staged?.sha256 ?? null,
  };
}
