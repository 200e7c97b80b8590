/**
 * The «Инциденты» panel: the incidents of the selection and period (GET /api/alerts?view=incidents: one row per
 * story, though the classifier may have filed it under several topics), newest first, each with its emerging words
 * as chips (what it is about) and the other topics it was also filed under («также: …», each opening that alert),
 * its severity the strongest of them; on a click (in the list, or on its band in the chart: `open`) one alert's
 * detail — flagged windows, peak, why it spiked (explanation-section.ts: key words, streets, clusters
 * whose messages open below them, cluster-messages.ts), sample messages, analysts' verdicts — with buttons that
 * POST a verdict (real / known cause / noise) and add it to the list without reloading. An expected rise (a
 * calendar cause or a seasonal wave) is muted, shows its cause and no response deadline. Words and message text
 * are untrusted: they only reach the page through textContent (dom.ts `el`), and links only for http(s) URLs.
 */
import {
  type AlertDetail,
  type AlertFeedback,
  type AlertItem,
  type FeedbackLabel,
  getJson,
  type IncidentItem,
  type IncidentMember,
  postJson,
} from './api-client.ts';
import { type ClusterMessagesState, createClusterMessages } from './cluster-messages.ts';
import { byId, el, fmtExpected, fmtInt, fmtLocal } from './dom.ts';
import { explanationSection } from './explanation-section.ts';
import { sampleQuote } from './sample-quote.ts';

/** What the panel shows, for tests (part of window.__vsplesk). */
export interface AlertsPanelState extends ClusterMessagesState {
  /** The listed incidents (their head alerts): total in the period and the ids shown, in order. */
  alerts: { total: number; ids: string[] } | null;
  /** The alert whose detail is shown (its feedback includes verdicts posted since). */
  alert: AlertDetail | null;
  /** Verdicts posted from this page. */
  feedbackPosts: number;
}

export interface AlertsPanel {
  render(items: IncidentItem[], total: number, utcOffsetMin: number): void;
  /** Shows alert `id`'s detail (as a click on its row or chip does), in the offset of the last render. */
  open(id: string): Promise<void>;
}

/** How many sample messages the detail shows (the API returns a few more). */
export const ALERT_SAMPLES_SHOWN = 5;

const SEVERITY_RU: Record<string, string> = { critical: 'критическая', high: 'высокая', normal: 'обычная' };
/** A marker per level, besides the colour: three, two, one bars. */
const SEVERITY_MARK: Record<string, string> = { critical: '▮▮▮', high: '▮▮▯', normal: '▮▯▯' };
const STATUS_RU: Record<string, string> = { open: 'открыт', closed: 'закрыт' };
export const FEEDBACK_RU: Record<FeedbackLabel, string> = {
  real: 'Реальный инцидент',
  known_cause: 'Известная причина',
  noise: 'Шум',
};
const WORKING_DAY_MIN = 480;
const EXPECTED_TITLE = 'Ожидаемый рост с известной причиной — не инцидент';

/** 60 → «1 ч», 240 → «4 ч», 480 → «рабочий день». */
export function fmtRespondWithin(min: number): string {
  if (min >= WORKING_DAY_MIN) return 'рабочий день';
  return min % 60 === 0 ? `${min / 60} ч` : `${min} мин`;
}

