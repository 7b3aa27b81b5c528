import { ENGLISH_MONTHS, KAZAKH_MONTHS } from '../../src-shared/format.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { SubmissionKind } from '../../src-shared/schemas/submission.js';

/** The fixed wording of printed paper in one language. */
export interface ReceiptText {
  /** What happened, per kind of submission. */
  heading: Record<SubmissionKind, string>;
  /** What the citizen does next, per kind. */
  nextStep: Record<SubmissionKind, string>;
  trackingLabel: string;
  keepReceipt: string;
  scanHint: string;
  /** The due date and how many days that is, in plain words. */
  due(date: string, days: number): string;
  /** A calendar date in words: `2026 оны 12-р сарын 26`. */
  date(year: number, month: number, day: number): string;
  reprint: string;
  /** Library prints: where the full text is. */
  fullText: string;
  printedAt: string;
  /** The receipt's secret: its label, and what it is for. */
  secretLabel: string;
  secretHint: string;
  /** A printed answer: heading, the number it belongs to, when it was answered. */
  answer: { heading: string; numberLabel: string; answeredOn: string; keep: string };
  testPage: { title: string; raster: string; text: string; sample: string; choose: string };
}

/** Every Mongolian and Kazakh letter: a printer whose code page 53 is not KZ-1048 gets some of them wrong. */
const SAMPLE = 'АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ өү әғқңұһі ӘҒҚҢҰҺІ №12';

/**
 * Receipt wording. Printed paper cannot be fixed after the fact, so it lives here, reviewed
 * with the rest of the host, in plain words a rural citizen reads without help.
 */
