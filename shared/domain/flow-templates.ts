import { defaultFlowSettings, defaultNodeData, exitsOf, type FlowDefinition, type FlowEdge, type FlowNode, type FlowNodeData, type FlowNodeType, type FlowSettings } from './flow';
import { layoutFlow } from './flow-layout';
import type { FilterCondition, FilterGroup } from './segment-filter';

/**
 * The gallery: the reference flows (DOMAIN.md) drawn with the canvas's own nodes, so a CRM manager
 * starts from a working journey and edits words, delays and audiences. Lists a template adds to are
 * named (`listName`); creating a flow from it makes the list when the workspace has none by that name.
 */
export interface FlowTemplate {
  id: string;
  name: string;
  description: string;
  build(): FlowDefinition;
}

const and = (...conditions: FilterCondition[]): FilterGroup => ({ type: 'group', op: 'and', conditions });
const did = (event: string, days: number): FilterCondition => ({ type: 'behaviour', event, occurrence: 'at_least', count: 1, window: { kind: 'last', amount: days, unit: 'days' }, where: [] });
const didNot = (event: string, days: number): FilterCondition => ({ type: 'behaviour', event, occurrence: 'at_most', count: 0, window: { kind: 'last', amount: days, unit: 'days' }, where: [] });

/** Builds a definition step by step, then lays it out top to bottom (flow-layout.ts). */
class Draft {
  private readonly nodes: FlowNode[] = [];
  private readonly edges: FlowEdge[] = [];

  add<T extends FlowNodeType>(type: T, label: string, data: Partial<FlowNodeData<T>> = {}): string {
    const id = `n${this.nodes.length + 1}`;
    this.nodes.push({ id, type, label, position: { x: 0, y: 0 }, data: { ...defaultNodeData(type), ...data } } as FlowNode);
    return id;
  }

  link(source: string, exit: string, target: string): this {
    this.edges.push({ id: `e${this.edges.length + 1}`, source, exit, target });
    return this;
  }

  /** A straight path: each step's single exit leads to the next. */
  chain(...ids: string[]): this {
    for (let i = 1; i < ids.length; i++) this.link(ids[i - 1]!, 'next', ids[i]!);
    return this;
  }

  /** Every exit left open ends the path. */
  build(settings: Partial<FlowSettings> = {}): FlowDefinition {
    for (const node of [...this.nodes]) {
      for (const exit of exitsOf(node)) {
        if (!this.edges.some((e) => e.source === node.id && e.exit === exit.id)) this.link(node.id, exit.id, this.add('exit', 'Exit'));
      }
    }
    return layoutFlow({ nodes: this.nodes, edges: this.edges, settings: { ...defaultFlowSettings(), ...settings } });
  }
}

const push = (title: string, body: string, link = '') => ({ channel: 'push' as const, title, body, link });
const email = (subject: string, intro: string) => ({
  channel: 'email' as const,
  subject,
  html: `<p>Bonjour {{ customer.first_name | default: "" }},</p><p>${intro}</p><p><a href="{{ unsubscribe_url }}">Se désabonner</a></p>`,
});

/** The templates' names and descriptions in English; the UI's catalogue holds them under `flowTemplate.`. */
export const FLOW_TEMPLATE_WORDS_EN = {
  'onboarding.name': 'Onboarding',
  'onboarding.description': 'From app install: 15 days, 4 steps (welcome voucher, tutorials, offers), and abandoned-cart pushes PN1-PN3.',
  'active-users.name': 'Active users',
  'active-users.description': 'Visited yesterday, not installed in the last 7 days (still in onboarding), abandoned-cart pushes PN1-PN3.',
  'reactivation.name': 'Reactivation',
  'reactivation.description': 'No visit for 30, 60 and 90 days: a voucher at each step, bigger as the customer drifts away.',
  'welcome-after-purchase.name': 'Welcome after a purchase',
  'welcome-after-purchase.description': 'A purchase: if it is the first, email a -15 % code; otherwise add the customer to "Loyal customers".',
  'abandoned-cart-email.name': 'Abandoned cart email',
  'abandoned-cart-email.description': 'No order 24 h after the cart: email 1; still none 3 days later: email 2.',
  'inactive-signups.name': 'Recent inactive sign-ups',
  'inactive-signups.description': '30 days after sign-up with no purchase: an offer; still nothing 4 months later: a satisfaction survey.',
  'complementary-products.name': 'Complementary products',
  'complementary-products.description': 'After a purchase, suggest what goes with it: a phone gets cases and earphones.',
} as const;
const W = FLOW_TEMPLATE_WORDS_EN;

/**
 * PN1-PN3 after an add to cart: each waits, then stops if the cart was bought. With `keyed`, the
 * flow's trigger is the add to cart, and only a purchase of that cart (same cart_id) counts.
 */
