import { useEffect, useId, useState } from 'react';
import { useLanguage, useT } from '../../i18n/useT';
import { builtinScenarioDocuments } from '../../../cluster/scenarios';
import { maxClusterSize } from '../../../cluster/cluster';
import { useSession } from '../store';
import { parseSeed } from '../../../session/format';
import { maxSeed } from '../../../session/url';

interface ScenarioDoc {
  readonly name: string;
  readonly title?: { readonly en: string; readonly 'zh-CN'?: string };
}

/** Seed, scenario and size: changing one starts a fresh run (the old one stays in the URL history). */
export function SetupFields() {
  const t = useT();
  const language = useLanguage();
  const seed = useSession((s) => s.snapshot.seed);
  const scenario = useSession((s) => s.snapshot.scenario);
  const size = useSession((s) => s.snapshot.initialSize);
  const [text, setText] = useState(String(seed));
  const errorId = useId();
  useEffect(() => setText(String(seed)), [seed]);
  const parsed = parseSeed(text, maxSeed);
  const invalid = parsed === null;

  const apply = (): void => {
    if (parsed !== null && parsed !== seed) useSession.getState().reset({ seed: parsed });
  };

  return (
    <>
      <label className="session-field">
        <span>{t('cluster.controls.seed')}</span>
        <input
          type="text"
          inputMode="numeric"
          value={text}
          size={8}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply();
          }}
        />
      </label>
      {invalid && (
        <span id={errorId} className="session-field-error" role="alert">
          {t('cluster.controls.seedInvalid', { max: maxSeed })}
        </span>
      )}
      <label className="session-field">
        <span>{t('cluster.controls.scenario')}</span>
        <select value={scenario} onChange={(e) => useSession.getState().reset({ scenario: e.target.value })}>
          {/* An imported scenario is not a built-in: show it as the current choice. */}
          {!builtinScenarioDocuments.some((d) => d.name === scenario) && (
            <option value={scenario}>{scenario}</option>
          )}
          {(builtinScenarioDocuments as readonly ScenarioDoc[]).map((d) => (
            <option key={d.name} value={d.name}>
              {(language === 'zh-CN' ? d.title?.['zh-CN'] : d.title?.en) ?? d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="session-field">
        <span>{t('cluster.controls.size')}</span>
        <select value={size} onChange={(e) => useSession.getState().reset({ size: Number(e.target.value) })}>
          {Array.from({ length: maxClusterSize }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
