import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';

const COMMON_EVENTS = ['app_open', 'site_visit', 'product_view', 'add_to_cart', 'purchase', 'app_install'];

/** "key=value" lines into properties; numbers stay numbers (an amount), the rest text. */
function parseProperties(text: string): { properties: Record<string, string | number>; badLine: number | null } {
  const properties: Record<string, string | number> = {};
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) return { properties, badLine: index + 1 };
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    properties[key] = raw !== '' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return { properties, badLine: null };
}

/**
 * A trainer makes this customer do something now (at the engine's clock): the event goes in as a
 * tracked one would, flows it starts or resumes run at once, and the journeys below show why.
 */
export function DoAnEvent({ externalId }: { externalId: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const t = useT();
  // Only on a virtual clock (a demo, a sandbox): on a real one a made-up event would reach real customers' flows.
  const clock = useEngineRead('engine/clock', {}, ['settings']).value;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { properties, badLine } = parseProperties(String(form.get('properties') ?? ''));
    if (badLine !== null) {
      setMessage(t('event.lineProblem', { line: badLine }));
      return;
    }
    try {
      const name = String(form.get('event') ?? '').trim();
      const result = await engine.call('events/track', { events: [{ customerId: externalId, event: name, properties }] });
      await engine.call('engine/run-due', {});
      setMessage(result.accepted === 1 ? t('event.done', { name }) : (result.rejected[0]?.message ?? t('event.already')));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  if (clock?.clock !== 'virtual') return null;
  return (
    <section aria-label={t('event.region')}>
      <h3>{t('event.heading')}</h3>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t('event.name')}
          <input dir="auto" name="event" list="common-events" required maxLength={100} placeholder="add_to_cart" />
        </label>
        <datalist id="common-events">
          {COMMON_EVENTS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <label>
          {t('event.properties')}
          <textarea dir="auto" name="properties" rows={3} placeholder={'cart_id=C-1\namount=4200'} />
        </label>
        <button type="submit">{t('event.submit')}</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
