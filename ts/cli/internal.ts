// What scripts/build-analyzer.mjs and the tests (tests/node/analyzer-*.test.mjs)
// use (bundled to build/analyzer/internal.mjs; not published).

export { analyze, formatTable, loadAnalyzer } from './analyzer.js';
export { annotateDts, annotatePackage, formatSummary } from './annotate.js';
export { annotate, declarations, REMARK, withRemark } from './dts.js';
export { annotateFacadeTypes } from './facade.js';
export { readGlue, wasmCalls } from './glue.js';
