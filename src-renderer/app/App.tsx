import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import { assertNever } from '../../src-shared/assert-never.js';
import type { OutboxEntry } from '../data/db.js';
import { emitAppEvent } from '../platform/app-events.js';
import { ServiceList } from '../features/services/ServiceList.js';
import { ServiceDetail } from '../features/services/ServiceDetail.js';
import { ServiceForm } from '../features/form/ServiceForm.js';
import { ReceiptScreen, type PrintState } from '../features/receipt/ReceiptScreen.js';
import { Header } from './Header.js';
import { TrackScreen } from '../features/track/TrackScreen.js';
import { TechnicianPin } from '../features/technician/TechnicianPin.js';
import { TechnicianScreen } from '../features/technician/TechnicianScreen.js';
import { KioskContext, type KioskContextValue } from './kiosk-context.js';
import type { Navigation, Screen } from './navigation.js';

type Services = Omit<KioskContextValue, 'lang' | 'setLang'>;

export function App({ services }: { services: Services }) {
  const { i18n } = useTranslation();
  const [lang, setLangState] = useState<Language>(services.info.defaultLanguage);
  const [stack, setStack] = useState<Screen[]>([{ name: 'services' }]);
  const [drafts, setDrafts] = useState<Record<string, Record<string, string>>>({});
  const [printStates, setPrintStates] = useState<Record<string, PrintState>>({});

  const setLang = useCallback(
    (l: Language) => {
      setLangState(l);
      void i18n.changeLanguage(l);
      document.documentElement.lang = l;
      emitAppEvent('language-changed', { lang: l });
    },
    [i18n],
  );

  const screen = stack[stack.length - 1] ?? { name: 'services' };
  const nav: Navigation = {
    screen,
    canGoBack: stack.length > 1,
    go: (s) => {
      setStack((prev) => [...prev, s]);
      emitAppEvent('screen', { name: s.name });
    },
    back: () => setStack((prev) => (prev.length > 1 ? prev.slice(0, -1) : prev)),
    home: () => setStack([{ name: 'services' }]),
  };

  /** Prints only after the outbox transaction has committed, and never twice by itself. */
  const printReceipt = useCallback(
    async (entry: OutboxEntry) => {
      setPrintStates((p) => ({ ...p, [entry.trackingNo]: 'printing' }));
      try {
        await services.bridge.call('printer.printReceipt', {
          trackingNo: entry.trackingNo,
          kind: entry.kind,
          title: entry.title,
          lang,
          createdAt: entry.createdAt,
        });
        setPrintStates((p) => ({ ...p, [entry.trackingNo]: 'printed' }));
        emitAppEvent('receipt-printed', { trackingNo: entry.trackingNo });
      } catch {
        setPrintStates((p) => ({ ...p, [entry.trackingNo]: 'failed' }));
        emitAppEvent('receipt-print-failed', { trackingNo: entry.trackingNo });
      }
    },
    [services.bridge, lang],
  );

  const onQueued = (serviceId: string) => (entry: OutboxEntry) => {
    setDrafts((d) => {
      const rest = { ...d };
      delete rest[serviceId];
      return rest;
    });
    setStack([{ name: 'receipt', trackingNo: entry.trackingNo }]);
    void printReceipt(entry);
    void services.sync.syncNow();
  };

  const context = useMemo(() => ({ ...services, lang, setLang }), [services, lang, setLang]);

  function body() {
    switch (screen.name) {
      case 'services':
        return <ServiceList nav={nav} />;
      case 'service':
        return <ServiceDetail nav={nav} serviceId={screen.serviceId} />;
      case 'form':
        return (
          <ServiceForm
            serviceId={screen.serviceId}
            answers={drafts[screen.serviceId] ?? {}}
            onAnswersChange={(a) => setDrafts((d) => ({ ...d, [screen.serviceId]: a }))}
            onQueued={onQueued(screen.serviceId)}
          />
        );
      case 'track':
        return <TrackScreen />;
      case 'technician-pin':
        return <TechnicianPin onUnlocked={() => setStack([{ name: 'services' }, { name: 'technician' }])} />;
      case 'technician':
        return <TechnicianScreen />;
      case 'receipt':
        return (
          <ReceiptScreen
            trackingNo={screen.trackingNo}
            printState={printStates[screen.trackingNo] ?? 'printing'}
            onDone={nav.home}
          />
        );
      default:
        return assertNever(screen, 'screen');
    }
  }

  return (
    <KioskContext.Provider value={context}>
      <div className="kiosk" lang={lang}>
        <Header nav={nav} />
        {body()}
      </div>
    </KioskContext.Provider>
  );
}
