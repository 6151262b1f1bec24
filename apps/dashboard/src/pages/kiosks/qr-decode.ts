import type { IScannerControls } from '@zxing/browser';

/** Between decode attempts on the video; fast enough to feel instant, light on a phone's CPU. */
const SCAN_INTERVAL_MS = 150;

// zxing loads with the first scan, not with the page: most visits to the page never need it.
async function reader() {
  const { BrowserQRCodeReader } = await import('@zxing/browser');
  return new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: SCAN_INTERVAL_MS });
}

/**
 * Decodes continuously from the camera (the rear one on a phone) into `video` until a QR is read;
 * `onText` gets its text once and the camera is released. Rejects when the camera cannot start.
 */
export async function scanCamera(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<IScannerControls> {
  const qr = await reader();
  let done = false;
  return qr.decodeFromConstraints(
    { video: { facingMode: 'environment' } },
    video,
    (result, _error, controls) => {
      // Frames without a code report NotFoundException; only a result matters.
      if (!result || done) return;
      done = true;
      controls.stop();
      onText(result.getText());
    },
  );
}

/**
 * The text of the QR in a picture, or null when none can be read in it. The image is decoded by the
 * browser first (`img.decode()`): zxing's own wait for the load event can miss it and then never
 * settles, which left the page waiting forever on a busy machine.
 */
export async function decodeImage(file: Blob): Promise<string | null> {
  const qr = await reader();
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return (await qr.decodeFromImageElement(img)).getText();
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}
