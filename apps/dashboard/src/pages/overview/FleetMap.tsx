import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { STATUS_COLORS } from '../../components/StatusPill';
import { getConfig } from '../../config';
import { DotsLayer, type Dot } from './dots-layer';
import type { MapPoint } from '../../feed/fleet-cache';
import i18n from '../../i18n';

/**
 * The kiosks on a map, one dot per kiosk in its status colour, all drawn on one canvas in one pass
 * per colour (DotsLayer): 10,000 dots are redrawn in a few milliseconds, so a status change from
 * the feed simply redraws them. Hovering a dot shows its name and status; clicking opens the kiosk.
 * Tiles come from DASHBOARD_TILE_URL; when none load (offline site, no tile server configured) the
 * dots are still drawn on a plain background.
 */
export default function FleetMap({
  points,
  label,
}: {
  /** Undefined while loading; an empty list means there is nothing to draw. */
  points: readonly MapPoint[] | undefined;
  label: string;
}) {
  const { t } = useTranslation('overview');
  const navigate = useNavigate();
  const host = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const dots = useRef<DotsLayer | null>(null);
  /** The newest point of each kiosk, read when its tooltip opens. */
  const latest = useRef(new Map<number, MapPoint>());
  const fitted = useRef(false);
  const [tilesDown, setTilesDown] = useState(() => getConfig().tileUrl === '');
  const openKiosk = useRef((id: number) => navigate(`/kiosks/${id}`));
  openKiosk.current = (id: number) => navigate(`/kiosks/${id}`);

  useEffect(() => {
    if (!host.current) return;
    const { tileUrl, tileAttribution } = getConfig();
    const m = L.map(host.current, { worldCopyJump: true, zoomControl: true }).setView([0, 0], 2);
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
    const tip = L.tooltip({ direction: 'top', offset: [0, -8] });
    let tipFor: number | null = null;
    const layer = new DotsLayer({
      onClick: (id) => openKiosk.current(id),
      onHover: (id, at) => {
        if (id === tipFor) return;
        tipFor = id;
        const p = id === null ? undefined : latest.current.get(id);
        if (!p || !at) {
          m.closeTooltip(tip);
          return;
        }
        // Read at opening time: the current name and status, in the current language.
        tip.setLatLng(at).setContent(tooltip(p.name, i18n.t(`common:status.${p.status}`)));
        m.openTooltip(tip);
      },
    }).addTo(m);
    dots.current = layer;
    map.current = m;
    return () => {
      // Stop pending pans/zooms first: their timers would otherwise fire into a removed map.
      m.stop();
      m.off();
      m.remove();
      map.current = null;
      dots.current = null;
      fitted.current = false;
    };
  }, []);

  useEffect(() => {
    const layer = dots.current;
    if (!layer || !points) return;
    const now = new Map<number, MapPoint>();
    const list: Dot[] = [];
    for (const p of points) {
      if (p.status === 'decommissioned') continue;
      now.set(p.id, p);
      list.push({ id: p.id, lat: p.lat, lng: p.lng, color: STATUS_COLORS[p.status] });
    }
    latest.current = now;
    // Frame the fleet once, when it first has kiosks; later moves are the user's.
    if (!fitted.current && list.length > 0 && map.current) {
      const bounds = L.latLngBounds(list.map((d) => [d.lat, d.lng] as [number, number]));
      map.current.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: false });
      fitted.current = true;
    }
    layer.setDots(list);
  }, [points]);

  return (
    <div className="relative">
      <div
        ref={host}
        role="region"
        aria-label={label}
        className="h-80 w-full overflow-hidden rounded-b-lg bg-slate-100 sm:h-[26rem]"
        style={{ background: '#e2e8f0' }}
      />
      {points && points.length === 0 && (
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

/** Built as DOM nodes, never as HTML: kiosk names are user input. */
function tooltip(name: string, status: string): HTMLElement {
  const el = document.createElement('div');
  const strong = document.createElement('strong');
  strong.textContent = name;
  el.append(strong, document.createElement('br'), status);
  return el;
}
