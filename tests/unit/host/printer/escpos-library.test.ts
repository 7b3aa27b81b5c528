import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EscPosJob } from '../../../../src-main/printer/escpos.js';
import { buildReceiptBytes, trackUrl } from '../../../../src-main/printer/receipt-layout.js';
import { makeTrackingNumber } from '../../../../src-shared/rules/tracking-number.js';
import { decodeEscPos } from '../../../support/escpos-decoder.js';
import { receiptJob, TRACKING_NO, validConfig } from '../fixtures.js';

const kiosk = validConfig();
const OTHER_NO = makeTrackingNumber('0421', 124).text;

/** What a bare node-thermal-printer, used the plain way, writes for one call. */
function bare(call: (printer: ThermalPrinter) => void): Buffer {
  const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, width: 48 } as ConstructorParameters<
    typeof ThermalPrinter
  >[0]);
  call(printer);
  return printer.getBuffer();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('node-thermal-printer writes the jobs', () => {
  for (const text of ['raster', 'kz1048'] as const) {
    it(`a ${text} receipt is the buffer of one fresh ThermalPrinter, never executed`, () => {
      const getBuffer = vi.spyOn(ThermalPrinter.prototype, 'getBuffer');
      const printBarcode = vi.spyOn(ThermalPrinter.prototype, 'printBarcode');
      const printQR = vi.spyOn(ThermalPrinter.prototype, 'printQR');
      const cut = vi.spyOn(ThermalPrinter.prototype, 'cut');
      const setCharacterSet = vi.spyOn(ThermalPrinter.prototype, 'setCharacterSet');
      const execute = vi.spyOn(ThermalPrinter.prototype, 'execute');

      const bytes = buildReceiptBytes(receiptJob(), kiosk, { width: 48, text });

      expect(getBuffer).toHaveBeenCalledTimes(1);
      expect(getBuffer.mock.results[0]!.value).toEqual(bytes);
      const instance = getBuffer.mock.contexts[0];
      expect(instance).toBeInstanceOf(ThermalPrinter);
      for (const spy of [printBarcode, printQR, cut]) {
        expect(spy).toHaveBeenCalledTimes(1);
        expect(spy.mock.contexts[0]).toBe(instance);
      }
      expect(printBarcode).toHaveBeenCalledWith(TRACKING_NO, 73, { hriPos: 0, hriFont: 0, width: 2, height: 80 });
      expect(printQR).toHaveBeenCalledWith(trackUrl(kiosk.publicSite, TRACKING_NO), expect.anything());
      expect(setCharacterSet.mock.calls).toEqual(text === 'kz1048' ? [[CharacterSet.KZ1048_KAZAKHSTAN]] : []);
      expect(execute).not.toHaveBeenCalled();
    });

    it(`${text}: barcode, QR, start and end are byte for byte what a bare ThermalPrinter writes`, () => {
      const bytes = buildReceiptBytes(receiptJob(), kiosk, { width: 48, text });
      const url = trackUrl(kiosk.publicSite, TRACKING_NO);
      const barcode = bare((p) => p.printBarcode(TRACKING_NO, 73, { hriPos: 0, hriFont: 0, width: 2, height: 80 }));
      const qr = bare((p) => p.printQR(url, { model: 2, cellSize: 6, correction: 'M' }));
      expect(bytes.includes(Buffer.concat([bare((p) => p.alignCenter()), barcode]))).toBe(true);
      expect(bytes.includes(Buffer.concat([bare((p) => p.alignCenter()), qr]))).toBe(true);
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
      const end = bare((p) => p.cut({ verticalTabAmount: 1 }));
      expect(bytes.subarray(bytes.length - end.length)).toEqual(end);
      if (text === 'kz1048') {
        expect(bytes.subarray(2, 5)).toEqual(bare((p) => p.setCharacterSet(CharacterSet.KZ1048_KAZAKHSTAN)));
        expect(bytes.includes(bare((p) => p.drawLine('-')))).toBe(true);
        expect(
          bytes.includes(
            bare((p) => {
              p.setTextQuadArea();
              p.bold(true);
            }),
          ),
        ).toBe(true);
      }
    });
  }

  it('a second job never contains the first, whatever order and strategy', () => {
    const contexts = vi.spyOn(ThermalPrinter.prototype, 'getBuffer');
    const first = buildReceiptBytes(receiptJob({ trackingNo: OTHER_NO, lang: 'kk' }), kiosk, {
      width: 48,
      text: 'kz1048',
    });
    const second = buildReceiptBytes(receiptJob(), kiosk, { width: 48 });
    expect(contexts.mock.contexts[0]).not.toBe(contexts.mock.contexts[1]);

    expect(first.includes(Buffer.from(OTHER_NO))).toBe(true);
    expect(second.includes(Buffer.from(OTHER_NO))).toBe(false);
    expect(second.includes(Buffer.from(TRACKING_NO))).toBe(true);
    // Built alone it is the same bytes: nothing of the first job reached it.
    contexts.mockRestore();
    expect(second.equals(buildReceiptBytes(receiptJob(), kiosk, { width: 48 }))).toBe(true);
    // The KZ-1048 code page of the first job does not leak into the raster one.
    const decoded = decodeEscPos(second);
    expect(decoded.codePages).toEqual([]);
    expect(decoded.cuts).toBe(1);
    expect(second.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
  });

  it('a finished job takes nothing more, and payloads the library would mis-count are refused', () => {
    const job = new EscPosJob(48);
    expect(() => job.qr('https://tsonkh.gov.mn/хууль', 6)).toThrow(/ASCII/);
    expect(() => job.barcode('№12', 2, 80)).toThrow(/ASCII/);
    job.finish();
    expect(() => job.newLine()).toThrow(/finished/);
  });
});
