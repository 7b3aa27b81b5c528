import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk, useSyncState } from '../../app/kiosk-context.js';
import type { UsbFolder as Folder } from '../../core/kiosk-core.js';
import { USB_RELEASE_FOLDER } from '../../../src-shared/schemas/release.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { technicianProblem } from './problem-text.js';

interface UsbMessage {
  folderId: string;
  text: string;
  failed: boolean;
}

/** Technician: the outbox and a diagnostics bundle to a USB stick, for kiosks without a network. */
export function UsbPanel() {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const state = useSyncState();
  const [folders, setFolders] = useState<Folder[] | null>(null);
  // Said beside the folder whose button was pressed: a message under a long list of folders is
  // off the screen, and the technician would not see that the stick was written or refused.
  const [message, setMessage] = useState<UsbMessage | null>(null);

  const say = (folder: Folder, text: string, failed = false) => setMessage({ folderId: folder.id, text, failed });

  async function exportOutbox(folder: Folder) {
    say(folder, t('technician.usbWriting'));
    try {
      const done = await core.exportOutboxToUsb(folder.id);
      say(folder, t('technician.outboxExported', { items: done.items, file: done.file }));
      emitAppEvent('outbox-exported', { items: done.items, missing: done.missing });
    } catch (e) {
      say(folder, t('technician.usbFailed', { reason: technicianProblem(t, e) }), true);
    }
  }

  async function exportDiagnostics(folder: Folder) {
    say(folder, t('technician.usbWriting'));
    try {
      const done = await core.exportDiagnosticsToUsb(folder.id, state);
      say(folder, t('technician.diagnosticsExported', { file: done.file }));
      emitAppEvent('diagnostics-exported', { bytes: done.bytes });
    } catch (e) {
      say(folder, t('technician.usbFailed', { reason: technicianProblem(t, e) }), true);
    }
  }

  async function installRelease(folder: Folder) {
    say(folder, t('technician.releaseChecking'));
    try {
      const done = await core.installReleaseFromUsb(folder.id);
      if (!done.ok) {
        // Why, so the technician knows what to do with the stick; the running version stays.
        say(folder, t(`technician.releaseRefused.${done.refused}`, { folder: USB_RELEASE_FOLDER }), true);
        emitAppEvent('release-from-usb', { refused: done.refused });
        return;
      }
      say(
        folder,
        t(done.installed ? 'technician.releaseInstalled' : 'technician.releaseStaged', { version: done.version }),
      );
      emitAppEvent('release-from-usb', { version: done.version, installed: done.installed });
    } catch {
      // The stick could not be read or the disk is full: the running version stays.
      say(folder, t('technician.releaseFailed'), true);
    }
  }

  return (
    <section data-testid="usb-panel">
      <h2>{t('technician.usbHeading')}</h2>
      <button
        type="button"
        className="secondary-button"
        data-testid="find-usb-folders"
        onClick={() => void core.findUsbFolders().then(setFolders)}
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
                <button
                  type="button"
                  className="secondary-button"
                  data-testid="install-release"
                  onClick={() => void installRelease(f)}
                >
                  {t('technician.installRelease')}
                </button>
              </div>
              {message?.folderId === f.id && (
                <p className={message.failed ? 'form-summary error' : 'note'} role="status" data-testid="usb-message">
                  {message.text}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
