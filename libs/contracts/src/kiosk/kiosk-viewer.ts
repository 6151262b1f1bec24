/**
 * Who asks, for kiosk visibility: admins see every kiosk; an API key (`kioskTags` set) the kiosks
 * carrying one of its tags; other users the kiosks assigned to them.
 */
export interface KioskViewer {
  id: string;
  role: string;
  kioskTags?: readonly string[];
}
