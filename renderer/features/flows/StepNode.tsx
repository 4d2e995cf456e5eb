import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { exitsOf, hasInput, nodeFamily } from '../../../shared/domain/flow';
import { describeNode } from '../../../shared/domain/flow-describe';
import type { CanvasNode } from './graph';
import { useFlowCanvasContext } from './canvas-context';
import { useT } from '../../i18n';
import { useDescribeWords, useExitLabel } from '../../i18n/words';
import { formatNumber } from '../../format';

/**
 * One step on the canvas: what it is, its name, what it does in words, an input on top and one
 * labelled handle per exit below. Steps with validation errors are outlined and say how many.
 */
function StepNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const { node } = data;
  const t = useT();
  const words = useDescribeWords();
  const kind = t(`node.${node.type}`);
  const { issueCount, names, counts, funnelPeriod } = useFlowCanvasContext();
  const problems = issueCount(node.id);
  const messages = counts(node.id);
  const exitLabel = useExitLabel();
  const exits = exitsOf(node);
  const family = nodeFamily(node.type);
  return (
    <div
      className={`step step-${family}${selected ? ' step-selected' : ''}${problems > 0 ? ' step-invalid' : ''}`}
      data-testid={`step-${node.id}`}
      aria-label={problems > 0 ? t('step.labelProblems', { kind, name: node.label, count: problems }) : `${kind} ${node.label}`}
    >
      {hasInput(node) && <Handle type="target" position={Position.Top} id="in" className="step-input" />}
      <div className="step-kind">
        {kind}
        {problems > 0 && (
          <span className="step-problems" title={t('step.problems', { count: problems })}>
            ⚠ {problems}
          </span>
        )}
      </div>
      <div className="step-label">{node.label}</div>
      <div className="step-summary">{describeNode(node, names, words)}</div>
      {messages && node.type === 'send' && (
        <div className="step-counts" data-testid={`counts-${node.id}`} title={t('step.countsTitle')}>
          {(['sent', 'queued', 'failed', 'suppressed'] as const).map((status) => t(`step.${status}`, { count: messages[status] ?? 0 })).join(' · ')}
        </div>
      )}
      {messages && node.type === 'send' && messages['impressions'] !== undefined && (
        <div className="step-counts" data-testid={`funnel-${node.id}`} title={t('step.funnelTitle')}>
          {t('step.funnel', {
            sent: formatNumber(messages['periodSent'] ?? 0),
            impressions: formatNumber(messages['impressions']),
            clicks: formatNumber(messages['clicked'] ?? 0),
            conversions: formatNumber(messages['conversions'] ?? 0),
            period: funnelPeriod,
          })}
        </div>
      )}
      {messages && (messages['inside'] ?? 0) > 0 && (
        <div className="step-counts" data-testid={`inside-${node.id}`}>
          {t(node.type.startsWith('wait_') ? 'step.waiting' : 'step.hereNow', { count: messages['inside'] ?? 0 })}
        </div>
      )}
      {exits.map((exit, i) => {
        const left = `${((i + 1) / (exits.length + 1)) * 100}%`;
        return (
          <span key={exit.id}>
            {exits.length > 1 && (
              <span className="step-exit-label" style={{ left }}>
                {exitLabel(node, exit)}
              </span>
            )}
            <Handle type="source" position={Position.Bottom} id={exit.id} data-testid={`exit-${node.id}-${exit.id}`} className="step-output" style={{ left }} />
          </span>
        );
      })}
    </div>
  );
}

export const StepNode = memo(StepNodeView);
