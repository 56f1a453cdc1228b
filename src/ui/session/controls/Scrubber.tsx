import { useRef, useState } from 'react';
import { useT } from '../../i18n/useT';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store';
import type { Marker } from '../../../session/types';

/** At most this many markers are drawn; the rest are merged into their neighbours' positions. */
const maxMarkers = 150;

/** Every marker kind once per pixel bucket, so a storm of client errors stays readable. */
export function thinMarkers(markers: readonly Marker[], total: number, buckets = maxMarkers): Marker[] {
  if (total <= 0) return [];
  const seen = new Set<string>();
  const out: Marker[] = [];
  for (const m of markers) {
    const key = `${m.kind}:${Math.floor((m.step / total) * buckets)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/**
 * The whole run as a slider: dragging previews, releasing seeks (seeking backwards replays, so
 * we do not seek on every pixel). Markers for leader changes, faults and client errors sit
 * under it and seek when clicked.
 */
export function Scrubber() {
  const t = useT();
  const { step, frontier, markers, live } = useSession(
    useShallow((s) => ({
      step: s.snapshot.step,
      frontier: s.history.frontierStep,
      markers: s.history.markers,
      live: s.live,
    })),
  );
  const [preview, setPreview] = useState<number | null>(null);
  const dragging = useRef(false);
  const total = Math.max(frontier, step, 1);
  const value = preview ?? step;
  const seek = (v: number): void => {
    setPreview(null);
    if (v !== step) useSession.getState().seek(v);
  };
  const shown = thinMarkers(markers, total);

  return (
    <div className="session-scrubber">
      <input
        type="range"
        min={0}
        max={total}
        value={value}
        disabled={!live}
        aria-label={t('cluster.scrubber.label')}
        aria-valuetext={t('cluster.scrubber.valueText', { step: value, total })}
        onPointerDown={() => {
          dragging.current = true;
        }}
        onPointerUp={(e) => {
          dragging.current = false;
          seek(Number((e.target as HTMLInputElement).value));
        }}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (dragging.current) setPreview(v);
          else seek(v);
        }}
      />
      <div className="session-markers" role="group" aria-label={t('cluster.scrubber.markers')}>
        {shown.map((m) => (
          <button
            type="button"
            key={`${m.kind}-${m.step}-${m.text}`}
            className={`session-marker session-marker-${m.kind}`}
            style={{ left: `${(100 * m.step) / total}%` }}
            title={`${t(`cluster.scrubber.marker.${m.kind}`)}: ${m.text}`}
            aria-label={`${t(`cluster.scrubber.marker.${m.kind}`)}: ${m.text}`}
            onClick={() => seek(m.step)}
            tabIndex={-1}
          />
        ))}
      </div>
    </div>
  );
}
