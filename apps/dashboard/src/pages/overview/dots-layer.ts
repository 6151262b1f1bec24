import L from 'leaflet';

export interface Dot {
  id: number;
  lat: number;
  lng: number;
  /** Fill colour (hex). */
  color: string;
}

const RADIUS = 6;
/** How far from a dot's centre (px) the pointer still hits it. */
const HIT_RADIUS = 9;

/**
 * Every kiosk as a dot on one canvas, drawn in one pass per colour (one path of all its arcs, one
 * fill, one stroke). Leaflet's own canvas renderer draws each marker with its own path and style and
 * redraws all of them whenever one is added: at 10,000 kiosks adding them cost frames of hundreds of
 * milliseconds. Here a full redraw of 10,000 dots is a few milliseconds, so a change simply redraws
 * (at most once per animation frame). The pointer is hit-tested against the positions of the last
 * draw (nearest dot within HIT_RADIUS).
 */
export class DotsLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private dots: readonly Dot[] = [];
  /** Container-pixel positions of the dots as last drawn, [x0, y0, x1, y1, …], and their indexes. */
  private xy = new Float32Array(0);
  private frame: number | null = null;

  constructor(
    private readonly handlers: {
      onClick: (id: number) => void;
      /** The pointer is over this dot (null: over none). */
      onHover: (id: number | null, at: L.LatLng | null) => void;
    },
  ) {
    super();
  }

  setDots(dots: readonly Dot[]): void {
    this.dots = dots;
    this.schedule();
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas', 'leaflet-zoom-hide') as HTMLCanvasElement;
    canvas.style.pointerEvents = 'none';
    canvas.setAttribute('aria-hidden', 'true');
    map.getPanes().overlayPane.appendChild(canvas);
    this.canvas = canvas;
    map.on('moveend zoomend resize viewreset', this.schedule, this);
    map.on('click', this.onClick, this);
    map.on('mousemove', this.onMove, this);
    map.on('mouseout', this.onOut, this);
    this.draw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize viewreset', this.schedule, this);
    map.off('click', this.onClick, this);
    map.off('mousemove', this.onMove, this);
    map.off('mouseout', this.onOut, this);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  private schedule(): void {
    if (this.frame !== null || !this.canvas) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  private draw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    // The canvas covers the visible container; the overlay pane moves while panning, so it is put
    // back at the container's top-left each time it is drawn.
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    if (canvas.width !== Math.round(size.x * ratio) || canvas.height !== Math.round(size.y * ratio)) {
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    if (this.xy.length !== this.dots.length * 2) this.xy = new Float32Array(this.dots.length * 2);
    const byColor = new Map<string, number[]>();
    for (let i = 0; i < this.dots.length; i++) {
      const d = this.dots[i];
      const p = map.latLngToContainerPoint([d.lat, d.lng]);
      this.xy[i * 2] = p.x;
      this.xy[i * 2 + 1] = p.y;
      if (p.x < -RADIUS || p.y < -RADIUS || p.x > size.x + RADIUS || p.y > size.y + RADIUS) continue;
      let list = byColor.get(d.color);
      if (!list) byColor.set(d.color, (list = []));
      list.push(i);
    }
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    for (const [color, list] of byColor) {
      ctx.beginPath();
      for (const i of list) {
        const x = this.xy[i * 2];
        const y = this.xy[i * 2 + 1];
        ctx.moveTo(x + RADIUS, y);
        ctx.arc(x, y, RADIUS, 0, Math.PI * 2);
      }
      ctx.fillStyle = color;
      ctx.globalAlpha = 0.95;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.stroke();
    }
  }

  /** The dot under a container point, the nearest one when several overlap. */
  private hit(at: L.Point): number | null {
    let best = -1;
    let bestD = HIT_RADIUS * HIT_RADIUS;
    const n = Math.min(this.dots.length, this.xy.length / 2);
    for (let i = 0; i < n; i++) {
      const dx = this.xy[i * 2] - at.x;
      const dy = this.xy[i * 2 + 1] - at.y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best < 0 ? null : best;
  }

  private onClick(e: L.LeafletMouseEvent): void {
    const i = this.hit(e.containerPoint);
    if (i !== null) this.handlers.onClick(this.dots[i].id);
  }

  private onMove(e: L.LeafletMouseEvent): void {
    const i = this.hit(e.containerPoint);
    const map = this._map as L.Map | undefined;
    if (map) map.getContainer().style.cursor = i === null ? '' : 'pointer';
    if (i === null) this.handlers.onHover(null, null);
    else this.handlers.onHover(this.dots[i].id, L.latLng(this.dots[i].lat, this.dots[i].lng));
  }

  private onOut(): void {
    this.handlers.onHover(null, null);
  }
}
