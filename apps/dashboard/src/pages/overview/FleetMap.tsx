import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { STATUS_COLORS } from '../../components/StatusPill';
import { getConfig } from '../../config';
import type { MapPoint } from '../../feed/fleet-cache';
import i18n from '../../i18n';

type Status = MapPoint['status'];

interface Marked {
  marker: L.CircleMarker;
  status: Status;
  lat: number;
  lng: number;
}

/** Dots are created in slices of at most this much main-thread time, so 10,000 never block it. */
const SLICE_MS = 8;

/**
 * The kiosks on a map, one dot per kiosk in its status colour. Dots are drawn on one canvas (10,000
 * SVG elements would not stay smooth); new dots are created a time slice at a time (a whole fleet in
 * one go is a long task), and only the dots whose status or position changed are touched when the
 * data moves. Tiles come from DASHBOARD_TILE_URL; when none load (offline site, no tile server
 * configured) the dots are still drawn on a plain background.
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
  const layer = useRef<L.FeatureGroup | null>(null);
  const marked = useRef(new Map<number, Marked>());
  /** The newest point of each kiosk, read when its dot is created or its tooltip opens. */
  const latest = useRef(new Map<number, MapPoint>());
  /** Kiosks waiting for a dot, and the timer of the next slice. */
  const queue = useRef<number[]>([]);
  const queued = useRef(new Set<number>());
  const slice = useRef<ReturnType<typeof setTimeout> | null>(null);
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
    const waiting = queued.current;
    return () => {
      if (slice.current) clearTimeout(slice.current);
      slice.current = null;
      queue.current = [];
      waiting.clear();
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
    if (!group || !points) return;
    const now = new Map<number, MapPoint>();
    for (const p of points) {
      if (p.status === 'decommissioned') continue;
      now.set(p.id, p);
      const existing = marked.current.get(p.id);
      if (!existing) {
        if (!queued.current.has(p.id)) {
          queued.current.add(p.id);
          queue.current.push(p.id);
        }
        continue;
      }
      if (existing.status !== p.status) {
        existing.marker.setStyle(dotStyle(p.status));
        existing.status = p.status;
      }
      if (existing.lat !== p.lat || existing.lng !== p.lng) {
        existing.marker.setLatLng([p.lat, p.lng]);
        existing.lat = p.lat;
        existing.lng = p.lng;
      }
    }
    latest.current = now;
    for (const [id, m] of marked.current) {
      if (now.has(id)) continue;
      m.marker.remove();
      marked.current.delete(id);
    }
    // Frame the fleet once, from the points themselves, before any dot exists: the dots are then
    // drawn once at their final place rather than redrawn by the fit.
    if (!fitted.current && now.size > 0 && map.current) {
      const bounds = L.latLngBounds([...now.values()].map((p) => [p.lat, p.lng] as [number, number]));
      map.current.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: false });
      fitted.current = true;
    }

    const createSlice = () => {
      slice.current = null;
      const target = layer.current;
      if (!target) return;
      const until = performance.now() + SLICE_MS;
      while (queue.current.length > 0 && performance.now() < until) {
        // A few dots between clock reads: performance.now() is not free either.
        for (let n = 0; n < 50 && queue.current.length > 0; n++) {
          const id = queue.current.pop() as number;
          queued.current.delete(id);
          const p = latest.current.get(id);
          if (!p || marked.current.has(id)) continue;
          const marker = L.circleMarker([p.lat, p.lng], dotStyle(p.status))
            // Read at opening time: the current name and status, in the current language.
            .bindTooltip(() => {
              const cur = latest.current.get(id) ?? p;
              return tooltip(cur.name, i18n.t(`common:status.${cur.status}`));
            })
            .on('click', () => openKiosk.current(id));
          marker.addTo(target);
          marked.current.set(id, { marker, status: p.status, lat: p.lat, lng: p.lng });
        }
      }
      if (queue.current.length > 0) slice.current = setTimeout(createSlice, 0);
    };
    if (queue.current.length > 0 && !slice.current) slice.current = setTimeout(createSlice, 0);
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

function dotStyle(status: Status): L.CircleMarkerOptions {
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
