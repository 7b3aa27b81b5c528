import { afterEach, describe, expect, it, vi } from 'vitest';
import { UiUpdates } from '../../../src-renderer/ui-update/ui-updates.js';

describe('UI updates outside browser mode', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('registers no service worker under Electron’s app:// and does nothing at the attract screen', () => {
    const register = vi.fn();
    vi.stubGlobal('location', { protocol: 'app:', reload: vi.fn() });
    vi.stubGlobal('navigator', { serviceWorker: { register } });
    const updates = new UiUpdates();
    updates.start();
    updates.setAttractScreen(true);
    updates.check();
    expect(register).not.toHaveBeenCalled();
  });
});
