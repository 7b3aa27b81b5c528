import { z } from 'zod';

/** Why a print failed, for the renderer to word: what the printer said, or what the link did. */
export const printerProblemSchema = z.enum([
  'paper_out',
  'cover_open',
  'offline',
  'disconnected',
  'timeout',
  'unknown',
]);
export type PrinterProblem = z.infer<typeof printerProblemSchema>;
