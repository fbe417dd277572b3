import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { Request } from 'express';

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** What verification needs of an upload: its SHA-256, its size and its first bytes. Never the file itself. */
export interface UploadDigest {
  sha256: string;
  size: number;
  head: Buffer;
}

const HEAD_BYTES = 5;

export function tooLarge(): HttpException {
  return new HttpException(
    { code: 'PAYLOAD_TOO_LARGE', message: `Berkas terlalu besar (paling besar ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB)` },
    HttpStatus.PAYLOAD_TOO_LARGE,
  );
}

/** Hashes a stream as it arrives, so an upload holds one chunk in memory, not 25 MB. */
export function digestStream(stream: Readable, limit = Number.POSITIVE_INFINITY): Promise<UploadDigest> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const stop = (error: Error) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      stream.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(tooLarge());
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      hash.update(chunk);
    };
    const onEnd = () => {
      stream.off('close', onClose);
      resolve({ sha256: hash.digest('hex'), size, head });
    };
    const onError = () => stop(new BadRequestException({ code: 'INVALID_INPUT', message: 'Unggahan terputus', field: 'file' }));
    // A request whose client went away closes without ending.
    const onClose = () => onError();
    stream.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

/**
 * An application/pdf request body, refused as soon as it says or shows it is larger than the limit
 * (what is left of it is then drained unread).
 */
export function digestRequestBody(req: Request): Promise<UploadDigest> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) return Promise.reject(tooLarge());
  return digestStream(req, MAX_UPLOAD_BYTES);
}

/** A multer storage engine that keeps the digest of the `file` part instead of its bytes. */
export const digestStorage = {
  _handleFile(_req: Request, file: { stream: Readable }, callback: (error: unknown, info?: UploadDigest) => void): void {
    digestStream(file.stream).then((digest) => callback(null, digest), callback);
  },
  _removeFile(_req: Request, _file: unknown, callback: (error: unknown) => void): void {
    callback(null);
  },
};
