import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { FLOW_NODE_TYPES, type FlowNodeType } from '../../../shared/domain/flow';
import type { NameLookup } from '../../../shared/domain/flow-describe';
import { validateFlow } from '../../../shared/domain/flow-validation';
import { downloadText } from '../../download';
import { useAnalytics } from '../../stores/analytics';
import { useWorkspace } from '../../stores/workspace';
import { engine } from '../../engine-client';
import { readAgainOnChanges } from '../../engine-client/data-changes';
import { useFlows } from '../../stores/flows';
import { useFlowEditor } from './editor-store';
import { FlowSettingsPanel } from './FlowSettingsPanel';
import { Inspector } from './Inspector';
import { VersionsPanel } from './VersionsPanel';
import { Palette, STEP_MIME } from './Palette';
import { PublishDialog } from './PublishDialog';
import { ForecastDialog } from '../forecast/ForecastDialog';
import { ProblemList } from './ProblemList';
import { FlowToolbar, type SidePanel } from './FlowToolbar';
import { drawerCover, FlowCanvas, fitViewOptions, overviewShownAtFirst } from './FlowCanvas';
import { analyticsPeriodAt } from '../analytics/use-analytics-period';
import { useT } from '../../i18n';

/** Keys the editor handles itself, unless the user is typing in a field. */
const isTyping = (target: EventTarget) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Below this zoom a step's text cannot be read. */
const READABLE_ZOOM = 0.6;
const PALETTE_KEY = 'campaign-studio.palette';

/**
 * How a flow opens: the whole flow in view; a flow too long to fit readably opens at its top (the
 * triggers), centred, at a readable zoom (the minimap and F show the rest). An empty flow starts at
 * 100 %: fitting nothing would zoom in as far as it can.
 */
async function openingView(flow: ReturnType<typeof useReactFlow>, nodeCount: number, overviewShown: boolean, coveredRight: number): Promise<void> {
  if (nodeCount === 0) {
    await flow.setViewport({ x: 0, y: 0, zoom: 1 });
    return;
  }
  await flow.fitView({ ...fitViewOptions(overviewShown, coveredRight), duration: 0, maxZoom: 1 });
  const fitted = flow.getViewport();
  if (fitted.zoom >= READABLE_ZOOM) return;
  const bounds = flow.getNodesBounds(flow.getNodes());
  const middle = bounds.x + bounds.width / 2;
  // fitView centred the flow: the pane's middle is where the flow's middle landed.
  const paneMiddle = middle * fitted.zoom + fitted.x;
  await flow.setViewport({ x: paneMiddle - middle * READABLE_ZOOM, y: 24 - bounds.y * READABLE_ZOOM, zoom: READABLE_ZOOM });
}

