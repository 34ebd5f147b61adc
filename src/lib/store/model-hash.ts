/** Identity of a model's content in the registry: the same weights and preprocessing are the same version. */
import type { LinearModel } from '../ml/model';
import { hashValue } from '../ml/hash';

/** 16 hex digits over coef, intercept, classes, features, preprocessing and hyperparameters. */
export function modelContentHash(model: LinearModel): string {
	const { coef, intercept, classes, features, preprocessing, hyperparameters } = model;
	return hashValue({ coef, intercept, classes, features, preprocessing, hyperparameters });
}