export function createAlertsPanel(state: AlertsPanelState): AlertsPanel {
  const table = byId<HTMLTableElement>('alerts');
  const totalEl = byId('alerts-total');
  const detailBox = byId('alert-detail');
  const clusters = createClusterMessages(state);
  /** Bumped by every render and click: a detail that arrives late for an older one is dropped. */
  let detailGeneration = 0;
  let lastOffsetMin = 0;

  function render(items: IncidentItem[], total: number, utcOffsetMin: number): void {
    const tbody = table.tBodies[0] as HTMLTableSectionElement;
    state.alerts = { total, ids: items.map((a) => a.id) };
    state.alert = null;
    lastOffsetMin = utcOffsetMin;
    detailGeneration++;
    clusters.reset();
    totalEl.textContent = total > items.length ? `(показано ${items.length} из ${total})` : `(${total})`;
    detailBox.replaceChildren();
    if (items.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'empty' }, 'Инцидентов нет')));
      return;
    }
    tbody.replaceChildren(
      ...items.map((a) => {
        const tr = el(
          'tr',
          {
            class: a.expected ? 'clickable expected' : 'clickable',
            'data-id': a.id,
            'data-severity': a.severity,
            ...(a.expected ? { title: EXPECTED_TITLE } : {}),
          },
          el('td', {}, severityBadge(a.severity)),
          el('td', {}, placeOf(a)),
          el(
            'td',
            { class: 'topic' },
            a.topicName ?? a.topic,
            ...alsoFiledUnder('также: ', a.members, utcOffsetMin, (id) => void show(id, utcOffsetMin)),
          ),
          el('td', { class: 'terms' }, ...termChips(a.terms)),
          el('td', { class: 'time' }, fmtLocal(a.startMs, utcOffsetMin)),
          // An expected rise calls for no response: no deadline, so it does not read as an incident.
          el('td', {}, a.expected ? '—' : fmtRespondWithin(a.respondWithinMin)),
          el('td', {}, el('span', { class: `status-${a.status}` }, STATUS_RU[a.status] ?? a.status)),
          el('td', { class: 'cause' }, causeText(a)),
        );
        tr.addEventListener('click', () => void show(a.id, utcOffsetMin));
        return tr;
      }),
    );
  }

  async function show(id: string, utcOffsetMin: number): Promise<void> {
    const my = ++detailGeneration;
    clusters.reset();
    table.querySelectorAll('tr.selected').forEach((tr) => {
      tr.classList.remove('selected');
    });
    // A member's alert selects its incident's row.
    const key = CSS.escape(id);
    table.querySelector(`tr[data-id="${key}"], tr:has([data-member-id="${key}"])`)?.classList.add('selected');
    try {
      const a = await getJson<AlertDetail>(`/api/alerts/${encodeURIComponent(id)}`);
      if (my !== detailGeneration) return;
      state.alert = a;
      detailBox.replaceChildren(...detail(a, utcOffsetMin));
    } catch (e) {
      if (my !== detailGeneration) return;
      detailBox.replaceChildren(el('div', { class: 'empty' }, `Ошибка: ${(e as Error).message}`));
    }
  }

  function detail(a: AlertDetail, utcOffsetMin: number): Node[] {
    const samples = a.samples.slice(0, ALERT_SAMPLES_SHOWN);
    const verdicts = el('ul', { id: 'alert-feedback', 'data-testid': 'alert-feedback', class: 'verdicts' });
    const renderVerdicts = () => {
      verdicts.replaceChildren(
        ...(a.feedback.length === 0
          ? [el('li', { class: 'empty' }, 'Оценок пока нет')]
          : a.feedback.map((f) => verdictItem(f, utcOffsetMin))),
      );
    };
    renderVerdicts();
    const note = el('input', {
      type: 'text',
      id: 'alert-note',
      'data-testid': 'alert-note',
      maxlength: '1000',
      placeholder: 'Комментарий (необязательно)',
    });
    const message = el('span', { class: 'legend-note', role: 'status' });
    const buttons = (Object.keys(FEEDBACK_RU) as FeedbackLabel[]).map((label) =>
      el('button', { type: 'button', 'data-label': label, class: `verdict-${label}` }, FEEDBACK_RU[label]),
    );
    for (const b of buttons) {
      b.addEventListener('click', async () => {
        const label = b.dataset.label as FeedbackLabel;
        const text = note.value.trim();
        for (const x of buttons) x.disabled = true;
        message.textContent = 'Отправка…';
        try {
          const f = await postJson<AlertFeedback & { alertId: string }>(
            `/api/alerts/${encodeURIComponent(a.id)}/feedback`,
            text ? { label, note: text } : { label },
          );
          a.feedback.push({ label: f.label, note: f.note, at: f.at });
          state.feedbackPosts++;
          renderVerdicts();
          note.value = '';
          message.textContent = 'Оценка сохранена';
        } catch (e) {
          message.textContent = `Ошибка: ${(e as Error).message}`;
        } finally {
          for (const x of buttons) x.disabled = false;
        }
      });
    }

    const why = explanationSection(a.explanation, utcOffsetMin, (clusterId) => {
      why.select(clusterId);
      void clusters.show(clusterId, why.clusterBox, utcOffsetMin);
    });
    const place = `${placeOf(a)} · ${a.topicName ?? a.topic}`;
    return [
      el('h3', {}, severityBadge(a.severity), ` ${place} · ${fmtLocal(a.startMs, utcOffsetMin)}`),
      el(
        'div',
        { class: 'facts' },
        `${STATUS_RU[a.status] ?? a.status} · окон со всплеском: ${fmtInt(a.windows)} · ` +
          `пик: ${fmtInt(a.peakObserved)} при ожидании ${fmtExpected(a.peakExpected)} · ` +
          `${fmtLocal(a.startMs, utcOffsetMin)} — ${fmtLocal(a.endMs, utcOffsetMin)}` +
          (a.expected ? '' : ` · ответить в течение ${fmtRespondWithin(a.respondWithinMin)}`),
      ),
      ...(a.terms.length > 0 ? [el('div', { class: 'terms' }, 'О чём: ', ...termChips(a.terms))] : []),
      ...incidentLinks(a, utcOffsetMin, (id) => void show(id, utcOffsetMin)),
      ...(a.expected && a.cause
        ? [el('div', { class: 'cause' }, `Ожидаемо, не инцидент: ${a.cause.label}`)]
        : []),
      why.element,
      el('h4', {}, 'Первые сообщения'),
      el(
        'div',
        { class: 'alert-samples', 'data-testid': 'alert-samples' },
        ...(samples.length === 0
          ? [el('div', { class: 'empty' }, 'Сообщений инцидента в хранилище нет')]
          : samples.map((m) => sampleQuote(m, utcOffsetMin))),
      ),
      el('h4', {}, 'Оценки аналитиков'),
      verdicts,
      el('div', { class: 'verdict-form' }, ...buttons, note, message),
    ];
  }

  return { render, open: (id: string) => show(id, lastOffsetMin) };
}