function abandonedCartPushes(draft: Draft, from: string, fromExit: string, keyed: boolean): void {
  const matchKey = keyed ? 'cart_id' : '';
  const cartLink = keyed ? 'https://shop.example/cart/{{ event.cart_id }}' : 'https://shop.example/cart';
  const wait1 = draft.add('wait_event', 'Purchase within 1 h?', { event: 'purchase', timeout: { amount: 1, unit: 'hours' }, matchKey });
  const pn1 = draft.add('send', 'PN1', push('Votre panier vous attend', '{{ customer.first_name }}, vos articles sont toujours dans votre panier.', cartLink));
  const wait2 = draft.add('wait_event', 'Purchase within 24 h?', { event: 'purchase', timeout: { amount: 24, unit: 'hours' }, matchKey });
  const pn2 = draft.add('send', 'PN2', push('Encore disponible', 'Les articles de votre panier partent vite.', cartLink));
  const wait3 = draft.add('wait_event', 'Purchase within 3 days?', { event: 'purchase', timeout: { amount: 3, unit: 'days' }, matchKey });
  const pn3 = draft.add('send', 'PN3', push('Dernière chance', 'Livraison offerte sur votre panier aujourd’hui.', cartLink));
  draft.link(from, fromExit, wait1).link(wait1, 'timeout', pn1).chain(pn1, wait2).link(wait2, 'timeout', pn2).chain(pn2, wait3).link(wait3, 'timeout', pn3);
}

