import { useEffect } from 'react';
import { useLab } from '../store';
import { CommandLine } from './CommandLine';
import { CommandPalette } from './CommandPalette';
import { LabRegion } from './LabRegion';
import { MembersPanel } from './MembersPanel';
import { MessageQueue } from './MessageQueue';
import { NodeCards } from './NodeCards';
import { ScriptBar } from './ScriptBar';
import { Transcript } from './Transcript';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/**
 * Stepping from the keyboard: arrows, and Page Down / Page Up, which is what a presenter's
 * remote clicker sends. Keys typed into a field are left alone.
 */
function useSteppingKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || isEditable(e.target)) return;
      const lab = useLab.getState();
      if (e.key === 'ArrowRight' || e.key === 'PageDown') {
        if (lab.cursor < lab.steps.length && !lab.crashed) lab.forward();
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        if (lab.cursor > 0) lab.back();
      } else {
        return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The Raft lab: etcd raft's interaction harness, driven by hand, beside the cluster mode. */
export function LabPage() {
  useSteppingKeys();
  return (
    <main id="workspace" className="workspace lab-workspace">
      <LabRegion id="script">
        <ScriptBar />
      </LabRegion>
      <LabRegion id="commands">
        <CommandPalette />
        <CommandLine />
      </LabRegion>
      <LabRegion id="transcript">
        <Transcript />
      </LabRegion>
      <LabRegion id="members">
        <MembersPanel />
      </LabRegion>
      <LabRegion id="messages">
        <MessageQueue />
      </LabRegion>
      <LabRegion id="nodes">
        <NodeCards />
      </LabRegion>
    </main>
  );
}
