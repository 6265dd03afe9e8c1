import { faultMatrix } from './fault-matrix-rows';

/** docs/fault-matrix.md, run: the odd rows (the even ones and the docs check: fault-matrix.test.ts). */
faultMatrix(1, 2);
