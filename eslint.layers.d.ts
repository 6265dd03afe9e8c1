// Types for eslint.layers.js, which eslint loads as plain JavaScript and the tests import.
import type { Linter } from 'eslint';

export interface Layer {
  readonly layer: string;
  readonly members: readonly string[];
  readonly pure?: boolean;
  readonly siblingsApart?: boolean;
  readonly alsoBanned?: readonly string[];
}
export declare const LAYERS: readonly Layer[];
export declare function layerRules(): Linter.Config[];
export declare function infraRule(): Linter.Config;
export declare function functionZodRule(): Linter.Config;
