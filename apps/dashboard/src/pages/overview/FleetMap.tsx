import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { STATUS_COLORS } from '../../components/StatusPill';
import { getConfig } from '../../config';
import type { KioskDto } from '../../feed/events';
import i18n from '../../i18n';

interface Marked {
  marker: L.CircleMarker;
  status: KioskDto['status'];
  lat: number;
  lng: number;
}

/**
 * The kiosks on a map, one dot per kiosk in its status colour. Dots are drawn on one canvas (10,000
 * SVG elements would not stay smooth) and only the dots whose status or position changed are
 * touched when the data moves. Tiles come from DASHBOARD_TILE_URL; when none load (offline site, no
 * tile server configured) the dots are still drawn on a plain background.
 */
export default function FleetMap({
  kiosks,
  label,
  loaded,
}: {
  kiosks: readonly KioskDto[];
  label: string;
  /** Every kiosk has been read: an empty list now means there is nothing to draw. */
  loaded: boolean;
}) {
  const { t } = useTranslation('overview');
  const navigate = useNavigate();
  const host = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.FeatureGroup | null>(null);
  const marked = useRef(new Map<number, Marked>());
  const fitted = useRef(false);
  const [tilesDown, setTilesDown] = useState(() => getConfig().tileUrl === '');
  const openKiosk = useRef((id: number) => navigate(`/kiosks/${id}`));
  openKiosk.current = (id: number) => navigate(`/kiosks/${id}`);

  useEffect(() => {
    if (!host.current) return;
    const { tileUrl, tileAttribution } = getConfig();
    const m = L.map(host.current, {
      renderer: new GuardedCanvas(),
      worldCopyJump: true,
      zoomControl: true,
    }).setView([0, 0], 2);
    if (tileUrl) {
      let loaded = 0;
      let failed = 0;
      L.tileLayer(tileUrl, { attribution: tileAttribution, maxZoom: 19 })
        .on('tileload', () => {
          loaded++;
          setTilesDown(false);
        })
        .on('tileerror', () => {
          failed++;
          if (loaded === 0 && failed >= 2) setTilesDown(true);
        })
        .addTo(m);
    }
    layer.current = L.featureGroup().addTo(m);
    map.current = m;
    const tracked = marked.current;
    return () => {
      // Stop pending pans/zooms first: Leaflet's canvas renderer would otherwise redraw into a
      // destroyed canvas once their timers fire (Leaflet#6030-style race on unmount).
      m.stop();
      m.off();
      m.remove();
      map.current = null;
      layer.current = null;
      tracked.clear();
      fitted.current = false;
    };
  }, []);

  useEffect(() => {
    const group = layer.current;
    if (!group) return;
    const seen = new Set<number>();
    for (const k of kiosks) {
      if (k.status === 'decommissioned') continue;
      seen.add(k.id);
      const { lat, lng } = k.location;
      const existing = marked.current.get(k.id);
      if (!existing) {
        const marker = L.circleMarker([lat, lng], dotStyle(k.status))
          // Read at opening time: the current status, in the current language.
          .bindTooltip(() =>
            tooltip(k.name, i18n.t(`common:status.${marked.current.get(k.id)?.status ?? k.status}`)),
          )
          .on('click', () => openKiosk.current(k.id));
        marker.addTo(group);
        marked.current.set(k.id, { marker, status: k.status, lat, lng });
        continue;
      }
      if (existing.status !== k.status) {
        existing.marker.setStyle(dotStyle(k.status));
        existing.status = k.status;
      }
      if (existing.lat !== lat || existing.lng !== lng) {
        existing.marker.setLatLng([lat, lng]);
        existing.lat = lat;
        existing.lng = lng;
      }
    }
    for (const [id, m] of marked.current) {
      if (seen.has(id)) continue;
      m.marker.remove();
      marked.current.delete(id);
    }
    // Frame the fleet once, when it first has kiosks; later moves are the user's.
    if (!fitted.current && marked.current.size > 0 && map.current) {
      map.current.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 14, animate: false });
      fitted.current = true;
    }
  }, [kiosks]);

  return (
    <div className="relative">
      <div
        ref={host}
        role="region"
        aria-label={label}
        className="h-80 w-full overflow-hidden rounded-b-lg bg-slate-100 sm:h-[26rem]"
        style={{ background: '#e2e8f0' }}
      />
      {loaded && kiosks.length === 0 && (
        <p className="pointer-events-none absolute inset-0 z-[500] grid place-items-center text-sm text-slate-700">
          {t('map.empty')}
        </p>
      )}
      {tilesDown && (
        <p className="pointer-events-none absolute bottom-2 left-2 z-[500] rounded bg-white/90 px-2 py-1 text-xs text-slate-700 shadow">
          {t('map.noTiles')}
        </p>
      )}
    </div>
  );
}

/**
 * Leaflet's canvas renderer can reach a scheduled redraw after its canvas is gone (removal deletes
 * its context while a path update or pan frame still calls `_redraw`), which throws "reading
 * 'clearRect'" — seen while live status updates restyle dots. A redraw with no canvas has nothing to
 * draw, so it is skipped.
 */
const GuardedCanvas = L.Canvas.extend({
  _redraw(this: { _ctx?: CanvasRenderingContext2D }) {
    if (!this._ctx) return;
    (L.Canvas.prototype as unknown as { _redraw(this: unknown): void })._redraw.call(this);
  },
}) as new () => L.Canvas;

function dotStyle(status: KioskDto['status']): L.CircleMarkerOptions {
  return { radius: 6, color: '#ffffff', weight: 1.5, fillColor: STATUS_COLORS[status], fillOpacity: 0.95 };
}

/** Built as DOM nodes, never as HTML: kiosk names are user input. */
function tooltip(name: string, status: string): HTMLElement {
  const el = document.createElement('div');
  const strong = document.createElement('strong');
  strong.textContent = name;
  el.append(strong, document.createElement('br'), status);
  return el;
}
