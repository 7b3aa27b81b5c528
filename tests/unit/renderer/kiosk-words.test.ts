import { describe, expect, it } from 'vitest';
import { initI18n } from '../../../src-renderer/i18n/index.js';
import en from '../../../src-renderer/i18n/locales/en.json';
import kk from '../../../src-renderer/i18n/locales/kk.json';
import mn from '../../../src-renderer/i18n/locales/mn.json';

const LOCALES = { mn, kk, en };

describe('Kazakh dates and numbers take their case ending', () => {
  it('the petition due date: «2027.01.02-ге дейін», «2027.01.06-ға дейін»', async () => {
    const i18n = await initI18n('kk');
    expect(i18n.t('petition.due', { days: 30, date: '2027.01.02' })).toBe(
      'Жауап 30 күн ішінде, 2027.01.02-ге дейін берілуі тиіс.',
    );
    expect(i18n.t('petition.due', { days: 30, date: '2027.01.06' })).toContain('2027.01.06-ға дейін');
    expect(i18n.t('petition.due', { days: 30, date: '2027.01.04' })).toContain('2027.01.04-ке дейін');
    // 110 articles: "жүз он" → онға.
    expect(i18n.t('laws.goToError', { max: 110 })).toContain('1-ден 110-ға дейінгі');
  });

  it('Mongolian and English show the date as it is, and Mongolian says «дотор» once', async () => {
    const mnT = (await initI18n('mn')).t;
    expect(mnT('petition.due', { days: 30, date: '2027.01.02' })).toBe(
      'Хариуг 30 хоногийн дотор буюу 2027.01.02 гэхэд өгөх ёстой.',
    );
    const enT = (await initI18n('en')).t;
    expect(enT('petition.due', { days: 30, date: '2 Jan 2027' })).toBe(
      'The answer must be given within 30 days, by 2 Jan 2027.',
    );
  });

  it('the petition steps use natural Kazakh', () => {
    expect(kk.petition.steps.category).toBe('Өтініштің түрі');
    expect(kk.petition.text).toBe('Өтініштің мәтіні');
    expect(JSON.stringify(kk)).not.toMatch(/Не бересіз|Жазатыныңыз/u);
  });
});

describe('words a citizen understands', () => {
  for (const [lang, strings] of Object.entries(LOCALES)) {
    it(`${lang}: the two «finish» buttons of assisted mode have different names`, () => {
      expect(strings.receipt.done).not.toBe(strings.assisted.end);
      expect(strings.assisted.end).not.toBe(strings.idle.finish);
    });

    it(`${lang}: the way into assisted mode says it is for staff`, () => {
      expect(strings.assisted.open).toMatch(/^(Ажилтанд|Қызметкерге|Staff only):/u);
    });

    it(`${lang}: the consent says who will read it, not that nobody will`, () => {
      expect(strings.consent.text).toContain('11-11');
      expect(strings.consent.text).not.toMatch(/өөр хүн харахгүй|басқа адам көрмейді|nobody else/u);
    });

    it(`${lang}: sync progress in the header has no parts or kilobytes`, () => {
      for (const text of Object.values(strings.network)) expect(text).not.toMatch(/\{\{(items|kb)\}\}|КБ|KB/u);
      expect(strings.technician.downloadProgressOf).toMatch(/\{\{kb\}\}/u);
    });
  }
});
