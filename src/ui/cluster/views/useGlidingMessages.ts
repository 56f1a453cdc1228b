import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../session/store';
import { usePreferences } from '../../store/preferences';
import { drawnMessages, glideMs, nextArrivals } from '../model/message_glide';
import type { Arrival, DrawnMessage } from '../model/message_glide';
import type { Scene } from '../model/scene';

/**
 * The message dots to draw and how long each move takes (../model/message_glide): messages that
 * just arrived stay for one glide, so a class stepping slowly sees every message reach its member.
 */
export function useGlidingMessages(scene: Scene): {
  readonly messages: readonly DrawnMessage[];
  readonly glide: number;
} {
  const playing = useSession((s) => s.playing);
  const speed = useSession((s) => s.speed);
  const reducedMotion = usePreferences((p) => p.reducedMotion);
  const glide = glideMs({ playing, speed, reducedMotion });
  const [arrivals, setArrivals] = useState<readonly Arrival[]>([]);
  const seen = useRef<Scene | null>(null);

  // A new scene: the messages that left the wire since the last one become arrivals.
  useEffect(() => {
    const previous = seen.current;
    if (previous === scene) return;
    seen.current = scene;
    const nowMs = performance.now();
    setArrivals((a) =>
      nextArrivals({
        before: (previous?.messages ?? []).map((m) => ({ ...m, arriving: false })),
        now: scene.messages,
        arrivals: a,
        nowMs,
        glide,
        memberAt: (i) => scene.layout.positions[i],
        nodeRadius: scene.layout.nodeRadius,
      }),
    );
  }, [scene, glide]);

  // Drop each arrival when its glide is over.
  useEffect(() => {
    if (arrivals.length === 0) return;
    const next = Math.min(...arrivals.map((a) => a.untilMs));
    const timer = setTimeout(
      () => setArrivals((a) => a.filter((x) => x.untilMs > performance.now())),
      Math.max(0, next - performance.now()) + 16,
    );
    return () => clearTimeout(timer);
  }, [arrivals]);

  return { messages: drawnMessages(scene.messages, arrivals), glide };
}
