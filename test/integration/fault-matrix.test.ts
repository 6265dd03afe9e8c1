import { faultMatrix } from './fault-matrix-rows';

/**
 * docs/fault-matrix.md, run: every fault a check meets, with what the operator sees, row by row
 * (the rows: fault-matrix-rows.ts). The even rows here, the odd ones in fault-matrix-2.test.ts,
 * so that two workers share the suite's longest file.
 */
faultMatrix(0, 2);
