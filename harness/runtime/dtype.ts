/**
 * Storage types exist only for memory estimates: all arithmetic in the course is float64.
 * KiB, MiB and GiB are powers of 1024.
 */
export const DTYPE_BYTES = {
  fp64: 8,
  fp32: 4,
  bf16: 2,
  fp16: 2,
  int8: 1,
} as const;

export type DType = keyof typeof DTYPE_BYTES;

export const DTYPES = Object.keys(DTYPE_BYTES) as DType[];

export function bytesPerElement(dtype: DType): number {
  return DTYPE_BYTES[dtype];
}

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