export const RECEIPT_TEXT: Record<Language, ReceiptText> = {
  mn: {
    heading: {
      service_application: 'Таны өргөдлийг бүртгэлээ',
      petition: 'Таны өргөдөл, гомдлыг бүртгэлээ',
      law_comment: 'Таны саналыг бүртгэлээ',
      service_feedback: 'Таны үнэлгээг бүртгэлээ',
      hearing_signup: 'Сонсголд оролцох хүсэлтийг тань бүртгэлээ',
    },
    nextStep: {
      service_application: 'Хариуг энэ дугаараар аль ч ТҮЦ машинаас эсвэл утсаараа QR кодыг уншуулж шалгана уу.',
      petition: 'Таны өргөдөл, гомдолд хуулийн хугацаанд хариу өгнө. Явцыг энэ дугаараар шалгана уу.',
      law_comment: 'Таны саналыг хууль боловсруулж буй байгууллагад хүргэнэ.',
      service_feedback: 'Таны үнэлгээ үйлчилгээг сайжруулахад тусална. Баярлалаа.',
      hearing_signup: 'Зохион байгуулагч тантай утсаар холбогдоно. Сонсголын өдөр, цаг, газрыг энэ баримтаас харна уу.',
    },
    trackingLabel: 'Өргөдлийн дугаар',
    keepReceipt: 'Энэ баримтыг хадгална уу. Энэ дугаараар өргөдлийнхөө явцыг аль ч ТҮЦ машинаас шалгаж болно.',
    scanHint: 'Утсаараа уншуулж явцаа харна уу',
    due: (date, days) => `Хариу өгөх хугацаа: ${date} (${days} хоногийн дотор)`,
    date: (y, m, d) => `${y} оны ${m}-р сарын ${d}`,
    reprint: 'ДАХИН ХЭВЛЭСЭН',
    fullText: 'Бүтэн эхийг QR кодоор уншина уу',
    printedAt: 'Хэвлэсэн',
    secretLabel: 'Нууц код',
    secretHint: 'Хариугаа ТҮЦ машинаас уншихад энэ код хэрэгтэй. Хэнд ч бүү үзүүл.',
    answer: {
      heading: 'Таны өргөдлийн хариу',
      numberLabel: 'Өргөдлийн дугаар',
      answeredOn: 'Хариу өгсөн',
      keep: 'Энэ хариуг хадгална уу.',
    },
    testPage: {
      title: 'Хэвлэгчийн туршилтын хуудас',
      raster: 'Зургаар (raster)',
      text: 'Текстээр (KZ-1048)',
      sample: SAMPLE,
      choose: 'Хоёр мөр адилхан бол "kz1048", үгүй бол "raster" сонгоно.',
    },
  },
  kk: {
    heading: {
      service_application: 'Өтінішіңіз тіркелді',
      petition: 'Өтініш-шағымыңыз тіркелді',
      law_comment: 'Ұсынысыңыз тіркелді',
      service_feedback: 'Бағаңыз тіркелді',
      hearing_signup: 'Тыңдауға қатысу өтінішіңіз тіркелді',
    },
    nextStep: {
      service_application:
        'Жауабын осы нөмір арқылы кез келген ТҮЦ машинасынан немесе QR кодты телефонмен оқып тексеріңіз.',
      petition: 'Өтініш-шағымыңызға заңды мерзімде жауап беріледі. Барысын осы нөмір арқылы тексеріңіз.',
      law_comment: 'Ұсынысыңыз заң жобасын әзірлеуші мекемеге жеткізіледі.',
      service_feedback: 'Бағаңыз қызметті жақсартуға көмектеседі. Рахмет.',
      hearing_signup:
        'Ұйымдастырушы сізге телефон арқылы хабарласады. Тыңдаудың күні, уақыты мен орны осы түбіртекте жазылған.',
    },
    trackingLabel: 'Өтініш нөмірі',
    keepReceipt:
      'Осы түбіртекті сақтаңыз. Осы нөмір арқылы өтінішіңіздің барысын кез келген ТҮЦ машинасынан тексере аласыз.',
    scanHint: 'Телефонмен оқып, барысын қараңыз',
    due: (date, days) => `Жауап беру мерзімі: ${date} (${days} күн ішінде)`,
    date: (y, m, d) => `${y} жылғы ${d} ${KAZAKH_MONTHS[m - 1]}`,
    reprint: 'ҚАЙТА БАСЫЛДЫ',
    fullText: 'Толық мәтінін QR код арқылы оқыңыз',
    printedAt: 'Басылды',
    secretLabel: 'Құпия код',
    secretHint: 'Жауабыңызды ТҮЦ машинасынан оқу үшін осы код керек. Ешкімге көрсетпеңіз.',
    answer: {
      heading: 'Өтінішіңізге берілген жауап',
      numberLabel: 'Өтініш нөмірі',
      answeredOn: 'Жауап берілген күн',
      keep: 'Осы жауапты сақтаңыз.',
    },
    testPage: {
      title: 'Принтердің сынақ беті',
      raster: 'Сурет ретінде (raster)',
      text: 'Мәтін ретінде (KZ-1048)',
      sample: SAMPLE,
      choose: 'Екі жол бірдей болса "kz1048", болмаса "raster" таңдаңыз.',
    },
  },
  en: {
    heading: {
      service_application: 'Your application is registered',
      petition: 'Your petition is registered',
      law_comment: 'Your comment is registered',
      service_feedback: 'Your feedback is registered',
      hearing_signup: 'Your wish to take part in the hearing is registered',
    },
    nextStep: {
      service_application:
        'Check the answer with this number at any Public Service Machine, or scan the QR code with your phone.',
      petition: 'Your petition will be answered within the legal time limit. Check its progress with this number.',
      law_comment: 'Your comment will be passed to the body drafting the law.',
      service_feedback: 'Your feedback helps to improve the service. Thank you.',
      hearing_signup: 'The organiser will call you. The day, time and place of the hearing are on this receipt.',
    },
    trackingLabel: 'Tracking number',
    keepReceipt:
      'Keep this receipt. You can check the status of your application at any Public Service Machine with this number.',
    scanHint: 'Scan with your phone to see the status',
    due: (date, days) => `Answer due by ${date} (within ${days} days)`,
    date: (y, m, d) => `${d} ${ENGLISH_MONTHS[m - 1]} ${y}`,
    reprint: 'REPRINT',
    fullText: 'Scan the QR code for the full text',
    printedAt: 'Printed',
    secretLabel: 'Secret code',
    secretHint: 'You need this code to read your answer at a kiosk. Do not show it to anyone.',
    answer: {
      heading: 'The answer to your request',
      numberLabel: 'Request number',
      answeredOn: 'Answered on',
      keep: 'Please keep this answer.',
    },
    testPage: {
      title: 'Printer test page',
      raster: 'As an image (raster)',
      text: 'As text (KZ-1048)',
      sample: SAMPLE,
      choose: 'If both lines look the same choose "kz1048", otherwise "raster".',
    },
  },
};

/** `2026-12-26` in words for `lang`. */
export function dateInWords(isoDate: string, lang: Language): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return RECEIPT_TEXT[lang].date(y, m, d);
}
