/**
 * The «Новые слова» panel: the emerging terms of the selected place and period (words whose use by distinct
 * authors jumped in an hour), newest hour first — word, town or region, topic, hour, authors observed and
 * expected — and on a click one term's example messages. Words and message text are untrusted: they only reach
 * the page through textContent (dom.ts `el`, sample-quote.ts).
 */
import { getTerm, type TermDetail, type TermItem } from './api-client.ts';
import { byId, el, fmtExpected, fmtInt, fmtLocal } from './dom.ts';
import { sampleQuote } from './sample-quote.ts';

/** What the panel shows, for tests (part of window.__vsplesk). */
export interface TermsPanelState {
  /** The listed terms: total in the period and the ids shown, in order. */
  terms: { total: number; ids: string[] } | null;
  /** The term whose messages are shown. */
  term: TermDetail | null;
}

export interface TermsPanel {
  render(items: TermItem[], total: number, utcOffsetMin: number): void;
}

/** How many terms the list asks for: a compact list, newest hours first. */
export const TERMS_LISTED = 20;

/** «Екатеринбург»; a region-wide burst: «Свердловская обл (регион, 3 МО)». */
export function termPlace(t: TermItem): string {
  if (t.scope === 'municipality') return t.municipalityName ?? t.municipality;
  return `${t.regionName ?? t.region} (регион, ${fmtInt(t.municipalities)} МО)`;
}

export function createTermsPanel(state: TermsPanelState): TermsPanel {
  const table = byId<HTMLTableElement>('terms');
  const totalEl = byId('terms-total');
  const detailBox = byId('term-detail');
  /** Bumped by every render and click: a detail that arrives late for an older one is dropped. */
  let detailGeneration = 0;

  function render(items: TermItem[], total: number, utcOffsetMin: number): void {
    const tbody = table.tBodies[0] as HTMLTableSectionElement;
    state.terms = { total, ids: items.map((t) => t.id) };
    state.term = null;
    detailGeneration++;
    totalEl.textContent = total > items.length ? `(показано ${items.length} из ${total})` : `(${total})`;
    detailBox.replaceChildren();
    if (items.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: '6', class: 'empty' }, 'Новых слов нет')));
      return;
    }
    tbody.replaceChildren(
      ...items.map((t) => {
        const tr = el(
          'tr',
          { class: 'clickable', 'data-id': t.id, 'data-scope': t.scope },
          el('td', {}, termChip(t)),
          el('td', {}, termPlace(t)),
          el('td', {}, t.topicName ?? t.topic),
          el('td', { class: 'time' }, fmtLocal(t.startMs, utcOffsetMin)),
          el('td', { class: 'num' }, fmtInt(t.observed)),
          el('td', { class: 'num' }, fmtExpected(t.expected)),
        );
        tr.addEventListener('click', () => void show(t.id, utcOffsetMin));
        return tr;
      }),
    );
  }

  async function show(id: string, utcOffsetMin: number): Promise<void> {
    const my = ++detailGeneration;
    table.querySelectorAll('tr.selected').forEach((tr) => {
      tr.classList.remove('selected');
    });
    table.querySelector(`tr[data-id="${CSS.escape(id)}"]`)?.classList.add('selected');
    try {
      const t = await getTerm(id);
      if (my !== detailGeneration) return;
      state.term = t;
      detailBox.replaceChildren(...detail(t, utcOffsetMin));
    } catch (e) {
      if (my !== detailGeneration) return;
      detailBox.replaceChildren(el('div', { class: 'empty' }, `Ошибка: ${(e as Error).message}`));
    }
  }

  return { render };
}

/** The phrase residents wrote the word in («ремонт набережной») when there is one, else the word. */
function termChip(t: TermItem): HTMLElement {
  const chip = el('span', { class: 'chip', 'data-term': t.term }, t.phrase ?? t.term);
  if (t.phrase !== undefined) chip.title = `слово: ${t.term}`;
  return chip;
}

function detail(t: TermDetail, utcOffsetMin: number): Node[] {
  return [
    el(
      'h3',
      {},
      termChip(t),
      ` ${termPlace(t)} · ${fmtLocal(t.startMs, utcOffsetMin)} — ${fmtLocal(t.endMs, utcOffsetMin)}`,
    ),
    el(
      'div',
      { class: 'facts' },
      `авторов: ${fmtInt(t.observed)} при ожидании ${fmtExpected(t.expected)} · ` +
        `тема: ${t.topicName ?? t.topic}`,
    ),
    el('h4', {}, 'Сообщения'),
    ...(t.samples.length === 0
      ? [el('div', { class: 'empty' }, 'Сообщений со словом в хранилище нет')]
      : t.samples.map((m) => sampleQuote(m, utcOffsetMin))),
  ];
}
