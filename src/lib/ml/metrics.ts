/**
 * Classification metrics as scikit-learn computes them: precision, recall and F1 of the
 * positive class for two classes (`pos_label`, see `positiveClassIndex`); their unweighted mean
 * over classes for more (average='macro', over the classes that occur in the actual or predicted
 * labels, as sklearn's default `labels`). A ratio with a zero denominator is 0 (sklearn's
 * zero_division=0).
 */
import type { Table } from '../data/table';
import type { ClassificationMetrics, LinearModel } from './model';
import { labelsForModel, predictTable, type LinearWeights } from './predict';

/** confusion[actual][predicted]. */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number[][] {
	if (actual.length !== predicted.length) {
		throw new Error(`${actual.length} actual labels but ${predicted.length} predictions`);
	}
	const confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
	for (let i = 0; i < actual.length; i++) {
		const row = confusion[actual[i]!];
		if (!row || predicted[i]! < 0 || predicted[i]! >= classCount) {
			throw new Error(`label ${actual[i]} or prediction ${predicted[i]} at row ${i + 1} is not one of ${classCount} classes`);
		}
		row[predicted[i]!]! += 1;
	}
	return confusion;
}

const ratio = (numerator: number, denominator: number): number => (denominator > 0 ? numerator / denominator : 0);

interface ClassScores {
	precision: number;
	recall: number;
	f1: number;
	/** The class occurs among the actual or predicted labels. */
	present: boolean;
}

function scoresOfClass(confusion: number[][], k: number): ClassScores {
	const truePositives = confusion[k]![k]!;
	const actualCount = confusion[k]!.reduce((sum, value) => sum + value, 0);
	const predictedCount = confusion.reduce((sum, row) => sum + row[k]!, 0);
	const precision = ratio(truePositives, predictedCount);
	const recall = ratio(truePositives, actualCount);
	return {
		precision,
		recall,
		f1: ratio(2 * precision * recall, precision + recall),
		present: actualCount + predictedCount > 0
	};
}

/**
 * The positive class of a binary problem, as an index into `classes`. `chosen` names it; '' (or
 * absent) takes scikit-learn's default `pos_label=1`: the class that reads as the number 1
 * ('1', '1.0', '+1') when there is one, else the greater class, classes[1] (the class a binary
 * model's positive score stands for). Throws when `chosen` is not one of the classes.
 */
export function positiveClassIndex(classes: readonly string[], chosen = ''): number {
	const wanted = chosen.trim();
	if (wanted !== '') {
		const index = classes.indexOf(wanted);
		if (index < 0) throw new Error(`positive class '${wanted}' is not one of the classes (${classes.join(', ')})`);
		return index;
	}
	const one = classes.findIndex((name) => name.trim() !== '' && Number(name) === 1);
	return one >= 0 ? one : classes.length - 1;
}

/**
 * `positive` (an index into `classes`) is the class whose precision, recall and F1 are reported
 * when there are two classes; more classes are macro-averaged and it is not used.
 */
export function classificationMetrics(
	actual: ArrayLike<number>,
	predicted: ArrayLike<number>,
	classes: string[],
	positive = positiveClassIndex(classes)
): ClassificationMetrics {
	const confusion = confusionMatrix(actual, predicted, classes.length);
	const count = actual.length;
	const correct = confusion.reduce((sum, row, k) => sum + row[k]!, 0);
	let precision: number;
	let recall: number;
	let f1: number;
	if (classes.length === 2) {
		if (positive !== 0 && positive !== 1) throw new Error(`positive class index ${positive} is not 0 or 1`);
		({ precision, recall, f1 } = scoresOfClass(confusion, positive));
	} else {
		const present = classes.map((_, k) => scoresOfClass(confusion, k)).filter((scores) => scores.present);
		const mean = (pick: (scores: ClassScores) => number) =>
			ratio(present.reduce((sum, scores) => sum + pick(scores), 0), present.length);
		precision = mean((scores) => scores.precision);
		recall = mean((scores) => scores.recall);
		f1 = mean((scores) => scores.f1);
	}
	const metrics: ClassificationMetrics = { accuracy: ratio(correct, count), precision, recall, f1, confusion, classes: [...classes], count };
	if (classes.length === 2) metrics.positiveClass = classes[positive]!;
	return metrics;
}

/** The class binary metrics are of; metrics stored before it was recorded were of classes[1]. Undefined for more classes. */
export function positiveClassOf(metrics: Pick<ClassificationMetrics, 'positiveClass' | 'classes'>): string | undefined {
	return metrics.positiveClass ?? (metrics.classes.length === 2 ? metrics.classes[1] : undefined);
}

/** "accuracy", "precision of '1'" or "F1 (macro)": how a metric is named wherever it is shown. */
export function metricLabel(metric: string, metrics: Pick<ClassificationMetrics, 'positiveClass' | 'classes'>): string {
	if (!['precision', 'recall', 'f1', 'F1'].includes(metric)) return metric;
	const name = metric === 'f1' ? 'F1' : metric;
	const positive = positiveClassOf(metrics);
	return positive === undefined ? `${name} (macro)` : `${name} of '${positive}'`;
}

/** Score a (preprocessed) table with a model and compare with its labels; `positiveClass` as `positiveClassIndex`. */
export function modelMetrics(model: LinearWeights & Pick<LinearModel, 'classes'>, table: Table, positiveClass = ''): ClassificationMetrics {
	const { predicted } = predictTable(model, table);
	return classificationMetrics(labelsForModel(model, table), predicted, model.classes, positiveClassIndex(model.classes, positiveClass));
}
