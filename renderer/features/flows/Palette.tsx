import { FLOW_NODE_TYPES, NODE_TYPE_LABELS, nodeFamily, type FlowNodeType } from '../../../shared/domain/flow';

/** The MIME type a step being dragged from the palette carries (the canvas reads it on drop). */
export const STEP_MIME = 'application/x-campaign-studio-step';
const FAMILY_ORDER = ['trigger', 'condition', 'wait', 'send', 'action', 'end'] as const;
const FAMILY_TITLES: Record<(typeof FAMILY_ORDER)[number], string> = { trigger: 'Triggers', condition: 'Conditions', wait: 'Waits', send: 'Messages', action: 'Actions', end: 'Endings' };

/** The steps to add, by family: dragged onto the canvas (or a connection), or added with Enter. */
export function Palette({ editable, onAdd }: { editable: boolean; onAdd(type: FlowNodeType): void }) {
  return (
    <nav className="palette" aria-label="Steps to add">
      {FAMILY_ORDER.map((family) => (
        <section key={family}>
          <h3>{FAMILY_TITLES[family]}</h3>
          {FLOW_NODE_TYPES.filter((t) => nodeFamily(t) === family).map((type) => (
            <button
              key={type}
              type="button"
              draggable={editable}
              className={`palette-item step-${family}`}
              data-testid={`palette-${type}`}
              title="Drag onto the canvas (or onto a connection to insert), or press Enter to add"
              onDragStart={(e) => {
                e.dataTransfer.setData(STEP_MIME, type);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => editable && onAdd(type)}
            >
              {NODE_TYPE_LABELS[type]}
            </button>
          ))}
        </section>
      ))}
    </nav>
  );
}
