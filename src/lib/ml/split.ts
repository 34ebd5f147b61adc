/**
 * Seeded train/test/validation splits of row indices, optionally stratified by class.
 *
 * Part sizes follow scikit-learn's train_test_split: test = ⌈testFraction · n⌉ and
 * validation = ⌈validationFraction · n⌉ (both fractions of the whole table), train the rest.
 * Stratified, each class gets ⌊its exact share⌋ of the test rows and then the rows left over
 * go, one each, to the classes with the largest fractional remainders (ties: the earlier
 * class), so every class is split in the same proportions as closely as whole rows allow and
 * the totals are exact; validation rows are shared out the same way from what test left.
 */
import { createRandom, permutation, shuffleInPlace } from './rng';
import { dataRowPlace } from '../data/row-place';

export interface SplitOptions {
	/** Fraction of all rows held out for test, in (0, 1). */
	testFraction: number;
	/** Fraction of all rows held out for validation, in [0, 1); 0 = no validation part. */
	validationFraction: number;
	seed: number;
	stratify: boolean;
}

export interface SplitIndices {
	/** Row indices of each part, each part in a seeded random order. */
	train: Uint32Array;
	test: Uint32Array;
	validation: Uint32Array;
}

export interface PartSizes {
	train: number;
	test: number;
	validation: number;
}

/** ⌈fraction · n⌉, forgiving the rounding error of products such as 0.3 · 400. */
function ceilShare(fraction: number, n: number): number {
	return fraction > 0 ? Math.ceil(fraction * n - 1e-9) : 0;
}

/** The size of each part; throws when a part would be empty. */
export function partSizes(rowCount: number, testFraction: number, validationFraction: number): PartSizes {
	if (!(testFraction > 0 && testFraction < 1)) throw new Error(`test fraction must be between 0 and 1 (exclusive), got ${testFraction}`);
	if (!(validationFraction >= 0 && validationFraction < 1))
		throw new Error(`validation fraction must be at least 0 and below 1, got ${validationFraction}`);
	if (testFraction + validationFraction >= 1)
		throw new Error(`test fraction ${testFraction} + validation fraction ${validationFraction} leave no rows to train on`);
	const test = ceilShare(testFraction, rowCount);
	const validation = ceilShare(validationFraction, rowCount);
	const train = rowCount - test - validation;
	if (train < 1) {
		const parts = validation > 0 ? `${test} test and ${validation} validation rows` : `${test} test rows`;
		throw new Error(`${rowCount} rows are too few to split: ${parts} would leave the train part empty`);
	}
	return { train, test, validation };
}

/**
 * Shares `total` rows among classes in proportion to `weights` (largest remainder), never
 * giving a class more than its `capacity`.
 */
function apportion(total: number, weights: readonly number[], capacity: readonly number[]): number[] {
	const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
	const quotas = weights.map((weight) => (weightSum > 0 ? (total * weight) / weightSum : 0));
	const shares = quotas.map((quota, index) => Math.min(Math.floor(quota), capacity[index] ?? 0));
	let left = total - shares.reduce((sum, share) => sum + share, 0);
	const byRemainder = quotas
		.map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
		.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
	// Usually one pass; more only when capacities cut some classes short.
	while (left > 0) {
		let given = 0;
		for (const { index } of byRemainder) {
			if (left === 0) break;
			if ((shares[index] as number) < (capacity[index] ?? 0)) {
				shares[index] = (shares[index] as number) + 1;
				left--;
				given++;
			}
		}
		if (given === 0) throw new Error(`cannot place ${left} more rows: every class is used up`);
	}
	return shares;
}

/** Splits rows 0..labels.length−1; `labels[i]` is row i's class index in [0, classCount). Linear in rows; never spreads. */
export function splitIndices(labels: ArrayLike<number>, classCount: number, options: SplitOptions): SplitIndices {
	const rowCount = labels.length;
	const sizes = partSizes(rowCount, options.testFraction, options.validationFraction);
	const random = createRandom(options.seed);

	if (!options.stratify) {
		const order = permutation(rowCount, random);
		return {
			test: order.slice(0, sizes.test),
			validation: order.slice(sizes.test, sizes.test + sizes.validation),
			train: order.slice(sizes.test + sizes.validation)
		};
	}

	// Rows of each class, in a seeded random order (one typed array per class, sized by a count first).
	const counts = new Array<number>(classCount).fill(0);
	for (let row = 0; row < rowCount; row++) {
		const label = labels[row] as number;
		if (!(label >= 0 && label < classCount)) throw new Error(`${dataRowPlace(row + 1)} has class ${label}, outside 0..${classCount - 1}`);
		counts[label]!++;
	}
	const byClass = counts.map((count) => new Uint32Array(count));
	const filled = new Array<number>(classCount).fill(0);
	for (let row = 0; row < rowCount; row++) {
		const label = labels[row] as number;
		byClass[label]![filled[label]!++] = row;
	}
	for (const members of byClass) shuffleInPlace(members, random);

	// How many rows of each class go to test, then to validation.
	const testShares = apportion(sizes.test, counts, counts);
	const left = counts.map((count, index) => count - (testShares[index] as number));
	const validationShares = apportion(sizes.validation, counts, left);

	// Each part takes its slice of every class, classes in order, then is shuffled as a whole.
	const train = new Uint32Array(sizes.train);
	const test = new Uint32Array(sizes.test);
	const validation = new Uint32Array(sizes.validation);
	let atTrain = 0;
	let atTest = 0;
	let atValidation = 0;
	byClass.forEach((members, index) => {
		const testCount = testShares[index] as number;
		const validationCount = validationShares[index] as number;
		test.set(members.subarray(0, testCount), atTest);
		validation.set(members.subarray(testCount, testCount + validationCount), atValidation);
		train.set(members.subarray(testCount + validationCount), atTrain);
		atTest += testCount;
		atValidation += validationCount;
		atTrain += members.length - testCount - validationCount;
	});
	return { train: shuffleInPlace(train, random), test: shuffleInPlace(test, random), validation: shuffleInPlace(validation, random) };
}
