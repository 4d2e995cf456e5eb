import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { exitsOf, hasInput, nodeFamily, NODE_TYPE_LABELS } from '../../../shared/domain/flow';
import { describeNode } from '../../../shared/domain/flow-describe';
import type { CanvasNode } from './graph';
import { useFlowCanvasContext } from './canvas-context';

/**
 * One step on the canvas: what it is, its name, what it does in words, an input on top and one
 * labelled handle per exit below. Steps with validation errors are outlined and say how many.
 */
function StepNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const { node } = data;
  const { issueCount, names, counts } = useFlowCanvasContext();
  const problems = issueCount(node.id);
  const messages = counts(node.id);
  const exits = exitsOf(node);
  const family = nodeFamily(node.type);
  return (
    <div
      className={`step step-${family}${selected ? ' step-selected' : ''}${problems > 0 ? ' step-invalid' : ''}`}
      data-testid={`step-${node.id}`}
      aria-label={`${NODE_TYPE_LABELS[node.type]} ${node.label}${problems > 0 ? `, ${problems} problem${problems === 1 ? '' : 's'}` : ''}`}
    >
      {hasInput(node) && <Handle type="target" position={Position.Top} id="in" className="step-input" />}
      <div className="step-kind">
        {NODE_TYPE_LABELS[node.type]}
        {problems > 0 && (
          <span className="step-problems" title={`${problems} problem(s)`}>
            ⚠ {problems}
          </span>
        )}
      </div>
      <div className="step-label">{node.label}</div>
      <div className="step-summary">{describeNode(node, names)}</div>
      {messages && node.type === 'send' && (
        <div className="step-counts" data-testid={`counts-${node.id}`}>
          {['sent', 'queued', 'failed', 'suppressed'].map((status) => `${messages[status] ?? 0} ${status}`).join(' · ')}
        </div>
      )}
      {messages && node.type === 'send' && messages['impressions'] !== undefined && (
        <div className="step-counts" data-testid={`funnel-${node.id}`} title="Last 30 days; CTR = clicks / impressions, CVR = conversions / impressions">
          {`${messages['impressions']} impressions · ${messages['clicked'] ?? 0} clicks · ${messages['conversions'] ?? 0} conversions (30 days)`}
        </div>
      )}
      {messages && (messages['inside'] ?? 0) > 0 && (
        <div className="step-counts" data-testid={`inside-${node.id}`}>
          {messages['inside']} {node.type === 'wait_event' || node.type.startsWith('wait_') ? 'waiting here' : 'here now'}
        </div>
      )}
      {exits.map((exit, i) => {
        const left = `${((i + 1) / (exits.length + 1)) * 100}%`;
        return (
          <span key={exit.id}>
            {exits.length > 1 && (
              <span className="step-exit-label" style={{ left }}>
                {exit.label}
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
