/**
 * One cluster's messages (GET /api/clusters/:id), earliest first, a page at a time: «Показать ещё» asks for the
 * next `CLUSTER_PAGE` from where the list ends. A generation counter drops replies for a cluster no longer
 * shown (another cluster or alert chosen meanwhile). Texts are untrusted: they only reach the page through
 * textContent (dom.ts `el`, sample-quote.ts).
 */
import { type ClusterDetail, getCluster } from './api-client.ts';
import { el, fmtInt, fmtLocal } from './dom.ts';
import { CLUSTER_KIND_RU, messagesWord } from './explanation-section.ts';
import { sampleQuote } from './sample-quote.ts';

/** Messages asked for per page. */
export const CLUSTER_PAGE = 20;

/** What it shows, for tests (part of window.__vsplesk). */
export interface ClusterMessagesState {
  /** The cluster shown, its `messages.items` every page loaded so far. */
  cluster: ClusterDetail | null;
}

export interface ClusterMessages {
  /** Shows cluster `id` in `box` (its first page). */
  show(id: string, box: HTMLElement, utcOffsetMin: number): Promise<void>;
  /** Forgets the shown cluster (its box was replaced); replies still on their way are dropped. */
  reset(): void;
}

export function createClusterMessages(state: ClusterMessagesState): ClusterMessages {
  let generation = 0;

  function reset(): void {
    generation++;
    state.cluster = null;
  }

  async function show(id: string, box: HTMLElement, utcOffsetMin: number): Promise<void> {
    const my = ++generation;
    state.cluster = null;
    box.replaceChildren(el('div', { class: 'empty' }, 'Загрузка…'));
    try {
      const c = await getCluster(id, { limit: CLUSTER_PAGE, offset: 0 });
      if (my !== generation) return;
      state.cluster = c;
      const list = el('div', { class: 'cluster-messages', 'data-testid': 'cluster-messages' });
      const more = el('button', { type: 'button', class: 'more' }, 'Показать ещё');
      const count = el('span', { class: 'legend-note', role: 'status' });
      const footer = el('div', { class: 'cluster-more' }, more, count);
      const append = (page: ClusterDetail) => {
        list.append(...page.messages.items.map((m) => sampleQuote(m, utcOffsetMin)));
        const shown = c.messages.items.length;
        count.textContent = `показано ${fmtInt(shown)} из ${fmtInt(page.messages.total)}`;
        more.hidden = shown >= page.messages.total || page.messages.items.length === 0;
      };
      more.addEventListener('click', async () => {
        more.disabled = true;
        try {
          const next = await getCluster(id, { limit: CLUSTER_PAGE, offset: c.messages.items.length });
          if (my !== generation) return;
          c.messages = {
            ...next.messages,
            items: [...c.messages.items, ...next.messages.items],
            offset: 0,
            limit: c.messages.items.length + next.messages.items.length,
          };
          append(next);
        } catch (e) {
          if (my !== generation) return;
          count.textContent = `Ошибка: ${(e as Error).message}`;
        } finally {
          more.disabled = false;
        }
      });
      box.replaceChildren(
        el(
          'h5',
          {},
          ...(c.kind === 'story' ? [] : [el('span', { class: 'kind-flag' }, CLUSTER_KIND_RU[c.kind]), ' ']),
          c.label,
        ),
        el(
          'div',
          { class: 'why-facts' },
          `${c.municipalityName ?? c.municipality} · ${c.topicName ?? c.topic} · ` +
            `${fmtLocal(c.startMs, utcOffsetMin)} — ${fmtLocal(c.lastMs, utcOffsetMin)} · ` +
            `${fmtInt(c.messageCount)} ${messagesWord(c.messageCount)}, авторов: ${fmtInt(c.authors)}` +
            (c.closed ? ' · завершён' : ''),
        ),
        ...(c.streets.length > 0
          ? [el('div', { class: 'why-facts' }, `Улицы: ${c.streets.map((s) => s.label).join(', ')}`)]
          : []),
        list,
        footer,
      );
      if (c.messages.items.length === 0)
        list.append(el('div', { class: 'empty' }, 'Сообщений в хранилище нет'));
      append(c);
    } catch (e) {
      if (my !== generation) return;
      box.replaceChildren(el('div', { class: 'empty' }, `Ошибка: ${(e as Error).message}`));
    }
  }

  return { show, reset };
}
