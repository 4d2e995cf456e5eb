import * as Popover from '@radix-ui/react-popover';
import { useState } from 'react';
import { DayPicker, type DateRange } from 'react-day-picker';
import { enGB, fr } from 'react-day-picker/locale';
import 'react-day-picker/style.css';
import type { Period } from '../../shared/domain/analytics';
import { uiLocale, useT } from '../i18n';

/** A calendar day written YYYY-MM-DD as a local Date at midnight, and back: the picker deals in days, not instants. */
const toDay = (text: string) => {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};
const fromDay = (day: Date) => `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;

/**
 * A button that opens two months of calendar (react-day-picker, in a Radix Popover) to pick a
 * period: a first click starts it, a second ends it; arrow keys move between days, Enter picks.
 * The days are the workspace's days (a period is read in its zone by the engine).
 */
export function DateRangePicker({ period, latest, onChange }: { period: Period; latest?: string; onChange(period: Period): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const dayLabel = new Intl.DateTimeFormat(uiLocale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  // Each opening starts a new choice (a click inside the current period would otherwise only move its end).
  const [range, setRange] = useState<DateRange | undefined>(undefined);
  return (
    <Popover.Root
      modal={false}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setRange(undefined);
      }}
    >
      <Popover.Trigger asChild>
        <button type="button" aria-label={t('dates.pick', { from: period.from, to: period.to })}>
          {t('dates.button')}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" sideOffset={4} aria-label={t('dates.calendar')}>
          <DayPicker
            mode="range"
            numberOfMonths={2}
            defaultMonth={toDay(period.from)}
            selected={range}
            locale={uiLocale().startsWith('fr') ? fr : enGB}
            // The period in force, shown until a new one is picked.
            modifiers={{ current: { from: toDay(period.from), to: toDay(period.to) } }}
            modifiersClassNames={{ current: 'day-in-period' }}
            // "Saturday, May 3, 2025": the day's number as a word of its own, as on the button ("3rd" hides it from voice control).
            labels={{ labelDayButton: (date, modifiers) => [dayLabel.format(date), modifiers.today ? t('dates.today') : '', modifiers.selected ? t('dates.selected') : ''].filter(Boolean).join(', ') }}
            disabled={latest ? { after: toDay(latest) } : undefined}
            onSelect={(next) => {
              setRange(next);
              if (next?.from && next.to && fromDay(next.from) !== fromDay(next.to)) {
                onChange({ from: fromDay(next.from), to: fromDay(next.to) });
                setOpen(false);
              }
            }}
          />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
