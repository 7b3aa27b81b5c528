// `window.__tsonkh` (app events, test hooks) as the renderer declares it, once.
import type {} from '../../../src-renderer/platform/app-events.js';
