import { useId, useMemo, useState } from 'react';
import { useT } from '../../i18n/useT';
import { buildCommandLine, pinCommand, pinnedNode } from '../model/command_builder';
import { checkCommand, maxLabNodes } from '../model/command_line';
import { logLevels, messageTypeNames, type CommandSpec, type OptionSpec } from '../model/commands';
import { useLab } from '../store';
import { commandErrorText, issueErrorText } from './commandErrorText';

type Values = Record<string, string | readonly string[]>;

function range(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i + 1));
}

function Picker({
  label,
  value,
  onChange,
  ids,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  ids: readonly string[];
}) {
  const id = useId();
  return (
    <div className="lab-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {ids.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

function Choice({
  label,
  value,
  onChange,
  options,
  unset,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly string[];
  unset: string;
}) {
  const id = useId();
  return (
    <div className="lab-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{unset}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

function TextField({
  label,
  value,
  onChange,
  numeric,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  numeric?: boolean;
}) {
  const id = useId();
  return (
    <div className="lab-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={numeric === true ? 'numeric' : 'text'}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function NodeChecks({
  label,
  value,
  onChange,
  ids,
}: {
  label: string;
  value: readonly string[];
  onChange: (v: string[]) => void;
  ids: readonly string[];
}) {
  return (
    <fieldset className="lab-field lab-checks">
      <legend>{label}</legend>
      {ids.map((n) => (
        <label key={n} className="lab-check">
          <input
            type="checkbox"
            checked={value.includes(n)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? ids.filter((x) => x === n || value.includes(x))
                  : value.filter((x) => x !== n),
              )
            }
          />
          {n}
        </label>
      ))}
    </fieldset>
  );
}

function initialPositional(spec: CommandSpec, nodeIds: readonly string[]): string[] {
  const first = nodeIds[0] ?? '1';
  switch (spec.positional.kind) {
    case 'node':
      return [first];
    case 'node-then':
      return [first, spec.positional.what === 'data' ? 'hello' : ''];
    case 'node-pair':
      return [first, nodeIds[1] ?? first];
    case 'count':
      return ['3'];
    case 'level':
      return ['INFO'];
    case 'nodes':
      return spec.positional.min > 0 ? [first] : [];
    default:
      return [];
  }
}

function initialOptions(spec: CommandSpec, nodeCount: number): Values {
  if (spec.name === 'add-nodes' && nodeCount === 0) return { voters: ['1', '2', '3'], index: '10' };
  if (spec.name === 'set-randomized-election-timeout') return { timeout: '3' };
  if (spec.name === 'transfer-leadership') return { from: '1', to: nodeCount >= 2 ? '2' : '1' };
  return {};
}

/** The argument form of one command: pickers for nodes, choices for enums, a live preview. */
export function CommandFormPanel({ spec, onClose }: { spec: CommandSpec; onClose: () => void }) {
  const t = useT();
  const nodes = useLab((s) => s.view.nodes);
  const previousLine = useLab((s) => s.steps[s.cursor - 1]?.text);
  const nodeIds = useMemo(() => nodes.map((n) => n.id), [nodes]);
  const [positional, setPositional] = useState<string[]>(() => initialPositional(spec, nodeIds));
  const [options, setOptions] = useState<Values>(() => initialOptions(spec, nodeIds.length));
  const [input, setInput] = useState('');
  const [pin, setPin] = useState(true);
  const [timeout, setTimeoutTicks] = useState('');
  const [runError, setRunError] = useState<string | undefined>(undefined);

  const line = buildCommandLine(spec, { positional, options });
  const check = checkCommand(line, input, { nodeCount: nodeIds.length });
  const setPos = (i: number, v: string) =>
    setPositional((p) => {
      const next = [...p];
      while (next.length <= i) next.push('');
      next[i] = v;
      return next;
    });
  const setOpt = (key: string, v: string | readonly string[]) => setOptions((o) => ({ ...o, [key]: v }));

  const isTick = spec.name === 'tick-election' || spec.name === 'tick-heartbeat';
  const ticked = nodes.find((n) => n.id === positional[0]);
  const offerPin = isTick && ticked?.canElect === true;
  const pinTicks = timeout === '' ? String(ticked?.electionTick ?? 3) : timeout;
  const alreadyPinned = previousLine !== undefined && pinnedNode(previousLine) === positional[0];

  const run = () => {
    if (!check.ok) return;
    const lines = [{ line: check.line, input: check.input }];
    if (offerPin && pin && !alreadyPinned)
      lines.unshift({ line: pinCommand(positional[0] ?? '1', Number(pinTicks)), input: '' });
    const outcome = useLab.getState().issue(lines);
    setRunError(issueErrorText(t, outcome));
  };

  function optionField(o: OptionSpec) {
    const label = o.key;
    const value = options[o.key];
    const str = typeof value === 'string' ? value : '';
    const list = Array.isArray(value) ? (value as readonly string[]) : [];
    switch (o.kind) {
      case 'bool':
        return (
          <Choice
            key={o.key}
            label={label}
            value={str}
            onChange={(v) => setOpt(o.key, v)}
            options={['true', 'false']}
            unset={t('lab.palette.unset')}
          />
        );
      case 'uint':
      case 'int':
        return <TextField key={o.key} label={label} value={str} onChange={(v) => setOpt(o.key, v)} numeric />;
      case 'node':
        return (
          <Picker key={o.key} label={label} value={str} onChange={(v) => setOpt(o.key, v)} ids={nodeIds} />
        );
      case 'node-list': {
        const ids = o.key === 'drop' ? range(Math.max(nodeIds.length, 1)) : range(maxLabNodes);
        return (
          <NodeChecks key={o.key} label={label} value={list} onChange={(v) => setOpt(o.key, v)} ids={ids} />
        );
      }
      case 'level':
      case 'msg-type':
      case 'enum': {
        const options =
          o.kind === 'level' ? logLevels : o.kind === 'msg-type' ? messageTypeNames : (o.values ?? []);
        return (
          <Choice
            key={o.key}
            label={label}
            value={str}
            onChange={(v) => setOpt(o.key, v)}
            options={options}
            unset={t('lab.palette.unset')}
          />
        );
      }
    }
  }

  return (
    <form
      id="lab-command-form"
      className="lab-form"
      aria-label={t('lab.palette.formLabel', { command: spec.name })}
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <p className="lab-form-help">
        <code>{spec.name}</code> — {t(`lab.help.${spec.name}`)}
      </p>
      <div className="lab-form-fields">
        <PositionalFields
          spec={spec}
          positional={positional}
          setPos={setPos}
          setList={setPositional}
          nodeIds={nodeIds}
        />
        {spec.options.map(optionField)}
        {spec.input !== undefined && (
          <TextField label={t('lab.palette.changes')} value={input} onChange={setInput} />
        )}
      </div>
      {offerPin && (
        <div className="lab-pin">
          <label className="lab-check">
            <input
              type="checkbox"
              checked={pin && !alreadyPinned}
              disabled={alreadyPinned}
              onChange={(e) => setPin(e.target.checked)}
            />
            {t('lab.palette.pin')}
          </label>
          <TextField label={t('lab.palette.timeout')} value={pinTicks} onChange={setTimeoutTicks} numeric />
          <p className="lab-hint">{alreadyPinned ? t('lab.palette.pinned') : t('lab.palette.pinHelp')}</p>
        </div>
      )}
      <p className="lab-preview">
        {t('lab.palette.preview')}{' '}
        <code>
          {offerPin && pin && !alreadyPinned ? `${pinCommand(positional[0] ?? '1', Number(pinTicks))}; ` : ''}
          {line}
          {check.ok && check.input !== '' ? ` ⏎ ${check.input}` : ''}
        </code>
      </p>
      {!check.ok && <p className="lab-error">{commandErrorText(t, check.error)}</p>}
      {runError !== undefined && (
        <p className="lab-error" role="alert">
          {runError}
        </p>
      )}
      <div className="lab-form-actions">
        <button
          type="submit"
          className="lab-primary"
          disabled={!check.ok}
          aria-label={t('lab.palette.runCommand', { command: spec.name })}
        >
          {t('lab.palette.run')}
        </button>
        <button type="button" onClick={onClose}>
          {t('lab.palette.close')}
        </button>
      </div>
    </form>
  );
}

interface PositionalProps {
  spec: CommandSpec;
  positional: readonly string[];
  setPos: (i: number, v: string) => void;
  setList: (v: string[]) => void;
  nodeIds: readonly string[];
}

function PositionalFields({ spec, positional, setPos, setList, nodeIds }: PositionalProps) {
  const t = useT();
  const p = spec.positional;
  const at = (i: number) => positional[i] ?? '';
  switch (p.kind) {
    case 'none':
      return null;
    case 'node':
      return (
        <Picker label={t('lab.palette.node')} value={at(0)} onChange={(v) => setPos(0, v)} ids={nodeIds} />
      );
    case 'node-then':
      return (
        <>
          <Picker label={t('lab.palette.node')} value={at(0)} onChange={(v) => setPos(0, v)} ids={nodeIds} />
          <TextField
            label={t(p.what === 'data' ? 'lab.palette.data' : 'lab.palette.index')}
            value={at(1)}
            onChange={(v) => setPos(1, v)}
            numeric={p.what === 'index'}
          />
        </>
      );
    case 'node-pair': {
      const [a, b] =
        spec.name === 'report-unreachable'
          ? ['lab.palette.reportOn', 'lab.palette.reported']
          : ['lab.palette.from', 'lab.palette.to'];
      return (
        <>
          <Picker label={t(a)} value={at(0)} onChange={(v) => setPos(0, v)} ids={nodeIds} />
          <Picker label={t(b)} value={at(1)} onChange={(v) => setPos(1, v)} ids={nodeIds} />
        </>
      );
    }
    case 'nodes':
    case 'recipients': {
      const label = p.kind === 'recipients' ? t('lab.palette.recipients') : t('lab.palette.nodes');
      return <NodeChecks label={label} value={positional} onChange={setList} ids={nodeIds} />;
    }
    case 'count':
      return (
        <TextField label={t('lab.palette.count')} value={at(0)} onChange={(v) => setPos(0, v)} numeric />
      );
    case 'level':
      return (
        <Picker label={t('lab.palette.level')} value={at(0)} onChange={(v) => setPos(0, v)} ids={logLevels} />
      );
  }
}
