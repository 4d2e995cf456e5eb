import { useTranslation } from 'react-i18next';
import type { FlowExit, FlowNode } from '../../shared/domain/flow';
import { i18n } from './index';
import type { FlowIssue } from '../../shared/domain/flow-validation';
import type { Words } from '../../shared/domain/words';
import type { JourneyLogEntry, MessageRow } from '../../shared/domain/delivery';
import type { LogSentence } from '../../shared/domain/journey-words';
import type { RowError } from '../../shared/domain/import-report';

/**
 * Sentences shared code builds from a dictionary (a step or filter in words, a flow's problems),
 * said in the UI's language: the catalogue holds each dictionary under its prefix.
 */
export function useDescribeWords(): Words {
  const { t } = useTranslation();
  return (key, values) => t(`describe.${key}`, values ?? {});
}

/** A flow problem in the UI's language; one the catalogue does not know reads as the engine wrote it. */
export function useIssueText(): (issue: FlowIssue) => string {
  const { t } = useTranslation();
  return (issue) => (issue.words ? t(`flowIssue.${issue.words.key}`, issue.words.values) : issue.message);
}

/** A sentence of the journey log's dictionary in the UI's language, the sentences inside it too. */
function useSay(): (sentence: LogSentence) => string {
  const { t } = useTranslation();
  const say = (sentence: LogSentence): string => {
    const values: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(sentence.values)) values[name] = typeof value === 'object' ? say(value) : value;
    return t(`journeyLog.${sentence.key}`, values);
  };
  return say;
}

/** A journey log line in the UI's language when the engine wrote it by key; else as the engine wrote it. */
export function useJourneyLogText(): (entry: JourneyLogEntry) => string {
  const say = useSay();
  return (entry) => (entry.words ? say(entry.words) : entry.detail);
}

/** Why a message was held, dropped or not sent, in the UI's language when it is one of the engine's own reasons. */
export function useMessageReason(): (message: Pick<MessageRow, 'lastError' | 'lastErrorWords'>) => string | null {
  const say = useSay();
  return (message) => (message.lastErrorWords ? say(message.lastErrorWords) : message.lastError);
}

/** A rejected value's problem, by its stable code; the engine's English (with its detail) stays as a tooltip. */
export function useRowErrorText(): (error: RowError) => string {
  const { t } = useTranslation();
  return (error) => t(`importError.${error.code}`, { column: error.column, value: error.value });
}

/** A step's way out as the canvas and the inspector name it: the fixed ones in the UI's language, paths and variants as the user named them. */
export function useExitLabel(): (node: FlowNode, exit: FlowExit) => string {
  const { t } = useTranslation();
  return (node, exit) => {
    if (node.type === 'split_random' && exit.id === 'control') return t('exit.control', { percent: node.data.controlPercent });
    if (node.type === 'split_random' || (node.type === 'split_audience' && exit.id !== 'else')) return exit.label;
    const key = `exit.${exit.id}`;
    return i18n.exists(key) ? t(key) : exit.label;
  };
}
