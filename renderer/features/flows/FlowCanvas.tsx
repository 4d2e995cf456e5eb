import { Background, Controls, MiniMap, ReactFlow, type Connection } from '@xyflow/react';
import type { DragEvent } from 'react';
import { FlowCanvasContextValue, type FlowCanvasContext } from './canvas-context';
import { useFlowEditor } from './editor-store';
import { StepNode } from './StepNode';
import { useT } from '../../i18n';

const NODE_TYPES = { step: StepNode };
/** The button and F fit the same way. */
export const FIT_VIEW = { padding: 0.2, duration: 200 };

/** The canvas: the steps and their connections (React Flow), taking steps dropped from the palette. */
export function FlowCanvas({ editable, context, onDrop, onStepClick }: { editable: boolean; context: FlowCanvasContext; onDrop(event: DragEvent): void; onStepClick(): void }) {
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
          <Controls fitViewOptions={FIT_VIEW} />
          <MiniMap pannable zoomable ariaLabel={t('canvas.overview')} />
        </ReactFlow>
      </FlowCanvasContextValue.Provider>
    </div>
  );
}
