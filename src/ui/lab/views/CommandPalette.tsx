import { useState } from 'react';
import { useT } from '../../i18n/useT';
import { commandSpecs } from '../model/commands';
import { CommandFormPanel } from './CommandForm';

/** A button per harness command; the chosen one opens its argument form below. */
export function CommandPalette() {
  const t = useT();
  const [open, setOpen] = useState<string | undefined>(undefined);
  const spec = commandSpecs.find((c) => c.name === open);
  return (
    <div className="lab-palette">
      <p className="lab-hint">{t('lab.palette.hint')}</p>
      <div className="lab-palette-buttons" role="group" aria-label={t('lab.palette.label')}>
        {commandSpecs.map((c) => (
          <button
            key={c.name}
            type="button"
            className="lab-command-button"
            aria-expanded={open === c.name}
            aria-controls={open === c.name ? 'lab-command-form' : undefined}
            title={t(`lab.help.${c.name}`)}
            onClick={() => setOpen(open === c.name ? undefined : c.name)}
          >
            {c.name}
          </button>
        ))}
      </div>
      {spec !== undefined && (
        <CommandFormPanel key={spec.name} spec={spec} onClose={() => setOpen(undefined)} />
      )}
    </div>
  );
}
