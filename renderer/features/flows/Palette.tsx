import { FLOW_NODE_TYPES, nodeFamily, type FlowNodeType } from '../../../shared/domain/flow';
import { useT } from '../../i18n';

/** The MIME type a step being dragged from the palette carries (the canvas reads it on drop). */
export const STEP_MIME = 'application/x-campaign-studio-step';
const FAMILY_ORDER = ['trigger', 'condition', 'wait', 'send', 'action', 'end'] as const;

/** The steps to add, by family: dragged onto the canvas (or a connection), or added with Enter. */
export function Palette({ editable, open, onOpen, onAdd }: { editable: boolean; open: boolean; onOpen(open: boolean): void; onAdd(type: FlowNodeType): void }) {
  const t = useT();
  return (
    <nav className="palette" aria-label={t('palette.label')}>
      <button type="button" className="palette-toggle" aria-expanded={open} onClick={() => onOpen(!open)}>
        {open ? `« ${t('palette.hide')}` : '»'}
        {!open && <span className="visually-hidden">{t('palette.show')}</span>}
      </button>
      {open &&
        FAMILY_ORDER.map((family) => (
          <section key={family}>
            <h3>{t(`palette.${family}`)}</h3>
            {FLOW_NODE_TYPES.filter((type) => nodeFamily(type) === family).map((type) => (
              <button
                key={type}
                type="button"
                draggable={editable}
                className={`palette-item step-${family}`}
                data-testid={`palette-${type}`}
                title={t('palette.hint')}
                onDragStart={(e) => {
                  e.dataTransfer.setData(STEP_MIME, type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => editable && onAdd(type)}
              >
                {t(`node.${type}`)}
              </button>
            ))}
          </section>
        ))}
    </nav>
  );
}
