import { constants, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { RESPONDED } from '../../http';
import type { RequestContext } from '../../http';
import { attachment } from '../../http/content-disposition';
import { artifactMimeType } from '../../http/mime-type';

/**
 * Streams a local file (already confined by the caller) as a download, with the same headers as
 * run artifact downloads: MLflow's mime type for its name, nosniff and `attachment; filename=…`.
 */
export async function sendLocalFile(ctx: RequestContext, file: string, path: string): Promise<typeof RESPONDED> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  const { size } = await handle.stat();
  return sendDownload(ctx, createReadStream('', { fd: handle, autoClose: true }), size, path);
}

/** Streams `stream` (`size` bytes) as the download of the artifact at `path`. */
export async function sendDownload(ctx: RequestContext, stream: Readable, size: number, path: string): Promise<typeof RESPONDED> {
  ctx.res.writeHead(200, {
    'content-type': artifactMimeType(path),
    'content-length': size,
    'x-content-type-options': 'nosniff',
    'content-disposition': attachment(path.split('/').pop() ?? ''),
  });
  stream.pipe(ctx.res);
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    ctx.res.once('close', resolve);
  });
  return RESPONDED;
}
