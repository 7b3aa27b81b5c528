import { describe, expect, it } from 'vitest';
import { createHostServices } from '../../../../src-main/bridge/host-services.js';
import { createPrinter } from '../../../../src-main/printer/create-printer.js';
import { tempDir, validConfig } from '../fixtures.js';

describe('printer.configure (remote settings)', () => {
  it('changes the roll width and text for the next jobs, and refuses a width it has no layout for', async () => {
    const temp = await tempDir('configure');
    const config = validConfig(temp.dir);
    const printer = createPrinter(config);
    expect(await printer.status()).toMatchObject({ width: 48, text: 'raster' });
    expect(await printer.configure!({ width: 32, text: 'kz1048' })).toEqual({ width: 32, text: 'kz1048' });
    expect(await printer.status()).toMatchObject({ width: 32, text: 'kz1048' });
    await expect(printer.configure!({ width: 40 })).rejects.toThrow(/printer width 40 is not supported/);
    expect(await printer.status()).toMatchObject({ width: 32, text: 'kz1048' });
    // Through the bridge: a refusal is a printer_error with the reason.
    const host = createHostServices({
      config,
      printer,
      transport: {} as never,
      journal: {} as never,
      mode: 'browser',
    });
    await expect(host['printer.configure']({ width: 40 })).rejects.toMatchObject({ code: 'printer_error' });
    expect(await host['printer.configure']({ width: 48 })).toEqual({ width: 48, text: 'kz1048' });
    await temp.remove();
  });
});