/**
 * The other alerts of an incident as chips after `label` («также: ЖКХ, газ»), each opening its own alert (a click
 * on a chip is not a click on its row); nothing for an incident of one topic.
 */
function alsoFiledUnder(
  label: string,
  members: readonly IncidentMember[],
  utcOffsetMin: number,
  open: (id: string) => void,
): HTMLElement[] {
  if (members.length === 0) return [];
  const chips = members.map((m) => {
    const chip = el(
      'button',
      {
        type: 'button',
        class: 'chip member',
        'data-member-id': m.id,
        title: `${SEVERITY_RU[m.severity] ?? m.severity} · ${STATUS_RU[m.status] ?? m.status} · с ${fmtLocal(m.startMs, utcOffsetMin)}`,
      },
      m.topicName ?? m.topic,
    );
    chip.addEventListener('click', (e) => {
      e.stopPropagation();
      open(m.id);
    });
    return chip;
  });
  return [el('div', { class: 'also' }, label, ...chips)];
}

/** A head's detail links its incident's other alerts; a member's, its head (the whole incident). */
function incidentLinks(a: AlertDetail, utcOffsetMin: number, open: (id: string) => void): HTMLElement[] {
  if (a.groupId === a.id) return alsoFiledUnder('Также подано как: ', a.members ?? [], utcOffsetMin, open);
  const back = el(
    'button',
    { type: 'button', class: 'chip member', 'data-head-id': a.groupId },
    'весь инцидент',
  );
  back.addEventListener('click', () => open(a.groupId));
  return [el('div', { class: 'also' }, 'Часть инцидента под другой темой: ', back)];
}

/** The town, and the districts its alert was flagged in: «Москва, Восточное Измайлово». */
function placeOf(a: Pick<AlertItem, 'municipality' | 'municipalityName' | 'districts'>): string {
  const town = a.municipalityName ?? a.municipality;
  return a.districts.length > 0 ? `${town}, ${a.districts.map((d) => d.name).join(', ')}` : town;
}

/** An alert's emerging words as chips (strongest first); none for a diffuse rise. */
function termChips(terms: readonly string[]): HTMLElement[] {
  return terms.map((w) => el('span', { class: 'chip' }, w));
}

/**
 * «ожидаемо: <its cause>» for an expected rise (a calendar event or a seasonal wave); «медленный рост» for a rise
 * over days (the day CUSUM, not an incident of the hour); '' for an incident.
 */
function causeText(a: AlertItem): string {
  if (a.expected && a.cause) return `ожидаемо: ${a.cause.label}`;
  return a.kind === 'slow_wave' ? 'медленный рост за несколько дней' : '';
}

function severityBadge(severity: string): HTMLElement {
  return el(
    'span',
    { class: `badge sev-${severity}` },
    el('span', { class: 'sev-mark', 'aria-hidden': 'true' }, SEVERITY_MARK[severity] ?? '▯▯▯'),
    ` ${SEVERITY_RU[severity] ?? severity}`,
  );
}

function verdictItem(f: AlertFeedback, utcOffsetMin: number): HTMLElement {
  return el(
    'li',
    { 'data-label': f.label },
    el('strong', {}, FEEDBACK_RU[f.label] ?? f.label),
    ` · ${fmtLocal(Date.parse(f.at), utcOffsetMin)}`,
    ...(f.note ? [` · ${f.note}`] : []),
  );
}
