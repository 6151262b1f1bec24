import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import * as QRCode from 'qrcode';
import { KioskRepository } from '../../registry/kiosk.repository';
import { assertVisible } from '../../services/kiosk-access';
import { GetKioskQrQuery } from './get-kiosk-qr.query';

export interface KioskQr {
  contentType: 'image/png' | 'image/svg+xml';
  body: Buffer | string;
}

/** The QR of the kiosk's claim code, to print and stick on the unit. */
@QueryHandler(GetKioskQrQuery)
export class GetKioskQrHandler implements IQueryHandler<GetKioskQrQuery, KioskQr> {
  constructor(private readonly kiosks: KioskRepository) {}

  async execute({ user, kioskId, format }: GetKioskQrQuery): Promise<KioskQr> {
    const kiosk = assertVisible(await this.kiosks.find(kioskId), user);
    const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
    if (format === 'svg') {
      return {
        contentType: 'image/svg+xml',
        body: await QRCode.toString(kiosk.code, { ...options, type: 'svg' }),
      };
    }
    return {
      contentType: 'image/png',
      body: await QRCode.toBuffer(kiosk.code, { ...options, type: 'png', width: 320 }),
    };
  }
}
