import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeReply } from '../../src-shared/bridge-contract.js';
import { PRELOAD_IPC_CHANNEL, PRELOAD_METHODS } from './preload-contract.js';

/**
 * The renderer's only door to the host: one `invoke` that forwards contract method names
 * and nothing else, so a compromised page cannot reach other IPC channels. An unknown name
 * is answered here with the same `unknown_method` reply the host would give. This file
 * imports nothing at run time but Electron and `preload-contract.ts`, so it bundles into one
 * self-contained file, as a sandboxed preload must be.
 */
const allowed = new Set<string>(PRELOAD_METHODS);

contextBridge.exposeInMainWorld('tsonkhBridge', {
  invoke(method: unknown, payload: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !allowed.has(method)) {
      const reply: BridgeReply<never> = {
        ok: false,
        error: { code: 'unknown_method', message: `unknown bridge method ${JSON.stringify(String(method))}` },
      };
      return Promise.resolve(reply);
    }
    return ipcRenderer.invoke(PRELOAD_IPC_CHANNEL, method, payload);
  },
});
