import { exitsOf, hasInput, type FlowEdge, type FlowNode } from '../../../../shared/domain/flow';
import { useT } from '../../../i18n';
import { useExitLabel } from '../../../i18n/words';

/**
 * Where each of the step's exits leads, as a list to choose from: the keyboard's (and a screen
 * reader's) way to connect steps, which the canvas does by dragging between connection points.
 */
export function ExitsField({ node, allNodes, edges, onExitTarget }: { node: FlowNode; allNodes: FlowNode[]; edges: FlowEdge[]; onExitTarget(exit: string, targetId: string | null): void }) {
  const t = useT();
  const exitLabel = useExitLabel();
  const exits = exitsOf(node);
  if (exits.length === 0) return null;
  const targets = allNodes.filter((other) => other.id !== node.id && hasInput(other));
  return (
    <fieldset className="exits">
      <legend>{t('inspector.exits')}</legend>
      {exits.map((exit) => {
        const current = edges.find((e) => e.source === node.id && e.exit === exit.id)?.target ?? '';
        const label = exits.length === 1 ? t('inspector.nextStep') : t('inspector.exitLeadsTo', { exit: exitLabel(node, exit) });
        return (
          <label key={exit.id} className="inspector-field">
            <span>{label}</span>
            <select value={current} onChange={(e) => onExitTarget(exit.id, e.target.value === '' ? null : e.target.value)}>
              <option value="">{t('inspector.nowhere')}</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {t('inspector.stepOption', { name: target.label, id: target.id })}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