export const FLOW_TEMPLATES: readonly FlowTemplate[] = [
  {
    id: 'onboarding',
    name: W['onboarding.name'],
    description: W['onboarding.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_event', 'App installed', { event: 'app_install' });
      const welcome = d.add('send', 'Welcome voucher', push('Bienvenue !', '{{ customer.first_name }}, -10 % sur votre première commande avec BIENVENUE.'));
      const day2 = d.add('wait_delay', 'Wait 2 days', { delay: { amount: 2, unit: 'days' } });
      const tutorial = d.add('send', 'Tutorial', push('Astuce', 'Suivez vos commandes en un clic depuis l’app.'));
      const day7 = d.add('wait_delay', 'Wait 5 days', { delay: { amount: 5, unit: 'days' } });
      const offers = d.add('send', 'Offers of the week', push('Offres de la semaine', 'Nos meilleures offres, choisies pour vous.'));
      const cart = d.add('wait_event', 'Add to cart within 8 days?', { event: 'add_to_cart', timeout: { amount: 8, unit: 'days' } });
      d.chain(trigger, welcome, day2, tutorial, day7, offers, cart);
      abandonedCartPushes(d, cart, 'happened', false);
      d.add('goal', 'Purchase', { event: 'purchase' });
      return d.build({ entry: { mode: 'once', againAfterDays: 30 } });
    },
  },
  {
    id: 'active-users',
    name: W['active-users.name'],
    description: W['active-users.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_event', 'Cart by an active user', { event: 'add_to_cart', key: 'cart_id' });
      const visited = d.add('condition', 'Visited yesterday?', { filter: { type: 'group', op: 'or', conditions: [did('app_open', 1), did('site_visit', 1)] } });
      d.link(trigger, 'next', visited);
      abandonedCartPushes(d, visited, 'yes', true);
      return d.build({ exclusion: and(did('app_install', 7)), entry: { mode: 'again_after', againAfterDays: 1 } });
    },
  },
  {
    id: 'reactivation',
    name: W['reactivation.name'],
    description: W['reactivation.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_segment', 'Inactive for 30 days', { filter: and(didNot('app_open', 30), didNot('site_visit', 30)) });
      const v1 = d.add('send', 'Voucher -10 %', push('Vous nous manquez', '-10 % avec RETOUR10, valable 7 jours.'));
      const w1 = d.add('wait_event', 'Back within 30 days?', { event: 'app_open', timeout: { amount: 30, unit: 'days' } });
      const v2 = d.add('send', 'Voucher -15 %', push('Un cadeau pour vous', '-15 % avec RETOUR15.'));
      const w2 = d.add('wait_event', 'Back within 30 more days?', { event: 'app_open', timeout: { amount: 30, unit: 'days' } });
      const v3 = d.add('send', 'Voucher -20 % (90 days)', email('-20 % pour votre retour', 'Cela fait 90 jours : profitez de -20 % avec RETOUR20.'));
      d.chain(trigger, v1, w1).link(w1, 'timeout', v2).chain(v2, w2).link(w2, 'timeout', v3);
      d.add('goal', 'Purchase', { event: 'purchase' });
      return d.build({ entry: { mode: 'again_after', againAfterDays: 180 } });
    },
  },
  {
    id: 'welcome-after-purchase',
    name: W['welcome-after-purchase.name'],
    description: W['welcome-after-purchase.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_event', 'Purchase', { event: 'purchase' });
      const first = d.add('condition', 'First purchase?', { filter: and({ type: 'behaviour', event: 'purchase', occurrence: 'exactly', count: 1, window: { kind: 'ever' }, where: [] }) });
      const code = d.add('send', '-15 % code', email('Merci pour votre première commande', 'Voici -15 % sur la prochaine avec MERCI15.'));
      const loyal = d.add('list_membership', 'Loyal customers', { op: 'add', listName: 'Loyal customers' });
      d.chain(trigger, first).link(first, 'yes', code).link(first, 'no', loyal);
      return d.build({ entry: { mode: 'unlimited', againAfterDays: 30 } });
    },
  },
  {
    id: 'abandoned-cart-email',
    name: W['abandoned-cart-email.name'],
    description: W['abandoned-cart-email.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_event', 'Added to cart', { event: 'add_to_cart', key: 'cart_id' });
      const w1 = d.add('wait_event', 'Order within 24 h?', { event: 'purchase', timeout: { amount: 24, unit: 'hours' }, matchKey: 'cart_id' });
      const e1 = d.add('send', 'Email 1', { ...email('Vous avez oublié quelque chose', 'Votre panier est prêt : finalisez votre commande.'), link: 'https://shop.example/cart/{{ event.cart_id }}' });
      const w2 = d.add('wait_event', 'Order within 3 days?', { event: 'purchase', timeout: { amount: 3, unit: 'days' }, matchKey: 'cart_id' });
      const e2 = d.add('send', 'Email 2', email('Votre panier expire bientôt', 'Derniers jours pour retrouver vos articles.'));
      d.chain(trigger, w1).link(w1, 'timeout', e1).chain(e1, w2).link(w2, 'timeout', e2);
      return d.build({ entry: { mode: 'unlimited', againAfterDays: 30 } });
    },
  },
  {
    id: 'inactive-signups',
    name: W['inactive-signups.name'],
    description: W['inactive-signups.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_date', '30 days after sign-up', { field: 'signupAt', offset: { amount: 30, unit: 'days' }, direction: 'after', time: '10:00' });
      const bought = d.add('condition', 'Purchased since sign-up?', { filter: and(did('purchase', 30)) });
      const offer = d.add('send', 'Offer', email('Une offre pour bien commencer', 'Livraison offerte sur votre première commande.'));
      const later = d.add('wait_event', 'Purchase within 4 months?', { event: 'purchase', timeout: { amount: 4, unit: 'months' } });
      const survey = d.add('send', 'Survey', email('Votre avis compte', 'Deux minutes pour nous dire ce qui vous manque ?'));
      d.chain(trigger, bought).link(bought, 'no', offer).chain(offer, later).link(later, 'timeout', survey);
      return d.build();
    },
  },
  {
    id: 'complementary-products',
    name: W['complementary-products.name'],
    description: W['complementary-products.description'],
    build() {
      const d = new Draft();
      const trigger = d.add('trigger_event', 'Purchase', { event: 'purchase' });
      const wait = d.add('wait_delay', 'Wait 3 days', { delay: { amount: 3, unit: 'days' } });
      const paths = d.add('split_audience', 'What did they buy?', {
        paths: [
          {
            id: 'phones',
            label: 'Phones',
            filter: and({
              type: 'behaviour',
              event: 'purchase',
              occurrence: 'at_least',
              count: 1,
              window: { kind: 'last', amount: 3, unit: 'days' },
              where: [{ property: 'category', operator: 'equals', value: 'phones' }],
            }),
          },
          {
            id: 'fashion',
            label: 'Fashion',
            filter: and({
              type: 'behaviour',
              event: 'purchase',
              occurrence: 'at_least',
              count: 1,
              window: { kind: 'last', amount: 3, unit: 'days' },
              where: [{ property: 'category', operator: 'equals', value: 'fashion' }],
            }),
          },
        ],
      });
      // Products of the categories that go with their purchase (Settings → Product catalogue), else a general line.
      const picks = (fallback: string) =>
        `{% assign picks = customer | recommended: 2 %}{% if picks.size > 0 %}{% for p in picks %}{{ p.name }}{% unless forloop.last %}, {% endunless %}{% endfor %} : -10 % cette semaine.{% else %}${fallback}{% endif %}`;
      const phones = d.add('send', 'Cases and earphones', push('Protégez votre nouveau téléphone', picks('Coques et écouteurs compatibles, -10 %.')));
      const fashion = d.add('send', 'Complete the look', push('Complétez votre tenue', picks('Accessoires assortis à votre achat.')));
      d.chain(trigger, wait, paths).link(paths, 'phones', phones).link(paths, 'fashion', fashion);
      return d.build({ entry: { mode: 'unlimited', againAfterDays: 30 } });
    },
  },
];
