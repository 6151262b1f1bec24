import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { writeQrY4m } from './support/qr-media';

/*
 * The fake camera's video is written by hand (qr-media.ts): a QR reader must find the code in its
 * frames, or the dashboard's camera test would fail for the fixture's sake, not the page's.
 */
describe('QR video for the fake camera', () => {
  it('is a 4:2:0 Y4M whose every frame shows the code a reader decodes', () => {
    const file = writeQrY4m(join(mkdtempSync(join(tmpdir(), 'qr-y4m-')), 'code.y4m'), 'KF-7Q2M9XK4', {
      width: 320,
      height: 240,
      frames: 3,
    });
    const data = readFileSync(file);
    const headerEnd = data.indexOf(0x0a);
    expect(data.subarray(0, headerEnd).toString('ascii')).toBe('YUV4MPEG2 W320 H240 F10:1 Ip A1:1 C420jpeg');
    const frameBytes = 'FRAME\n'.length + 320 * 240 * 1.5;
    expect(data.length).toBe(headerEnd + 1 + 3 * frameBytes);

    for (let f = 0; f < 3; f++) {
      const start = headerEnd + 1 + f * frameBytes;
      expect(data.subarray(start, start + 6).toString('ascii')).toBe('FRAME\n');
      const luma = Uint8ClampedArray.from(data.subarray(start + 6, start + 6 + 320 * 240));
      const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, 320, 240)));
      expect(new QRCodeReader().decode(bitmap).getText()).toBe('KF-7Q2M9XK4');
    }
  });
});
