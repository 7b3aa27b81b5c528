import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createLogger } from '../logger.js';
import { kioskChromiumArgs } from './chromium-flags.js';
import { tellHostOutOfService } from './host-alert.js';
import { cdpPipe, type CdpPipe } from './cdp-pipe.js';
import {
  DEFAULT_SUPERVISOR_POLICY,
  OUT_OF_SERVICE_PAGE,
  createRendererSupervisor,
  type RendererSupervisor,
  type SupervisorAction,
  type SupervisorPolicy,
} from './renderer-supervisor.js';
import { closeOnStopSignals, isProgramEntry } from '../process-entry.js';

const log = createLogger('kiosk-session');

export interface KioskSessionOptions {
  /** The host's page, `http://127.0.0.1:5180/`. */
  url: string;
  chromium: string;
  /** Chromium's whole command line but the debugging pipe (kioskChromiumArgs in production). */
  args: string[];
  policy?: SupervisorPolicy;
  /** How often the page is asked "are you there?" and how long it has to answer. */
  pingEveryMs?: number;
  pingTimeoutMs?: number;
  /** Told of every decision (tests, logs). */
  onAction?: (action: SupervisorAction) => void;
  /**
   * Tells the central office that the kiosk is out of service (production: the host, over its
   * loopback bridge, `tellHostOutOfService`); resolves true when acknowledged.
   */
  alertHost?: (reason: string) => Promise<boolean>;
}

