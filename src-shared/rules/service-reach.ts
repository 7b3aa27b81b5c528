import type { LocalizedText } from '../schemas/localized-text.js';

/**
 * Words that send the citizen to the machine they are standing at: «энэ ТҮЦ машин», «ТҮЦ машин
 * дээр», «энд»; «осы ТҮЦ», «мұнда»; "this kiosk", "this machine", "here". A service that says so
 * must let the citizen apply here (have a form), or the page sends them round in a circle:
 * "apply at this machine" above, "this machine cannot take it" below.
 */
const THIS_KIOSK: readonly RegExp[] = [
  /(^|[^\p{L}])энэ\s+(ТҮЦ|машин)/iu,
  /ТҮЦ\s+машин\s+дээр/iu,
  /(^|[^\p{L}])энд([^\p{L}]|$)/iu,
  /(^|[^\p{L}])осы\s+(ТҮЦ|машина|терминал)/iu,
  /(^|[^\p{L}])мұнда([^\p{L}]|$)/iu,
  /\bthis\s+(kiosk|machine|terminal)\b/i,
  /\bhere\b/i,
];

/** Whether any language of the text sends the citizen to this very machine. */
export function pointsAtThisKiosk(text: LocalizedText): boolean {
  return [text.mn, text.kk, text.en].some((t) => t !== undefined && THIS_KIOSK.some((re) => re.test(t)));
}

/** What of a service a reach check reads. */
export interface ServiceReachInput {
  id: string;
  formId?: string | undefined;
  whereToApply: LocalizedText;
  processingTime: LocalizedText;
}

/**
 * Every service is one of two things: requestable here (it has a form), or done elsewhere (and
 * then its words say where, without pointing back at the kiosk). The problem, in words, for a
 * service that is neither; null when it is fine. The publisher refuses such a service.
 */
export function serviceReachProblem(
  service: ServiceReachInput,
): { field: 'whereToApply' | 'processingTime'; message: string } | null {
  if (service.formId !== undefined) return null;
  for (const field of ['whereToApply', 'processingTime'] as const) {
    if (pointsAtThisKiosk(service[field])) {
      return {
        field,
        message:
          `service "${service.id}" says it is done at this machine («${service[field].mn}») but has no form: ` +
          'give it a form (formId) so citizens can request it here, or say in whereToApply where they go instead',
      };
    }
  }
  return null;
}
