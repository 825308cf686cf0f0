/**
 * npm run train's own parts: the safetensors layout of its checkpoint, its command line, and one
 * short run of the reference in the sandbox from start to checkpoint.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, UsageError } from '../commands/args.ts';
import { spec as trainSpec } from '../commands/train.ts';
import { repoRoot } from '../grade/fixtures/course.ts';
import { TRAIN_CONFIGS } from './configs.ts';
import { runTraining, trainOutDir } from './run.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';

describe('the checkpoint is in the safetensors layout', () => {
  const tensors = [
    { name: 'a', shape: [2, 3], data: Float64Array.from([1, -2, 3.5, 0, 1e-300, -7]) },
    { name: 'layers.0.b', shape: [1], data: Float64Array.from([Math.PI]) },
  ];
  const bytes = encodeSafetensors(tensors, { note: 'x' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));

  it('an 8-byte little-endian header length, a JSON header padded to 8 bytes, then the data to the last byte', () => {
    expect(n % 8).toBe(0);
    expect(bytes.length).toBe(8 + n + 8 * 7);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
    expect(header.a).toEqual({ dtype: 'F64', shape: [2, 3], data_offsets: [0, 48] });
    expect(header['layers.0.b']).toEqual({ dtype: 'F64', shape: [1], data_offsets: [48, 56] });
    expect(header.__metadata__).toEqual({ note: 'x' });
  });

  it('raw little-endian float64 values, tensor after tensor, which decode back bit for bit', () => {
    expect(view.getFloat64(8 + n + 16, true)).toBe(3.5);
    expect(view.getFloat64(8 + n + 48, true)).toBe(Math.PI);
    const back = decodeSafetensors(bytes);
    expect(back.tensors.map((t) => [t.name, t.shape, [...t.data]])).toEqual(tensors.map((t) => [t.name, t.shape, [...t.data]]));
  });
});

describe('npm run train', () => {
  it('reads --minutes, --config, --reference and --seed, and refuses an unknown flag or config', () => {
    expect(parseCommandArgs(trainSpec, ['--minutes', '0.5', '--config', 'tiny', '--reference']).values).toMatchObject({ minutes: 0.5, config: 'tiny', reference: true });
    expect(() => parseCommandArgs(trainSpec, ['--bogus'])).toThrow(UsageError);
    expect(() => parseCommandArgs(trainSpec, ['--config', 'huge'])).toThrow(/tiny/);
    expect(() => parseCommandArgs(trainSpec, ['--minutes', '-1'])).toThrow(UsageError);
  });

  it('trains the reference in the sandbox, then writes a checkpoint, the loss curves and a sample into .course/train/', async () => {
    const name = 'harness-test';
    const out = trainOutDir(repoRoot);
    const config = { ...TRAIN_CONFIGS.tiny!, minutes: 0.02, evalEvery: 5 };
    try {
      const outcome = await runTraining(repoRoot, 'solutions', { name, config, corpus: join(repoRoot, 'harness/data/tinyshakespeare.txt'), seed: 3, ceiling: null, sampleLength: 40 });
      expect(outcome).toBe(0);
      const run = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8'));
      expect(run.steps).toBeGreaterThan(0);
      expect(run.curve[0].validation).toBeGreaterThan(Math.log(65) - 0.5);
      expect(run.sample).toHaveLength(40);
      const { tensors, metadata } = decodeSafetensors(readFileSync(join(out, `${name}.safetensors`)));
      expect(JSON.parse(metadata.config!)).toMatchObject({ V: 65, D: config.model.D });
      expect(tensors.map((t) => t.name)).toContain('layers.0.wq');
    } finally {
      for (const ext of ['json', 'safetensors']) if (existsSync(join(out, `${name}.${ext}`))) rmSync(join(out, `${name}.${ext}`));
    }
  });
});
