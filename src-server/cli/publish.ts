import { PUBLISH_USAGE, publishCommand } from './publish-command.js';
import { runCommand } from './output.js';

/**
 * `npm run publish -- <folder>`: checks a content folder and publishes it atomically, or lists
 * every problem and exits 1 with nothing published. See cli/publish-command.ts.
 */
runCommand(PUBLISH_USAGE, () => publishCommand(process.argv.slice(2)));
