/**
 * Classification metrics as scikit-learn computes them: precision, recall and F1 of the
 * positive class (classes[1]) for two classes; their unweighted mean over classes for more
 * (average='macro', over the classes that occur in the actual or predicted labels, as sklearn's
 * default `labels`). A ratio with a zero denominator is 0 (sklearn's zero_division=0).
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

export function classificationMetrics(
	actual: ArrayLike<number>,
	predicted: ArrayLike<number>,
	classes: string[]
): ClassificationMetrics {
	const confusion = confusionMatrix(actual, predicted, classes.length);
	const count = actual.length;
	const correct = confusion.reduce((sum, row, k) => sum + row[k]!, 0);
	let precision: number;
	let recall: number;
	let f1: number;
	if (classes.length === 2) {
		({ precision, recall, f1 } = scoresOfClass(confusion, 1));
	} else {
		const present = classes.map((_, k) => scoresOfClass(confusion, k)).filter((scores) => scores.present);
		const mean = (pick: (scores: ClassScores) => number) =>
			ratio(present.reduce((sum, scores) => sum + pick(scores), 0), present.length);
		precision = mean((scores) => scores.precision);
		recall = mean((scores) => scores.recall);
		f1 = mean((scores) => scores.f1);
	}
	return { accuracy: ratio(correct, count), precision, recall, f1, confusion, classes: [...classes], count };
}

/** Score a (preprocessed) table with a model and compare with its labels. */
export function modelMetrics(model: LinearWeights & Pick<LinearModel, 'classes'>, table: Table): ClassificationMetrics {
	const { predicted } = predictTable(model, table);
	return classificationMetrics(labelsForModel(model, table), predicted, model.classes);
}