function Editor({ flowId }: { flowId: number }) {
  const editor = useFlowEditor();
  const t = useT();
  const references = useFlows((s) => s.references);
  const open = useFlows((s) => s.open);
  const loadFlows = useFlows((s) => s.load);
  const flow = useReactFlow();
  const [panel, setPanel] = useState<SidePanel>('step');
  // Below 1280 px the side panel is a drawer over the canvas, which keeps the width: it can be put away.
  const [sideOpen, setSideOpen] = useState(true);
  const [overviewShown, setOverviewShown] = useState(overviewShownAtFirst);
  // The palette folds to a strip, giving the canvas its width; remembered on this computer.
  const [paletteOpen, setPaletteOpen] = useState(() => localStorage.getItem(PALETTE_KEY) !== 'closed');
  const openPalette = (open: boolean) => {
    setPaletteOpen(open);
    localStorage.setItem(PALETTE_KEY, open ? 'open' : 'closed');
  };
  const overviewShownNow = useRef(overviewShown);
  overviewShownNow.current = overviewShown;
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [forecasting, setForecasting] = useState(false);
  const [entrants, setEntrants] = useState<'stay' | 'move'>('stay');
  const [busy, setBusy] = useState(false);
  const detail = editor.detail;

  useEffect(() => {
    engine.call('flows/get', { id: flowId }).then(
      (value) => {
        useFlowEditor.getState().load(value);
        requestAnimationFrame(() => void openingView(flow, value.draft.nodes.length, overviewShownNow.current, drawerCover(true)));
      },
      (error: Error) => setMessage({ text: error.message, error: true }),
    );
  }, [flowId, flow]);

  // Leaving the editor (back to the list, another section) keeps the draft: unsaved changes are saved.
  useEffect(
    () => () => {
      const state = useFlowEditor.getState();
      if (state.dirty && state.detail?.id === flowId && state.detail.status !== 'archived') {
        void engine.call('flows/save', { id: flowId, definition: state.definition() }).then(
          () => useFlows.getState().load(),
          () => undefined,
        );
      }
    },
    [flowId],
  );

  const names: NameLookup = useMemo(() => {
    const segments = new Map(references.segments.map((s) => [s.id, s.name]));
    const providers = new Map(references.providers.map((p) => [p.id, p.name]));
    return { segmentName: (id) => segments.get(id), providerName: (id) => providers.get(id) };
  }, [references]);

  // Recomputed when the flow's content changes, not on every frame of a drag or a node being measured.
  const definition = useMemo(() => useFlowEditor.getState().definition(), [editor.graphVersion]);
  const issues = useMemo(
    () =>
      validateFlow(definition, {
        segments: new Map(references.segments.map((s) => [s.id, { name: s.name, kind: s.kind }])),
        providers: new Map(references.providers.map((p) => [p.id, { name: p.name, channel: p.channel }])),
      }),
    [definition, references],
  );
  // A published flow shows its messages per step; read again when the engine says data changed.
  const [stepCounts, setStepCounts] = useState<Record<string, Record<string, number>> | null>(null);
  const [funnelPeriod, setFunnelPeriod] = useState('');
  const published = detail?.version !== null && detail?.version !== undefined;
  // The canvas counts over the Analytics screen's period and attribution, so its numbers are the flow report's.
  const followDays = useAnalytics((s) => s.followDays);
  const chosenPeriod = useAnalytics((s) => s.period);
  const attribution = useAnalytics((s) => s.attribution);
  useEffect(() => {
    if (!published) return setStepCounts(null);
    // Messages per status, customers inside, and each send step's funnel in the period.
    const read = () =>
      void Promise.all([
        engine.call('flows/step-counts', { id: flowId }),
        engine.call('engine/clock', {}).then((status) => {
          const period = analyticsPeriodAt(Date.parse(status.now), useWorkspace.getState().settings?.timeZone ?? 'UTC', followDays, chosenPeriod);
          return engine.call('analytics/funnel', { flowId, period, attribution });
        }),
      ]).then(
        ([counts, funnel]) => {
          const steps = { ...counts.steps };
          for (const row of funnel.rows) steps[row.nodeId] = { ...steps[row.nodeId], periodSent: row.sent, impressions: row.impressions, clicked: row.clicked, conversions: row.conversions };
          setStepCounts(steps);
          setFunnelPeriod(followDays !== null ? t('step.lastDays', { count: followDays }) : t('step.fromTo', { from: funnel.period.from, to: funnel.period.to }));
        },
        () => undefined,
      );
    read();
    return readAgainOnChanges(null, read, 2_000);
  }, [flowId, published, followDays, chosenPeriod, attribution, t]);
  const canvasContext = useMemo(() => {
    const perNode = new Map<string, number>();
    for (const issue of issues) if (issue.nodeId) perNode.set(issue.nodeId, (perNode.get(issue.nodeId) ?? 0) + 1);
    return { issueCount: (id: string) => perNode.get(id) ?? 0, names, counts: (id: string) => (stepCounts ? (stepCounts[id] ?? {}) : null), funnelPeriod };
  }, [issues, names, stepCounts, funnelPeriod]);
  const selected = editor.nodes.filter((n) => n.selected);
  const selectedNode = selected.length === 1 ? selected[0]!.data.node : null;

  const save = useCallback(async () => {
    setBusy(true);
    try {
      const saved = await engine.call('flows/save', { id: flowId, definition: useFlowEditor.getState().definition() });
      useFlowEditor.getState().markSaved(saved);
      setMessage({ text: t(saved.status === 'live' ? 'editor.savedLive' : 'editor.saved') });
      void loadFlows();
      return saved;
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
      return null;
    } finally {
      setBusy(false);
    }
  }, [flowId, loadFlows, t]);

  const lifecycle = async (method: 'flows/pause' | 'flows/resume' | 'flows/archive') => {
    try {
      const value = await engine.call(method, { id: flowId });
      useFlowEditor.getState().markSaved({ ...value });
      setMessage({ text: t('editor.nowStatus', { name: value.name, status: t(`flows.status.${value.status}`) }) });
      void loadFlows();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  const publish = async () => {
    const saved = editor.dirty ? await save() : detail;
    if (!saved) return;
    try {
      const value = await engine.call('flows/publish', { id: flowId, entrants });
      useFlowEditor.getState().load(value);
      setPublishing(false);
      setMessage({ text: t(value.status === 'paused' ? 'editor.publishedPaused' : 'editor.published', { version: value.version ?? '' }) });
      void loadFlows();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  const exportFile = async () => {
    const file = await engine.call('flows/export', { id: flowId, version: null });
    downloadText(`${file.name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}.flow.json`, JSON.stringify(file, null, 2) + '\n', 'application/json');
  };

  const focusNode = (id: string) => {
    const node = editor.nodes.find((n) => n.id === id);
    if (!node) return;
    editor.select(id);
    setPanel('step');
    void flow.setCenter(node.position.x + 120, node.position.y + 50, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
  };

  /** Adds a step where it was dropped; onto a connection, between its two ends. */
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(STEP_MIME) as FlowNodeType;
    if (!FLOW_NODE_TYPES.includes(type)) return;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const edgeElement = document
      .elementsFromPoint(event.clientX, event.clientY)
      .map((el) => el.closest('.react-flow__edge'))
      .find((el) => el !== null);
    const edgeId = edgeElement?.getAttribute('data-id') ?? undefined;
    editor.addNode(type, { x: position.x - 120, y: position.y - 30 }, edgeId);
    setPanel('step');
  };

  /** Keyboard: palette items add at the centre of the view. */
  const addAtCentre = (type: FlowNodeType) => {
    const bounds = document.querySelector('.flow-canvas')?.getBoundingClientRect();
    const centre = bounds ? flow.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 }) : { x: 0, y: 0 };
    // Steps added one after another step down and right, instead of stacking on the same spot.
    const position = { x: centre.x - 120, y: centre.y - 30 };
    const taken = (x: number, y: number) => editor.nodes.some((n) => Math.abs(n.position.x - x) < 20 && Math.abs(n.position.y - y) < 20);
    while (taken(position.x, position.y)) {
      position.x += 40;
      position.y += 40;
    }
    editor.addNode(type, position);
    setPanel('step');
  };

  // Shortcuts work wherever focus is on the page (after a click on empty canvas too), unless a field is being typed in.
  const onKeyDown = (event: globalThis.KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 's') {
      event.preventDefault();
      void save();
      return;
    }
    if (event.target && isTyping(event.target)) return;
    if (mod && key === 'z' && !event.shiftKey) editor.undo();
    else if (mod && (key === 'y' || (key === 'z' && event.shiftKey))) editor.redo();
    else if (mod && key === 'c') editor.copySelected();
    else if (mod && key === 'v') editor.paste();
    else if (event.key === 'Delete' || event.key === 'Backspace') editor.removeSelected();
    else if (event.altKey && key === 'l') editor.layout();
    else if (key === 'f' && !mod && !event.altKey) void flow.fitView(fitViewOptions(overviewShown, drawerCover(sideOpen)));
    else return;
    event.preventDefault();
  };
  const latestKeyDown = useRef(onKeyDown);
  latestKeyDown.current = onKeyDown;
  useEffect(() => {
    const listener = (event: globalThis.KeyboardEvent) => latestKeyDown.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  if (!detail) return <p role="status">{message?.text ?? t('editor.opening')}</p>;
  const editable = detail.status !== 'archived';

  return (
    <div className="flow-editor">
      <header className="flow-editor-head">
        <button type="button" onClick={() => open(null)}>
          {t('editor.back')}
        </button>
        <h1>{detail.name}</h1>
        <span className={`status status-${detail.status}`} data-testid="flow-status">
          {t(`flows.status.${detail.status}`)}
          {detail.version !== null ? ` · v${detail.version}` : ''}
          {editor.dirty ? t('editor.unsaved') : detail.hasDraftChanges && detail.version !== null ? t('editor.draftChanges') : ''}
        </span>
        <FlowToolbar
          detail={detail}
          editable={editable}
          busy={busy}
          dirty={editor.dirty}
          canUndo={editor.past.length > 0}
          canRedo={editor.future.length > 0}
          problems={issues.length}
          panel={panel}
          actions={{
            undo: () => editor.undo(),
            redo: () => editor.redo(),
            layout: () => editor.layout(),
            save: () => void save(),
            publish: () => setPublishing(true),
            forecast: () => setForecasting(true),
            lifecycle: (method) => void lifecycle(method),
            exportFile: () => void exportFile(),
            showPanel: (shown) => {
              setPanel(shown);
              setSideOpen(true);
            },
          }}
        />
      </header>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'hint'}>
          {message.text}
        </p>
      )}
      {forecasting && <ForecastDialog subject={{ kind: 'flow', id: detail.id, name: detail.name }} onClose={() => setForecasting(false)} />}
      {publishing && <PublishDialog detail={detail} entrants={entrants} onEntrants={setEntrants} onPublish={() => void publish()} onCancel={() => setPublishing(false)} />}
      <div className={paletteOpen ? 'flow-workspace' : 'flow-workspace palette-closed'}>
        <Palette editable={editable} open={paletteOpen} onOpen={openPalette} onAdd={addAtCentre} />
        <FlowCanvas
          editable={editable}
          context={canvasContext}
          overviewShown={overviewShown}
          onOverviewShown={setOverviewShown}
          coveredRight={drawerCover(sideOpen)}
          onDrop={onDrop}
          onStepClick={() => {
            setPanel('step');
            setSideOpen(true);
          }}
        />
        <button type="button" className="side-toggle" aria-expanded={sideOpen} aria-controls="flow-side" onClick={() => setSideOpen(!sideOpen)}>
          {t(sideOpen ? 'editor.hidePanel' : 'editor.showPanel')}
        </button>
        <div className={sideOpen ? 'flow-side' : 'flow-side collapsed'} id="flow-side">
          {panel === 'settings' ? (
            <FlowSettingsPanel settings={editor.settings} segments={references.segments} onChange={(settings) => editor.setSettings(settings)} />
          ) : panel === 'versions' ? (
            <VersionsPanel
              detail={detail}
              dirty={editor.dirty}
              onRestored={(value, version) => {
                useFlowEditor.getState().load(value);
                setMessage({ text: t('editor.restored', { version }) });
              }}
            />
          ) : selectedNode ? (
            <Inspector
              node={selectedNode}
              issues={issues.filter((i) => i.nodeId === selectedNode.id)}
              references={references}
              allNodes={definition.nodes}
              edges={definition.edges}
              onChange={(change) => editor.updateNode(selectedNode.id, change)}
              onExitTarget={(exit, targetId) => editor.setExitTarget(selectedNode.id, exit, targetId)}
            />
          ) : (
            <p className="hint">{t('editor.selectHint')}</p>
          )}
          <ProblemList issues={issues} onFocus={focusNode} published={detail.version !== null && !editor.dirty && !detail.hasDraftChanges ? detail.version : null} />
        </div>
      </div>
    </div>
  );
}

export function FlowEditor({ flowId }: { flowId: number }) {
  return (
    <ReactFlowProvider>
      <Editor flowId={flowId} />
    </ReactFlowProvider>
  );
}
