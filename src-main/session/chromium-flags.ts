/**
 * The command line of Debian's Chromium on a browser-mode kiosk (kiosk-config/linux/README.md
 * lists them with the same reasons). Each flag is here because a citizen, a crash or a power cut
 * would otherwise see something that is not the kiosk. What flags cannot forbid (DevTools,
 * printing, downloads, other addresses) the managed policy forbids
 * (kiosk-config/linux/chromium/tsonkh-policy.json).
 */
export function kioskChromiumArgs(options: { url: string; profileDir: string }): string[] {
  return [
    // Full screen with no address bar, tabs or menus, and no way out through the browser's own UI.
    '--kiosk',
    // cage is a Wayland compositor.
    '--ozone-platform=wayland',
    // A persistent profile: the outbox lives in this profile's IndexedDB and must survive every
    // restart. Never --incognito (it would throw queued submissions away at each crash).
    `--user-data-dir=${options.profileDir}`,
    // No first-run, default-browser or "restore pages?" prompts over the kiosk after a kill or a power cut.
    '--no-first-run',
    '--no-default-browser-check',
    '--hide-crash-restore-bubble',
    '--noerrdialogs',
    // Touch screen: no pinch zoom, no swipe back or forward out of the form.
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    // No translate bar over Mongolian text, no casting menu, no keyring prompt (no desktop keyring).
    '--disable-features=Translate,MediaRouter',
    '--password-store=basic',
    // Debian updates Chromium through apt; no in-browser update nag.
    '--check-for-update-interval=31536000',
    // The session supervisor watches the page for crashes and hangs over fds 3 and 4, which only
    // its own child can use: no TCP debugging port anyone else on the machine could reach.
    '--remote-debugging-pipe',
    options.url,
  ];
}
