import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeResponse } from '../../../src-shared/bridge-contract.js';
import { useKiosk } from '../../app/kiosk-context.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { diagnosticsPart, exportOutboxToUsb } from '../../sync/usb-exports.js';

type Folder = BridgeResponse<'usb.findFolders'>['folders'][number];

/** Technician: the outbox and a diagnostics bundle to a USB stick, for kiosks without a network. */
export function UsbPanel() {
  const { t } = useTranslation();
  const { db, bridge, sync } = useKiosk();
  const state = useSyncExternalStore(sync.subscribe, sync.getState);
  const [folders, setFolders] = useState<Folder[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function exportOutbox(folder: Folder) {
    setMessage(t('technician.usbWriting'));
    try {
      const done = await exportOutboxToUsb(db, bridge, folder.id);
      setMessage(t('technician.outboxExported', { items: done.items, file: done.file }));
      emitAppEvent('outbox-exported', { items: done.items, missing: done.missing });
    } catch (e) {
      setMessage(t('technician.usbFailed', { reason: (e as Error).message }));
    }
  }

  async function exportDiagnostics(folder: Folder) {
    setMessage(t('technician.usbWriting'));
    try {
      const done = await bridge.call('diagnostics.exportToUsb', {
        folderId: folder.id,
        kiosk: await diagnosticsPart(db, state),
      });
      setMessage(t('technician.diagnosticsExported', { file: done.file }));
      emitAppEvent('diagnostics-exported', { bytes: done.bytes });
    } catch (e) {
      setMessage(t('technician.usbFailed', { reason: (e as Error).message }));
    }
  }

  return (
    <section data-testid="usb-panel">
      <h2>{t('technician.usbHeading')}</h2>
      <button
        type="button"
        className="secondary-button"
        data-testid="find-usb-folders"
        onClick={() => void bridge.call('usb.findFolders', {}).then((r) => setFolders(r.folders))}
      >
        {t('technician.findUsbFolders')}
      </button>
      {folders && folders.length === 0 && <p className="note">{t('technician.noUsbFolder')}</p>}
      {folders && folders.length > 0 && (
        <ul className="tile-list">
          {folders.map((f) => (
            <li key={f.id} data-testid="usb-folder">
              <p>{f.location}</p>
              <div className="form-buttons">
                <button
                  type="button"
                  className="primary-button"
                  data-testid="export-outbox"
                  onClick={() => void exportOutbox(f)}
                >
                  {t('technician.exportOutbox')}
                </button>
                <button
                  type="button"
                  className="secondary-button"
                  data-testid="export-diagnostics"
                  onClick={() => void exportDiagnostics(f)}
                >
                  {t('technician.exportDiagnostics')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="note" role="status" data-testid="usb-message">
          {message}
        </p>
      )}
    </section>
  );
}
