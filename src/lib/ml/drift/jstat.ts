/**
 * jStat (a CommonJS bundle without type declarations), typed for the functions drift uses.
 * `@ts-ignore` rather than `@ts-expect-error`: should a declaration file for 'jstat' land
 * elsewhere, this keeps compiling.
 */
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import untyped from 'jstat';

export interface JStat {
	/** P(a, x), the lower regularized incomplete gamma function. */
	lowRegGamma(a: number, x: number): number;
	/** ln Γ(x). */
	gammaln(x: number): number;
	normal: { cdf(x: number, mean: number, std: number): number };
}

const jStat = untyped as JStat;
export default jStat;
