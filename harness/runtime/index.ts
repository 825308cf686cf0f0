/** The runtime every week imports: tensors, randomness, dtypes and the two course errors. */
export * from './tensor.ts';
export * from './random.ts';
export * from './dtype.ts';
export { NotImplemented, ShapeError } from './errors.ts';
