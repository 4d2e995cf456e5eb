import type { CampaignSummary } from '../../../shared/domain/campaign';
import { engine } from '../../engine-client';
import { useT } from '../../i18n';

/** What can be done to a campaign, the same from its row in the list and from its own page. */
export function useCampaignActions(onMessage: (text: string) => void, onChanged: () => void) {
  const t = useT();
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
        if (!window.confirm(t('campaigns.confirmDelete', { name: campaign.name }))) return null;
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

/** The buttons for one campaign: edit, duplicate, launch, simulate, pause, delete, as its status allows. */
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
  return (
    <>
      {(c.status === 'draft' || c.status === 'paused' || c.status === 'scheduled') && (
        <button type="button" onClick={() => onEdit(c)} aria-label={t('campaigns.editName', { name: c.name })}>
          {t('campaigns.edit')}
        </button>
      )}
      <button type="button" onClick={() => void actions.duplicate(c)} aria-label={t('campaigns.duplicateName', { name: c.name })}>
        {t('campaigns.duplicate')}
      </button>
      {(c.status === 'draft' || c.status === 'paused') && (
        <>
          <button type="button" onClick={() => void actions.act('campaigns/launch', c)}>
            {t('campaigns.launch')}
          </button>
          <button type="button" onClick={() => onSimulate(c)}>
            {t('toolbar.simulate')}
          </button>
        </>
      )}
      {(c.status === 'scheduled' || c.status === 'running') && (
        <button type="button" onClick={() => void actions.act('campaigns/pause', c)}>
          {t('campaigns.pause')}
        </button>
      )}
      {c.status !== 'scheduled' && c.status !== 'running' && (
        <button type="button" className="danger" onClick={() => void actions.remove(c, onRemoved)} aria-label={t('campaigns.deleteName', { name: c.name })}>
          {t('campaigns.delete')}
        </button>
      )}
    </>
  );
}
