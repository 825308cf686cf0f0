/**
 * The safetensors layout (huggingface/safetensors), the format PyTorch, JAX and the Hugging Face tools
 * load: an 8-byte little-endian unsigned header length N, N bytes of JSON mapping each tensor's name to
 * { dtype, shape, data_offsets: [begin, end] } (byte offsets into the data that follows, in order,
 * without gaps), then the raw little-endian data. We write F64: the course computes in float64, so a
 * checkpoint reloads bit for bit.
 */
export type NamedTensor = { name: string; shape: number[]; data: Float64Array };

/** One file's bytes. The header is padded with spaces to a multiple of 8 bytes, as the reference writer does. */
export function encodeSafetensors(tensors: NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.data.length * 8;
    header[t.name] = { dtype: 'F64', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += 8) view.setFloat64(at, t.data[i]!, true);
  }
  return out;
}

/** The tensors of a file written by encodeSafetensors (F64 only), for tests and for loading a checkpoint back. */
export function decodeSafetensors(bytes: Uint8Array): { tensors: NamedTensor[]; metadata: Record<string, string> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const { __metadata__, ...entries } = header as Record<string, never>;
  const tensors = Object.entries(entries).map(([name, entry]: [string, { dtype: string; shape: number[]; data_offsets: [number, number] }]) => {
    if (entry.dtype !== 'F64') throw new Error(`${name}: dtype ${entry.dtype}, only F64 is read here`);
    const [begin, end] = entry.data_offsets;
    const data = new Float64Array((end - begin) / 8);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat64(8 + n + begin + 8 * i, true);
    return { name, shape: entry.shape, data };
  });
  return { tensors, metadata: (__metadata__ as Record<string, string> | undefined) ?? {} };
}