export interface KioskSession {
  /** The running browser's process id (changes when the browser is started again). */
  browserPid(): number | undefined;
  supervisor: RendererSupervisor;
  /**
   * The value of `expression` in the page (tests, diagnostics). Only this process holds the pipe,
   * so this is no door for anyone else; rejects while there is no page.
   */
  evaluate(expression: string, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Browser mode's screen: starts Debian's Chromium on the host's page and keeps it there. The page
 * is watched over the debugging pipe: a crashed renderer (Target.targetCrashed), a page that does
 * not answer a ping, or a browser that exited are told to the renderer supervisor, which decides
 * between reloading to the attract screen and the out-of-service screen. A dead browser is
 * started again on the same profile, so the outbox in its IndexedDB is still there.
 */
export async function startKioskSession(options: KioskSessionOptions): Promise<KioskSession> {
  const supervisor = createRendererSupervisor(options.policy ?? DEFAULT_SUPERVISOR_POLICY);
  const pingEveryMs = options.pingEveryMs ?? 5_000;
  const pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  const outOfServiceUrl = new URL(OUT_OF_SERVICE_PAGE, options.url).href;
  let child: ChildProcess | null = null;
  let cdp: CdpPipe | null = null;
  let pageSession: string | null = null;
  let pageTarget: string | null = null;
  let closing = false;
  let unresponsive = false;

  const target = () => (supervisor.state() === 'out-of-service' ? outOfServiceUrl : options.url);

  const alert = (action: Extract<SupervisorAction, { type: 'alert' }>) => {
    log.fatal({ reason: action.reason, failures: action.failures }, 'kiosk page keeps failing: out of service');
    options
      .alertHost?.(action.reason)
      .then((sent) =>
        sent ? log.info('the central office was told') : log.error('the central office could not be told'),
      )
      .catch((err: unknown) => log.error({ err }, 'the central office could not be told'));
  };

  const act = (actions: SupervisorAction[]) => {
    for (const action of actions) {
      options.onAction?.(action);
      if (action.type === 'alert') {
        alert(action);
        continue;
      }
      log.error(
        { reason: action.reason },
        action.type === 'reload' ? 'reloading to the attract screen' : 'out of service',
      );
      if (cdp && pageSession)
        cdp
          .send('Page.navigate', { url: target() }, pageSession)
          .catch((err: unknown) => log.error({ err }, 'navigation after a failure did not go through'));
    }
  };

  const launch = async () => {
    const proc = spawn(
      options.chromium,
      [
        ...options.args.filter((a) => a !== options.url && a !== '--remote-debugging-pipe'),
        '--remote-debugging-pipe',
        target(),
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      },
    );
    child = proc;
    proc.stderr?.resume();
    const pipe = cdpPipe(proc.stdio[3] as Writable, proc.stdio[4] as Readable);
    cdp = pipe;
    pageSession = null;
    proc.once('exit', (code, signal) => {
      pipe.close('browser exited');
      if (closing || child !== proc) return;
      log.error({ code, signal }, 'browser exited');
      child = null;
      const actions = supervisor.onEvent({ type: 'crashed', reason: `browser exited (${signal ?? code})` }, Date.now());
      for (const a of actions) {
        options.onAction?.(a);
        if (a.type === 'alert') alert(a);
      }
      // The new browser opens the attract screen, or the out-of-service page if it came to that.
      launch().catch((err: unknown) => log.error({ err }, 'browser did not start again'));
    });
    pipe.on((method, params) => {
      // Every target's renderer reports here (Chromium's own WebUI too): only the kiosk page's counts.
      if (method === 'Target.targetCrashed' && params.targetId === pageTarget) {
        act(supervisor.onEvent({ type: 'crashed', reason: String(params.status ?? 'crashed') }, Date.now()));
      }
    });
    await pipe.send('Target.setDiscoverTargets', { discover: true });
    const { targetInfos } = (await pipe.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string }[];
    };
    const page = targetInfos.find((t) => t.type === 'page');
    if (!page) throw new Error('the browser opened no page');
    pageTarget = page.targetId;
    const { sessionId } = (await pipe.send('Target.attachToTarget', { targetId: page.targetId, flatten: true })) as {
      sessionId: string;
    };
    pageSession = sessionId;
    log.info({ pid: proc.pid, url: target() }, 'kiosk browser started');
  };

  await launch();

  const ping = setInterval(() => {
    const pipe = cdp;
    const session = pageSession;
    if (!pipe || !session) return;
    pipe.send('Runtime.evaluate', { expression: '1', returnByValue: true }, session, pingTimeoutMs).then(
      () => {
        if (unresponsive) act(supervisor.onEvent({ type: 'responsive' }, Date.now()));
        unresponsive = false;
      },
      (err: unknown) => {
        // A crashed page answers with an error at once (handled as a crash); only silence is a hang.
        if (!(err instanceof Error) || !err.message.includes('no answer')) return;
        unresponsive = true;
        act(supervisor.onEvent({ type: 'unresponsive' }, Date.now()));
      },
    );
  }, pingEveryMs);
  const tick = setInterval(() => act(supervisor.onTick(Date.now())), 1_000);

  return {
    browserPid: () => child?.pid,
    supervisor,
    async evaluate(expression, timeoutMs = 5_000) {
      if (!cdp || !pageSession) throw new Error('no page');
      const answer = (await cdp.send(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        pageSession,
        timeoutMs,
      )) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
      if (answer.exceptionDetails) throw new Error(answer.exceptionDetails.text);
      return answer.result.value;
    },
    async close() {
      closing = true;
      clearInterval(ping);
      clearInterval(tick);
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      await cdp?.send('Browser.close', {}, undefined, 3_000).catch(() => proc.kill('SIGKILL'));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function main(): Promise<void> {
  const url = process.env.TSONKH_KIOSK_URL || 'http://127.0.0.1:5180/';
  const profileDir = process.env.TSONKH_CHROMIUM_PROFILE || '/var/lib/tsonkh-kiosk/chromium';
  const session = await startKioskSession({
    url,
    chromium: process.env.TSONKH_CHROMIUM || '/usr/bin/chromium',
    args: kioskChromiumArgs({ url, profileDir }),
    alertHost: (reason) => tellHostOutOfService(url, reason),
  });
  closeOnStopSignals(() => session.close());
}

if (isProgramEntry(import.meta.url)) {
  main().catch((err: unknown) => {
    log.fatal({ err }, 'kiosk session failed to start');
    process.exit(1);
  });
}
