import type { CampaignSummary } from '../../../shared/domain/campaign';
import { engine } from '../../engine-client';
import { useT } from '../../i18n';
import { Menu, type MenuAction } from '../../ui/Menu';
import { useConfirm } from '../../ui/Dialog';

/** What can be done to a campaign, the same from its row in the list and from its own page. */
export function useCampaignActions(onMessage: (text: string) => void, onChanged: () => void) {
  const t = useT();
  const { confirm, dialog } = useConfirm();
  const attempt = async (work: () => Promise<string | null>) => {
    try {
      const said = await work();
      if (said) onMessage(said);
      onChanged();
    } catch (error) {
      onMessage((error as Error).message);
    }
  };
  return {
    /** The question asked before a delete: rendered by the screen using these actions. */
    dialog,
    /** A copy to start from: the same audience, content and schedule, as a draft under a free name. */
    duplicate: (campaign: CampaignSummary) =>
      attempt(async () => {
        const taken = new Set((await engine.call('campaigns/list', {})).campaigns.map((c) => c.name));
        let name = t('campaigns.copyName', { name: campaign.name });
        for (let n = 2; taken.has(name); n++) name = t('campaigns.copyNameN', { name: campaign.name, n });
        const copy = await engine.call('campaigns/save', { name, channel: campaign.channel, audience: campaign.audience, content: campaign.content, schedule: campaign.schedule });
        return t('campaigns.duplicated', { name: copy.name });
      }),
    remove: (campaign: CampaignSummary, onRemoved?: () => void) =>
      attempt(async () => {
        if (!(await confirm(t('campaigns.confirmDelete', { name: campaign.name }), t('campaigns.delete')))) return null;
        await engine.call('campaigns/archive', { id: campaign.id });
        onRemoved?.();
        return t('campaigns.deleted', { name: campaign.name });
      }),
    act: (method: 'campaigns/launch' | 'campaigns/pause', campaign: CampaignSummary) =>
      attempt(async () => {
        const value = await engine.call(method, { id: campaign.id });
        return t('campaigns.isNow', { name: value.name, status: t(`campaigns.status.${value.status}`) });
      }),
  };
}

export type CampaignActionsApi = ReturnType<typeof useCampaignActions>;

/** One campaign's actions as its status allows: edit, launch or pause as buttons; duplicate, simulate and delete in a menu. */
export function CampaignButtons({
  campaign: c,
  actions,
  onEdit,
  onSimulate,
  onRemoved,
}: {
  campaign: CampaignSummary;
  actions: CampaignActionsApi;
  onEdit(campaign: CampaignSummary): void;
  onSimulate(campaign: CampaignSummary): void;
  onRemoved?(): void;
}) {
  const t = useT();
  const more: MenuAction[] = [{ label: t('campaigns.duplicate'), onSelect: () => void actions.duplicate(c) }];
  if (c.status === 'draft' || c.status === 'paused') more.push({ label: t('toolbar.simulate'), onSelect: () => onSimulate(c) });
  if (c.status !== 'scheduled' && c.status !== 'running') more.push({ label: t('campaigns.delete'), onSelect: () => void actions.remove(c, onRemoved), danger: true });
  return (
    <>
      {(c.status === 'draft' || c.status === 'paused' || c.status === 'scheduled') && (
        <button type="button" onClick={() => onEdit(c)} aria-label={t('campaigns.editName', { name: c.name })}>
          {t('campaigns.edit')}
        </button>
      )}
      {(c.status === 'draft' || c.status === 'paused') && (
        <button type="button" onClick={() => void actions.act('campaigns/launch', c)} aria-label={t('campaigns.launchName', { name: c.name })}>
          {t('campaigns.launch')}
        </button>
      )}
      {(c.status === 'scheduled' || c.status === 'running') && (
        <button type="button" onClick={() => void actions.act('campaigns/pause', c)} aria-label={t('campaigns.pauseName', { name: c.name })}>
          {t('campaigns.pause')}
        </button>
      )}
      <Menu label={t('campaigns.moreActions', { name: c.name })} trigger="⋯" actions={more} />
    </>
  );
}
