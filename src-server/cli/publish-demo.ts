import { DEMO_CONTENT_DIR } from '../content/demo-seed.js';
import { runCommand } from './output.js';
import { publishCommand } from './publish-command.js';

/**
 * `tsx src-server/cli/publish-demo.ts [content-dir]`: `npm run publish` with the demo content
 * (assets/demo-content) as the default folder. Re-running publishes only what changed.
 */
runCommand('tsx src-server/cli/publish-demo.ts [content-folder]', () =>
  publishCommand(process.argv.length > 2 ? process.argv.slice(2) : [DEMO_CONTENT_DIR]),
);
