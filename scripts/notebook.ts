/**
 * `npm run notebook -- run FILE …`: the headless runner as it was before the `descent` command,
 * kept for scripts that call it; it is `descent` itself (scripts/descent.ts), so
 * `npm run notebook -- run-cell …` works too. See scripts/cli/run.ts for `run`'s options.
 */
import { main } from './descent';

process.exit(await main(process.argv.slice(2)));
