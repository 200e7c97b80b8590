/**
 * «Почему всплеск»: an alert's explanation (cluster/explain.ts through the API) — the words and phrases that
 * distinguish its messages from the place's background (chips, with their counts in both), the streets (and city districts) it
 * concentrates on, the clusters (stories) its messages belong to — a flood or a campaign flagged — each one a
 * button that opens its messages, and representative messages. Every text here comes from residents (masked,
 * but untrusted): it only reaches the page through textContent (dom.ts `el`) and title attributes.
 */
import type { ClusterKind, Explanation } from './api-client.ts';
import { el, fmtInt, fmtLocal } from './dom.ts';

/** A flood or a campaign is flagged: its volume is a few accounts, or one text, not residents at large. */
export const CLUSTER_KIND_RU: Record<ClusterKind, string> = {
  story: 'сюжет',
  flood: 'флуд',
  campaign: 'кампания',
};
const CLUSTER_KIND_TITLE: Record<ClusterKind, string> = {
  story: 'Сообщения разных жителей об одном',
  flood: 'Один-два аккаунта повторяют один текст',
  campaign: 'Один текст от многих аккаунтов',
};

const pct = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 0 });

/** «сообщение», «сообщения», «сообщений» after n. */
export function messagesWord(n: number): string {
  const d10 = n % 10;
  const d100 = n % 100;
  if (d10 === 1 && d100 !== 11) return 'сообщение';
  if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return 'сообщения';
  return 'сообщений';
}

export interface ExplanationSection {
  /** The section (its cluster buttons call `onCluster`). */
  element: HTMLElement;
  /** Where a cluster's messages go, below its list. */
  clusterBox: HTMLElement;
  /** Marks the chosen cluster's button. */
  select(id: string): void;
}

export function explanationSection(
  e: Explanation,
  utcOffsetMin: number,
  onCluster: (id: string) => void,
): ExplanationSection {
  const clusterBox = el('div', { class: 'cluster-detail', 'data-testid': 'cluster-detail' });
  const buttons = e.clusters.map((c) => {
    const b = el(
      'button',
      { type: 'button', class: `cluster kind-${c.kind}`, 'data-id': c.id, 'data-kind': c.kind },
      ...(c.kind === 'story'
        ? []
        : [
            el('span', { class: 'kind-flag', title: CLUSTER_KIND_TITLE[c.kind] }, CLUSTER_KIND_RU[c.kind]),
            ' ',
          ]),
      el('span', { class: 'cluster-label' }, c.label),
      el(
        'span',
        { class: 'cluster-facts' },
        ` · ${fmtInt(c.messages)} ${messagesWord(c.messages)}, во всплеске ${fmtInt(c.inWindow)}`,
      ),
    );
    b.title = [
      CLUSTER_KIND_TITLE[c.kind],
      `авторов: ${fmtInt(c.authors)}`,
      ...(c.terms.length > 0 ? [`слова: ${c.terms.join(', ')}`] : []),
      ...(c.streets.length > 0 ? [`улицы: ${c.streets.join(', ')}`] : []),
    ].join('\n');
    b.addEventListener('click', () => onCluster(c.id));
    return b;
  });

  const parts: Node[] = [
    el('h4', {}, 'Почему всплеск'),
    el(
      'div',
      { class: 'why-facts' },
      `${fmtInt(e.messages)} ${messagesWord(e.messages)} всплеска сравнены с фоном: ` +
        `${fmtInt(e.referenceMessages)} ${messagesWord(e.referenceMessages)} этого места`,
    ),
  ];
  if (e.terms.length > 0) {
    parts.push(
      el(
        'div',
        { class: 'why-terms', 'data-testid': 'why-terms' },
        'Ключевые слова (сообщений во всплеске / в фоне): ',
        ...e.terms.map((t) =>
          el(
            'span',
            {
              class: 'chip',
              'data-stem': t.stem,
              title:
                `«${t.term}»: в ${fmtInt(t.target)} из ${fmtInt(e.messages)} ${messagesWord(e.messages)} всплеска, ` +
                `в фоне — в ${fmtInt(t.reference)} из ${fmtInt(e.referenceMessages)}`,
            },
            t.term,
            el('span', { class: 'chip-count' }, ` ${fmtInt(t.target)}/${fmtInt(t.reference)}`),
          ),
        ),
      ),
    );
  }
  if (e.streets.length > 0)
    parts.push(
      ...placeList(
        'Улицы',
        'why-streets',
        e.streets.map((s) => ({ ...s, attr: { 'data-key': s.key }, name: s.label })),
      ),
    );
  if (e.districts.length > 0)
    parts.push(
      ...placeList(
        'Районы',
        'why-districts',
        e.districts.map((d) => ({ ...d, attr: { 'data-code': d.code } })),
      ),
    );
  if (buttons.length > 0) {
    parts.push(
      el('div', { class: 'why-label' }, 'Сюжеты (нажмите, чтобы увидеть сообщения)'),
      el('div', { class: 'why-clusters', 'data-testid': 'why-clusters' }, ...buttons),
      clusterBox,
    );
  }
  if (e.samples.length > 0) {
    parts.push(
      el('div', { class: 'why-label' }, 'Характерные сообщения'),
      el(
        'div',
        { class: 'why-samples', 'data-testid': 'why-samples' },
        ...e.samples.map((m) =>
          el(
            'blockquote',
            { class: 'sample', 'data-id': m.id },
            el('div', { class: 'sample-text' }, m.text),
            el('cite', {}, fmtLocal(m.eventTimeMs, utcOffsetMin)),
          ),
        ),
      ),
    );
  }
  if (e.terms.length === 0 && e.streets.length === 0 && buttons.length === 0 && e.samples.length === 0) {
    parts.push(el('div', { class: 'empty' }, 'Объяснения нет: сообщений всплеска в хранилище нет'));
  }
  return {
    element: el('section', { class: 'why', 'data-testid': 'why' }, ...parts),
    clusterBox,
    select(id: string) {
      for (const b of buttons) b.classList.toggle('selected', b.dataset.id === id);
    },
  };
}

/** Streets or districts of a spike: each with its messages, share, and (in its title) the background's count. */
function placeList(
  label: string,
  testId: string,
  rows: readonly {
    attr: Record<string, string>;
    name: string;
    messages: number;
    share: number;
    reference: number;
  }[],
): HTMLElement[] {
  return [
    el('div', { class: 'why-label' }, label),
    el(
      'ul',
      { class: `why-places ${testId}`, 'data-testid': testId },
      ...rows.map((r) =>
        el(
          'li',
          { ...r.attr, title: `в фоне: ${fmtInt(r.reference)} ${messagesWord(r.reference)}` },
          el('span', { class: 'street-label' }, r.name),
          ` — ${fmtInt(r.messages)} ${messagesWord(r.messages)} (${pct.format(r.share)})`,
        ),
      ),
    ),
  ];
}
