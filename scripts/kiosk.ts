// `npm run kiosk`: the kiosk alone (Electron, or browser mode where Electron is missing).
import { launchKiosk } from './launch-kiosk.js';

const kiosk = await launchKiosk();
const stop = () => void kiosk.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
