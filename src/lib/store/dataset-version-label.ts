/**
 * How the app names one stored dataset version in words: "'orders-v1' v1" (the monitor's scored
 * data, learned expectations, the store's error messages). The name is quoted so that a name
 * which itself ends in a version-like tail ("orders-v1") never runs into the version number.
 */

/** "'orders-v1' v1": `name` quoted, then `v` and the version number (1, 2, …). */
export const datasetVersionLabel = (name: string, version: number): string => `'${name}' v${version}`;
