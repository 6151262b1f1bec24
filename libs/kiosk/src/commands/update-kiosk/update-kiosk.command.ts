export class UpdateKioskCommand {
  constructor(
    readonly kioskId: number,
    readonly changes: {
      name?: string;
      location?: { lat: number; lng: number; address?: string | null };
      tags?: string[];
    },
  ) {}
}
