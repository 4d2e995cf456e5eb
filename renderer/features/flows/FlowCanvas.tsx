import { Background, Controls, MiniMap, ReactFlow, type Connection } from '@xyflow/react';
import type { DragEvent } from 'react';
import { FlowCanvasContextValue, type FlowCanvasContext } from './canvas-context';
import { useFlowEditor } from './editor-store';
import { StepNode } from './StepNode';

const NODE_TYPES = { step: StepNode };

/** The canvas: the steps and their connections (React Flow), taking steps dropped from the palette. */
export function FlowCanvas({ editable, context, onDrop, onStepClick }: { editable: boolean; context: FlowCanvasContext; onDrop(event: DragEvent): void; onStepClick(): void }) {
  const editor = useFlowEditor();
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
        >
          <Background />
          <Controls />
          <MiniMap pannable zoomable ariaLabel="Flow overview" />
        </ReactFlow>
      </FlowCanvasContextValue.Provider>
    </div>
  );
}
