/**
 * Writes the built-in example notebooks into static/examples/. Run with
 * `npx tsx scripts/make-examples.ts`; a unit test checks the files parse and match this script.
 */
import { writeFileSync } from 'node:fs';
import { exampleNotebooks } from '../src/lib/notebook/examples';
import { serializeNotebook } from '../src/lib/notebook/serialize';

for (const example of exampleNotebooks) {
	writeFileSync(`static/examples/${example.file}`, serializeNotebook(example.notebook));
	console.log(`wrote static/examples/${example.file}`);
}
