import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/*
 * Pictures of a kiosk's QR code for the "take a kiosk by QR" flow: a Y4M video that Chromium's
 * fake camera plays in a loop (--use-file-for-fake-video-capture), and a PNG for the photo path.
 * The Y4M is written here, not by a tool: a 4:2:0 stream is a text header and raw planes.
 */

export interface QrVideoOptions {
  width?: number;
  height?: number;
  /** Frames in the file; Chromium loops them, and a still picture needs few. */
  frames?: number;
  fps?: number;
}

/** Light (1) / dark (0) pixels of the code centred on a white `width` × `height` picture. */
function qrLuma(text: string, width: number, height: number): Uint8Array {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  // Four modules of quiet zone on each side, as the QR standard asks of every reader's input.
  const moduleCount = modules.size + 8;
  const scale = Math.floor((Math.min(width, height) * 0.8) / moduleCount);
  if (scale < 2) throw new Error(`a ${width}×${height} picture is too small for this QR code`);
  const side = modules.size * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = new Uint8Array(width * height).fill(235);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++) {
        const start = (top + row * scale + y) * width + left + col * scale;
        luma.fill(16, start, start + scale);
      }
    }
  }
  return luma;
}

/** Writes `text` as a QR code into a Y4M (YUV 4:2:0, grey) video at `file`. */
export function writeQrY4m(file: string, text: string, opts: QrVideoOptions = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  if (width % 2 || height % 2) throw new Error('4:2:0 needs an even width and height');
  const frames = opts.frames ?? 2;
  const luma = qrLuma(text, width, height);
  // No colour: both chroma planes at their neutral value.
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const header = Buffer.from(
    `YUV4MPEG2 W${width} H${height} F${opts.fps ?? 10}:1 Ip A1:1 C420jpeg\n`,
    'ascii',
  );
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma]);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return file;
}

/** Writes `text` as a QR code into a PNG at `file` (the photo path of the QR take). */
export async function writeQrPng(file: string, text: string): Promise<string> {
  await QRCode.toFile(file, text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return file;
}
