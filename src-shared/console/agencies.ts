import { z } from 'zod';

/**
 * The agencies a case can be forwarded to, by the id an agency handler's account carries
 * (`agencyIdSchema` in console-api.ts). The names are those of the content catalogue's
 * services (`agency` of each service), Mongolian first, then English.
 */
export const AGENCIES = [
  { id: 'state-registration', mn: 'Улсын бүртгэлийн ерөнхий газар', en: 'General Authority for State Registration' },
  { id: 'social-insurance', mn: 'Нийгмийн даатгалын ерөнхий газар', en: 'General Office of Social Insurance' },
  {
    id: 'labour-welfare',
    mn: 'Хөдөлмөр, халамжийн үйлчилгээний ерөнхий газар',
    en: 'General Office for Labour and Welfare Services',
  },
  { id: 'taxation', mn: 'Татварын ерөнхий газар', en: 'General Department of Taxation' },
  { id: 'police', mn: 'Цагдаагийн ерөнхий газар', en: 'National Police Agency' },
  { id: 'traffic-police', mn: 'Тээврийн цагдаагийн алба', en: 'Traffic Police Department' },
  {
    id: 'land-administration',
    mn: 'Газар зохион байгуулалт, геодези, зураг зүйн газар',
    en: 'Agency for Land Administration and Management, Geodesy and Cartography',
  },
  { id: 'education', mn: 'Боловсролын яам', en: 'Ministry of Education' },
  { id: 'soum-governor', mn: 'Сумын Засаг даргын Тамгын газар', en: "Soum Governor's Office" },
  { id: 'citizens-chamber', mn: 'Иргэдийн танхим', en: "Citizens' Chamber" },
] as const;

export type Agency = (typeof AGENCIES)[number];
export type KnownAgencyId = Agency['id'];

const AGENCY_IDS = AGENCIES.map((a) => a.id) as [KnownAgencyId, ...KnownAgencyId[]];

/** An agency of the catalogue (a case can be forwarded only to one of these). */
export const knownAgencyIdSchema = z.enum(AGENCY_IDS, { error: 'not an agency of the catalogue (AGENCIES)' });

/** The agency with this id, or undefined. */
export function findAgency(id: string): Agency | undefined {
  return AGENCIES.find((a) => a.id === id);
}
