// Message payloads: make them, turn whatever a data channel delivered into bytes, compare by hash.
import { createHash, randomBytes } from 'node:crypto';

/** Random bytes (distinct content per call, so a misrouted message never compares equal). */
export function payload(size: number): Buffer {
  return randomBytes(size);
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function isBinary(data: unknown): boolean {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data) || data instanceof Blob;
}

/** The bytes of a received (or sent) binary message: ArrayBuffer, Buffer, any view, or Blob. */
export async function bytesOf(data: unknown): Promise<Buffer> {
  if (data instanceof Blob) return Buffer.from(await data.arrayBuffer());
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`not binary data: ${describe(data)}`);
}

/** A short description of a message for assertion messages. */
export function describe(data: unknown): string {
  if (typeof data === 'string') return `string(${data.length})`;
  if (data instanceof Blob) return `Blob(${data.size})`;
  if (data instanceof ArrayBuffer) return `ArrayBuffer(${data.byteLength})`;
  if (ArrayBuffer.isView(data)) return `${data.constructor.name}(${data.byteLength})`;
  return String(data);
}

/**
 * Checks that a received message carries what was sent: the same string, or (binary) the same
 * bytes, compared by hash so a 16 MiB mismatch does not print 16 MiB.
 */
export async function expectSameMessage(sent: unknown, received: unknown): Promise<void> {
  if (typeof sent === 'string') {
    if (typeof received !== 'string') {
      throw new Error(`sent a string(${sent.length}), received ${describe(received)}`);
    }
    if (received !== sent) {
      throw new Error(
        `string differs: sent ${sha256(sent)} (${sent.length}), received ${sha256(received)} (${received.length})`,
      );
    }
    return;
  }
  if (!isBinary(received)) {
    throw new Error(`sent ${describe(sent)}, received ${describe(received)}`);
  }
  const [a, b] = await Promise.all([bytesOf(sent), bytesOf(received)]);
  if (a.length !== b.length || sha256(a) !== sha256(b)) {
    throw new Error(`bytes differ: sent ${a.length} B ${sha256(a)}, received ${b.length} B ${sha256(b)}`);
  }
}
