import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n/useT';
import type { GlossaryId } from '../i18n/glossary.en';
import './term.css';

/** Space kept between the popover and the viewport's edges, and between it and the term (px). */
const edgePx = 8;
const offsetPx = 6;
/** Moving the pointer from the term onto its popover takes a moment; closing waits that long. */
const hoverCloseMs = 150;

/**
 * A glossary term in the page: a button with a dotted underline whose popover (role="tooltip")
 * shows the entry from src/ui/i18n/glossary.*.ts. It opens on hover, on keyboard focus and on
 * click or tap (a click pins it open); Escape, blur or a second click close it. The popover is
 * rendered into <body> only while open, fixed to the viewport and kept inside it, so a region's
 * scrolling box never clips it and the term's text (and its region's accessible name) stays
 * exactly the label.
 */
export function Term({ id, children }: { id: GlossaryId; children?: ReactNode }) {
  const t = useT();
  const tipId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const pinned = useRef(false);
  const closeTimer = useRef<number | null>(null);
  const headword = t(`glossary.${id}.term`);

  const cancelClose = useCallback(() => {
    if (closeTimer.current !== null) window.clearTimeout(closeTimer.current);
    closeTimer.current = null;
  }, []);
  const close = useCallback(() => {
    cancelClose();
    pinned.current = false;
    setOpen(false);
  }, [cancelClose]);
  const closeSoon = useCallback(() => {
    if (pinned.current || document.activeElement === button.current) return;
    cancelClose();
    closeTimer.current = window.setTimeout(close, hoverCloseMs);
  }, [cancelClose, close]);
  useEffect(() => cancelClose, [cancelClose]);

  // Escape dismisses a popover opened by hover too, wherever the focus is (WCAG 1.4.13).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, close]);

  return (
    <>
      <button
        type="button"
        ref={button}
        className="term"
        aria-expanded={open}
        aria-describedby={open ? tipId : undefined}
        data-term={id}
        onMouseEnter={() => {
          cancelClose();
          setOpen(true);
        }}
        onMouseLeave={closeSoon}
        onFocus={() => setOpen(true)}
        onBlur={close}
        onClick={(e) => {
          // A term inside a clickable card or member must not also act on it.
          e.stopPropagation();
          if (pinned.current) close();
          else {
            pinned.current = true;
            setOpen(true);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            // Close the popover only, not the panel or dialog around the term.
            e.stopPropagation();
            e.preventDefault();
            close();
          }
        }}
      >
        {children ?? headword}
      </button>
      {open && (
        <TermPopover
          id={tipId}
          anchor={button}
          headword={headword}
          definition={t(`glossary.${id}.definition`)}
          onPointerIn={cancelClose}
          onPointerOut={closeSoon}
        />
      )}
    </>
  );
}

function TermPopover(props: {
  id: string;
  anchor: React.RefObject<HTMLButtonElement | null>;
  headword: string;
  definition: string;
  onPointerIn: () => void;
  onPointerOut: () => void;
}) {
  const { id, anchor, headword, definition, onPointerIn, onPointerOut } = props;
  const tip = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const place = (): void => {
      const a = anchor.current?.getBoundingClientRect();
      const el = tip.current;
      if (a === undefined || el === null) return;
      setAt(popoverPosition(a, { width: el.offsetWidth, height: el.offsetHeight }, viewport()));
    };
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [anchor]);

  return createPortal(
    <div
      ref={tip}
      id={id}
      role="tooltip"
      className="term-tip"
      style={at === null ? { left: 0, top: 0, visibility: 'hidden' } : { left: at.left, top: at.top }}
      onMouseEnter={onPointerIn}
      onMouseLeave={onPointerOut}
    >
      <strong className="term-tip-head">{headword}</strong> {definition}
    </div>,
    document.body,
  );
}

function viewport(): { width: number; height: number } {
  const d = document.documentElement;
  return { width: d.clientWidth || window.innerWidth, height: d.clientHeight || window.innerHeight };
}

interface Box {
  left: number;
  top: number;
  bottom: number;
}

/**
 * Where the popover goes: below the term, or above it when there is no room below, with its
 * left edge at the term's, both clamped so the whole popover stays in the viewport.
 */
export function popoverPosition(
  anchor: Box,
  size: { width: number; height: number },
  view: { width: number; height: number },
): { left: number; top: number } {
  const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(v, Math.max(lo, hi)));
  const left = clamp(anchor.left, edgePx, view.width - size.width - edgePx);
  const below = anchor.bottom + offsetPx;
  const above = anchor.top - offsetPx - size.height;
  const top =
    below + size.height <= view.height - edgePx || above < edgePx
      ? clamp(below, edgePx, view.height - size.height - edgePx)
      : above;
  return { left, top };
}

/**
 * A translated sentence with one glossary term marked in it: the first occurrence of the term's
 * headword (or of `word`), matched without regard to case. Text without it renders unchanged,
 * so a translation that words things differently never loses its text.
 */
export function TermIn({ text, id, word }: { text: string; id: GlossaryId; word?: string }) {
  const t = useT();
  const needle = word ?? t(`glossary.${id}.term`);
  const at = needle === '' ? -1 : text.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <Term id={id}>{text.slice(at, at + needle.length)}</Term>
      {text.slice(at + needle.length)}
    </>
  );
}
