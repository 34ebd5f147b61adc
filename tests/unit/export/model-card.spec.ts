import { describe, expect, it } from 'vitest';
import { modelCard } from '../../../src/lib/export/model-card';
import type { PreprocessingStep } from '../../../src/lib/data/preprocessing';
import { numericModel } from './pipeline';

/** The card's line on what the exports do to a numeric row. */
const intendedUse = (card: string): string => card.split('\n').find((line) => line.startsWith('- Scoring new rows')) ?? '';

describe('model card: the intended use follows the model\'s own preprocessing', () => {
	it('says the exports take the numbers as they are when there is no step, and what each step does otherwise', async () => {
		const { model } = await numericModel(2);
		const standardize = model.preprocessing.find((step) => step.type === 'standardize')!;
		const columns = standardize.type === 'standardize' ? standardize.columns : [];
		const impute: PreprocessingStep = { type: 'impute', strategy: 'median', columns, fill: columns.map(() => 1) };
		const card = (preprocessing: PreprocessingStep[]) => modelCard({ ...model, preprocessing });

		const none = card([]);
		expect(none).toContain('- No preprocessing.');
		expect(intendedUse(none)).toContain('the ONNX and JSON exports take the numbers as they are (the model has no preprocessing)');
		expect(intendedUse(none)).not.toMatch(/standardis/);

		expect(intendedUse(card([standardize]))).toContain('the ONNX and JSON exports standardise them ((x − mean) / std of the train part), as the training did');
		const imputed = intendedUse(card([impute]));
		expect(imputed).toContain("the ONNX and JSON exports fill their missing values with the train part's median, as the training did");
		expect(imputed).not.toMatch(/standardis/);
		expect(intendedUse(card([impute, standardize]))).toContain("fill their missing values with the train part's median, then standardise them");
	});

	it('writes a title with parentheses as it is (CommonMark shows them plainly); brackets that could make a link stay escaped', async () => {
		const { model } = await numericModel(2);
		const card = modelCard({ ...model, origin: { ...model.origin, cellTitle: 'Train (SGD)' } });
		expect(card.split('\n')[0]).toBe('# Model card: Train (SGD)');
		expect(card).toContain("- Trained by the cell 'Train (SGD)'");
		expect(modelCard({ ...model, origin: { ...model.origin, cellTitle: '[x](http://evil)' } }).split('\n')[0]).toBe('# Model card: \\[x\\](http://evil)');
	});
});
