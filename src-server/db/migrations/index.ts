import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-sealed-submissions-and-status.js';
import * as m0003 from './0003-law-comments-and-kiosk-place.js';
import * as m0004 from './0004-operators-sessions-audit.js';
import * as m0005 from './0005-unique-tracking-numbers.js';
import * as m0006 from './0006-cases.js';
import * as m0007 from './0007-publications.js';
import * as m0008 from './0008-receipt-secrets-and-answers.js';
import * as m0009 from './0009-console-indexes-and-report-facts.js';
import * as m0010 from './0010-clock-doubt.js';
import * as m0011 from './0011-kiosk-enrolment.js';
import * as m0012 from './0012-kiosk-settings.js';
import * as m0013 from './0013-kiosk-presentation-and-staff.js';
import * as m0014 from './0014-kiosk-health.js';
import * as m0016 from './0016-open-data.js';
import * as m0017 from './0017-hearing-signups.js';
import * as m0018 from './0018-releases.js';

/**
 * Every migration, by name, in order. A static list (no filesystem discovery) works the same
 * under tsx, a bundler or a compiled build. Only ever add entries; never edit a shipped one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-sealed-submissions-and-status': m0002,
  '0003-law-comments-and-kiosk-place': m0003,
  '0004-operators-sessions-audit': m0004,
  '0005-unique-tracking-numbers': m0005,
  '0006-cases': m0006,
  '0007-publications': m0007,
  '0008-receipt-secrets-and-answers': m0008,
  '0009-console-indexes-and-report-facts': m0009,
  '0010-clock-doubt': m0010,
  '0011-kiosk-enrolment': m0011,
  '0012-kiosk-settings': m0012,
  '0013-kiosk-presentation-and-staff': m0013,
  '0014-kiosk-health': m0014,
  '0016-open-data': m0016,
  '0017-hearing-signups': m0017,
  '0018-releases': m0018,
};
