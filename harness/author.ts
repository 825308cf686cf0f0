/**
 * The one module a week's author files import (solutions/NN-slug/truths.ts, page.ts, bench.ts, profile.ts):
 * what defines them, and the helpers they draw with. Type imports of the week's own modules stay
 * relative (`import type * as linear from './linear.ts'`).
 */
export { defineTruths, type Given } from './predictions/truths.ts';
export { compare, definePage, lookup, need, type PageContext } from './site/page.ts';
export { heatmap, inCourseStyle, lineChart } from './site/charts.ts';
export { formatNumber } from './site/html.ts';
export { benchFigureFor } from './site/bench-figure.ts';
export { trainFigureFor } from './train/figure.ts';
export { defineBench, type BenchMachine, type Formula } from './bench/define.ts';
export { defineProfile, elements, rules, shapeOf, type OpRule, type ProfileCase } from './profile/define.ts';
