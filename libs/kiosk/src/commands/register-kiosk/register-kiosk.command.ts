export class RegisterKioskCommand {
  constructor(
    readonly serial: string,
    readonly name: string,
    readonly location: { lat: number; lng: number; address?: string | null },
    readonly tags: string[],
  ) {}
}
