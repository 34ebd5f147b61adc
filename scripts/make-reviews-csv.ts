/**
 * Writes the built-in reviews to static/examples/reviews.csv. Run with
 * `npx tsx scripts/make-reviews-csv.ts`; tests/unit/cells/dataset.spec.ts checks the file matches.
 */
import { writeFileSync } from 'node:fs';
import { reviewsCsv } from '../src/lib/cells/dataset/reviews';

writeFileSync('static/examples/reviews.csv', reviewsCsv());
console.log('wrote static/examples/reviews.csv');
