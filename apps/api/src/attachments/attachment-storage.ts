import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { AttachmentType, assertAttachmentType, DomainError, SNIFF_BYTES, tooLarge } from '@kjflow/domain';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  type: AttachmentType;
}

/**
 * Files on disk, addressed by their sha256 (`ab/abcdef…`): the same file uploaded twice is stored
 * once, and a stored file never changes. Uploads stream through a hash into a temporary file, so
 * memory stays flat whatever the size; the type is decided from the first bytes.
 */
@Injectable()
export class AttachmentStorage {
  readonly root = path.resolve(process.env.KJ_STORAGE_DIR ?? '.data/attachments');

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  open(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  /**
   * Reads the whole body even when refusing it (too large, wrong type), so the client gets the
   * answer instead of a reset connection; nothing refused is kept.
   */
  async store(body: Readable, fileName: string, maxBytes: number): Promise<StoredFile> {
    const tmpDir = path.join(this.root, 'tmp');
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const out = fs.createWriteStream(tmp);
    const hash = createHash('sha256');
    let size = 0;
    let head: Buffer = Buffer.alloc(0);
    let type: AttachmentType | null = null;
    let refusal: DomainError | null = null;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (refusal) continue;
        if (size > maxBytes) {
          refusal = tooLarge(maxBytes);
          continue;
        }
        if (type === null && head.length < SNIFF_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          if (head.length >= SNIFF_BYTES) refusal = this.typeRefusal(head, fileName, (t) => (type = t));
        }
        if (refusal) continue;
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      if (!refusal && type === null) refusal = this.typeRefusal(head, fileName, (t) => (type = t));
      if (!refusal && size === 0) {
        const message = { zh: '文件为空', en: 'The file is empty' };
        refusal = new DomainError('validation_failed', message, [{ path: 'file', message }]);
      }
      out.end();
      await once(out, 'finish');
      if (refusal) throw refusal;
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(tmp, target);
      return { sha256, sizeBytes: size, type: type! };
    } finally {
      out.destroy();
      await fs.promises.rm(tmp, { force: true });
    }
  }

  private typeRefusal(head: Buffer, fileName: string, set: (t: AttachmentType) => void): DomainError | null {
    try {
      set(assertAttachmentType(head, fileName));
      return null;
    } catch (err) {
      if (err instanceof DomainError) return err;
      throw err;
    }
  }
}
