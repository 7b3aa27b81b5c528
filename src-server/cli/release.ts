import { RELEASE_USAGE, releaseCommand } from './release-command.js';
import { runCommand } from './output.js';

runCommand(RELEASE_USAGE, () => releaseCommand(process.argv.slice(2)));
