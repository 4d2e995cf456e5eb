import type { ReactNode } from 'react';
import type { FlowEdge, FlowNode } from '../../../shared/domain/flow';
import { ExitsField } from './inspector/exits-field';
import { useT } from '../../i18n';
import type { FlowReferences } from '../../../shared/domain/flow-summary';
import type { FlowIssue } from '../../../shared/domain/flow-validation';
import { REFERENCE_EVENTS } from '../../../shared/domain/event-columns';
import { ActionForm } from './inspector/action-form';
import { ConditionForm } from './inspector/condition-form';
import { assertNever, Field, type FormTools } from './inspector/fields';
import { SendForm } from './inspector/send-form';
import { TriggerForm } from './inspector/trigger-form';
import { WaitForm } from './inspector/wait-form';

/**
 * The settings of the selected step. Each field shows its own validation message, so the list of
 * problems and the form point at the same thing.
 */
export function Inspector(props: {
  node: FlowNode;
  issues: FlowIssue[];
  references: FlowReferences;
  allNodes: FlowNode[];
  edges: FlowEdge[];
  onChange(change: { label?: string; data?: FlowNode['data'] }): void;
  onExitTarget(exit: string, targetId: string | null): void;
}) {
  const { node, references } = props;
  const t = useT();
  const issueOf = (field: string) => props.issues.find((i) => i.field === field || i.field?.startsWith(`${field}.`));
  const segments = references.segments;
  const text = (label: string, field: string, value: string, set: (v: string) => void, opts: { hint?: string; multiline?: boolean; list?: string } = {}) => (
    <Field label={label} issue={issueOf(field)} {...(opts.hint ? { hint: opts.hint } : {})}>
      {opts.multiline ? (
        <textarea dir="auto" aria-label={label} value={value} rows={4} onChange={(e) => set(e.target.value)} />
      ) : (
        <input dir="auto" aria-label={label} value={value} onChange={(e) => set(e.target.value)} {...(opts.list ? { list: opts.list } : {})} />
      )}
    </Field>
  );

  const form: FormTools = { onChange: props.onChange, issueOf, references, segments, allNodes: props.allNodes, text };
  // One form per family of steps; each switches over its own kinds, so a new kind without a form fails the typecheck.
  let body: ReactNode;
  switch (node.type) {
    case 'trigger_event':
    case 'trigger_segment':
    case 'trigger_schedule':
    case 'trigger_date':
      body = <TriggerForm node={node} form={form} />;
      break;
    case 'condition':
    case 'split_audience':
    case 'split_random':
      body = <ConditionForm node={node} form={form} />;
      break;
    case 'wait_delay':
    case 'wait_until':
    case 'wait_event':
      body = <WaitForm node={node} form={form} />;
      break;
    case 'send':
      body = <SendForm node={node} form={form} />;
      break;
    case 'set_attribute':
    case 'list_membership':
    case 'add_score':
    case 'webhook':
    case 'goal':
    case 'exit':
      body = <ActionForm node={node} form={form} />;
      break;
    default:
      body = assertNever(node);
  }
  return (
    <aside className="inspector" aria-label={t('inspector.label')}>
      <h2>{t(`node.${node.type}`)}</h2>
      <Field label={t('inspector.name')}>
        <input dir="auto" aria-label={t('inspector.stepName')} value={node.label} onChange={(e) => props.onChange({ label: e.target.value })} />
      </Field>
      {body}
      <ExitsField node={node} allNodes={props.allNodes} edges={props.edges} onExitTarget={props.onExitTarget} />
      <datalist id="flow-events">
        {REFERENCE_EVENTS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <p className="hint">{t('inspector.stepId', { id: node.id })}</p>
    </aside>
  );
}
