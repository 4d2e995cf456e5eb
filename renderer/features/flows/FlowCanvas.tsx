import { Background, ControlButton, Controls, MiniMap, ReactFlow, type Connection, type FitViewOptions } from '@xyflow/react';
import type { DragEvent } from 'react';
import { FlowCanvasContextValue, type FlowCanvasContext } from './canvas-context';
import { useFlowEditor } from './editor-store';
import { StepNode } from './StepNode';
import { useT } from '../../i18n';

const NODE_TYPES = { step: StepNode };
const OVERVIEW_SIZE = { width: 160, height: 100 };
/**
 * The button, F and opening a flow fit the same way. The overview sits in the bottom-right corner
 * over the canvas: while it is shown, fitting keeps the flow clear of it (and of the controls, left).
 */
export function fitViewOptions(overviewShown: boolean, coveredRight = 0): FitViewOptions {
  const margin = 32;
  const right = Math.max(overviewShown ? OVERVIEW_SIZE.width + 15 : 0, coveredRight) + margin;
  return { padding: { top: `${margin}px`, bottom: `${margin}px`, left: '64px', right: `${right}px` }, duration: 200 };
}
/** Below 1280 px the side panel is a drawer over the canvas's right edge: what it covers, when open. */
export const drawerCover = (sideOpen: boolean) => (sideOpen && window.innerWidth < 1280 ? SIDE_DRAWER_WIDTH : 0);
const SIDE_DRAWER_WIDTH = 368;
/** The overview is shown at first only where there is room for it beside the flow. */
export const overviewShownAtFirst = () => window.innerWidth >= 1280;

/** The canvas: the steps and their connections (React Flow), taking steps dropped from the palette. */
export function FlowCanvas({
  editable,
  context,
  overviewShown,
  onOverviewShown,
  coveredRight,
  onDrop,
  onStepClick,
}: {
  editable: boolean;
  context: FlowCanvasContext;
  overviewShown: boolean;
  onOverviewShown(shown: boolean): void;
  /** Pixels of the canvas's right edge hidden under the side drawer (narrow windows). */
  coveredRight: number;
  onDrop(event: DragEvent): void;
  onStepClick(): void;
}) {
  const editor = useFlowEditor();
  const t = useT();
  // React Flow's own words (its controls, the keyboard help it gives screen readers), in the UI's language.
  const ariaLabelConfig = {
    'node.a11yDescription.default': t('canvas.nodeHelp'),
    'node.a11yDescription.keyboardDisabled': t('canvas.nodeKeyboardHelp'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) => t('canvas.moved', { direction, x, y }),
    'edge.a11yDescription.default': t('canvas.edgeHelp'),
    'controls.ariaLabel': t('canvas.controls'),
    'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
    'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
    'controls.fitView.ariaLabel': t('canvas.fitView'),
    'controls.interactive.ariaLabel': t('canvas.interactive'),
    'minimap.ariaLabel': t('canvas.overview'),
    'handle.ariaLabel': t('canvas.handle'),
  };
  return (
    <div className="flow-canvas" onDrop={onDrop} onDragOver={(e) => e.preventDefault()} data-testid="flow-canvas">
      <FlowCanvasContextValue.Provider value={context}>
        <ReactFlow
          nodes={editor.nodes}
          edges={editor.edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={editor.onNodesChange}
          onEdgesChange={editor.onEdgesChange}
          onConnect={(c: Connection) => editor.connect(c)}
          isValidConnection={(c) => editor.canConnect(c as Connection)}
          onNodeClick={onStepClick}
          deleteKeyCode={null}
          nodesDraggable={editable}
          nodesConnectable={editable}
          minZoom={0.02}
          proOptions={{ hideAttribution: true }}
          ariaLabelConfig={ariaLabelConfig}
        >
          <Background />
          <Controls fitViewOptions={fitViewOptions(overviewShown, coveredRight)}>
            <ControlButton onClick={() => onOverviewShown(!overviewShown)} aria-pressed={overviewShown} aria-label={t('canvas.toggleOverview')} title={t('canvas.toggleOverview')}>
              <svg viewBox="0 0 16 16" aria-hidden="true">
                <rect x="1.5" y="3.5" width="13" height="9" fill="none" stroke="currentColor" />
                <rect x="8" y="7" width="5" height="4" fill="currentColor" />
              </svg>
            </ControlButton>
          </Controls>
          {overviewShown && <MiniMap pannable zoomable ariaLabel={t('canvas.overview')} style={OVERVIEW_SIZE} />}
        </ReactFlow>
      </FlowCanvasContextValue.Provider>
    </div>
  );
}
