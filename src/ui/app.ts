/**
 * The vsplesk page: choose region, municipality, topic, bucket and period; see the series (uPlot) with anomalies
 * marked and the listed alerts as bands (a click on one opens it), the top municipalities and topics of the
 * period, a map of the region's municipalities (municipality-map.ts), its anomalies, its incidents (alerts, why
 * they spiked and analysts' verdicts: alerts-panel.ts), its emerging words (terms-panel.ts) and, for one
 * municipality, its morning briefing for a chosen day (briefing-panel.ts). State for tests
 * is exposed on `window.__vsplesk` and as data attributes of #chart.
 */
import { alertBands } from './alert-bands.ts';
import { type AlertsPanelState, createAlertsPanel } from './alerts-panel.ts';
import {
  type AlertItem,
  type AnomalyDetail,
  type AnomalyItem,
  getJson,
  getTerms,
  type Health,
  type IncidentItem,
  type Municipality,
  type Region,
  type Series,
  type Topic,
  type TopRow,
} from './api-client.ts';
import { type BriefingPanelState, createBriefingPanel } from './briefing-panel.ts';
import { type AlertMark, createChart } from './chart.ts';
import { byId, el, fmtExpected, fmtInt, fmtLocal, fmtRate, setOptions } from './dom.ts';
import { createMunicipalityMap, type MapState } from './municipality-map.ts';
import { createPlannerPanel, type PlannerPanelState } from './planner-panel.ts';
import { createTermsPanel, TERMS_LISTED, type TermsPanelState } from './terms-panel.ts';

interface PageState
  extends AlertsPanelState,
    TermsPanelState,
    MapState,
    BriefingPanelState,
    PlannerPanelState {
  loads: number;
  series: Series | null;
  error: string | null;
  /** The alert bands on the chart where they are drawn now (read-only: computed on each read). */
  readonly alertMarks: AlertMark[];
}
declare global {
  interface Window {
    __vsplesk: PageState;
  }
}

const state: PageState = {
  loads: 0,
  series: null,
  error: null,
  alerts: null,
  alert: null,
  feedbackPosts: 0,
  terms: null,
  term: null,
  cluster: null,
  map: null,
  briefing: null,
  planner: null,
  recommendations: null,
  plannerLoads: 0,
  get alertMarks() {
    return chart.alertMarks();
  },
};
window.__vsplesk = state;

const regionSel = byId<HTMLSelectElement>('region');
const municipalitySel = byId<HTMLSelectElement>('municipality');
const topicSel = byId<HTMLSelectElement>('topic');
const bucketSel = byId<HTMLSelectElement>('bucket');
const periodSel = byId<HTMLSelectElement>('period');
const fromInput = byId<HTMLInputElement>('from');
const toInput = byId<HTMLInputElement>('to');
const perCapitaBox = byId<HTMLInputElement>('per-capita');
const chartBox = byId<HTMLDivElement>('chart');
const statusEl = byId<HTMLDivElement>('status');
const chart = createChart(chartBox, {
  onAlertClick: (id) => {
    void alertsPanel.open(id);
    byId('alerts-card').scrollIntoView({ block: 'start' });
  },
});
const alertsPanel = createAlertsPanel(state);
const termsPanel = createTermsPanel(state);
const briefingPanel = createBriefingPanel(state);
const plannerPanel = createPlannerPanel(state, (code, topic) => {
  topicSel.value = topic;
  selectMunicipality(code);
});
const map = createMunicipalityMap(byId('map-card'), byId('map'), byId('map-legend'), state, (code) =>
  selectMunicipality(code),
);

let topicNames = new Map<string, string>();
let municipalities: Municipality[] = [];
/** End of the stored data (ISO): the preset periods end there. */
let dataTo: string | null = null;
let generation = 0;

const DAY_MS = 86_400_000;
/** Rows of the top tables. */
const TOP_ROWS = 15;
/** Municipalities asked for a region's map (the API's most). */
const MAP_ROWS = 500;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function setStatus(text: string, error = false): void {
  statusEl.textContent = text;
  statusEl.classList.toggle('error', error);
}

/** The period as API parameters (dates read in the selection's local time by the API). */
function periodParams(): { from?: string; to?: string } {
  if (periodSel.value === 'custom') {
    return { from: fromInput.value || undefined, to: toInput.value || undefined };
  }
  if (!dataTo) return {};
  const days = Number(periodSel.value);
  const toMs = Date.parse(dataTo) - 1;
  return { from: isoDate(toMs - (days - 1) * DAY_MS), to: isoDate(toMs) };
}

async function loadMunicipalities(): Promise<void> {
  municipalities = await getJson<Municipality[]>('/api/municipalities', {
    region: regionSel.value || undefined,
  });
  setOptions(
    municipalitySel,
    ['', 'Все муниципалитеты'],
    municipalities.map((m) => [m.code, regionSel.value ? m.name : `${m.name} (${m.regionName})`]),
    municipalitySel.value,
  );
}

async function refresh(): Promise<void> {
  const my = ++generation;
  const sel = {
    region: regionSel.value || undefined,
    municipality: municipalitySel.value || undefined,
    topic: topicSel.value || undefined,
  };
  const perCapita = perCapitaBox.checked;
  briefingPanel.select({
    municipality: sel.municipality ?? '',
    region: sel.region ?? '',
    name: sel.municipality
      ? (municipalities.find((m) => m.code === sel.municipality)?.name ?? '')
      : (regionSel.selectedOptions[0]?.textContent ?? ''),
  });
  const town = sel.municipality ? municipalities.find((m) => m.code === sel.municipality) : undefined;
  plannerPanel.select({
    municipality: sel.municipality ?? '',
    region: sel.region ?? town?.region ?? '',
    topic: sel.topic ?? '',
    name: town?.name ?? '',
  });
  setStatus('Загрузка…');
  try {
    const series = await getJson<Series>('/api/series', {
      ...sel,
      ...periodParams(),
      bucket: bucketSel.value,
      per_capita: perCapita ? '1' : undefined,
    });
    if (my !== generation) return;
    const period = { from: series.from, to: series.to };
    const [topM, topT, anomalies, alerts, terms] = await Promise.all([
      // A region's every municipality, for its map; the table shows the first (the biggest).
      getJson<{ rows: TopRow[] }>('/api/top', {
        by: 'municipality',
        region: sel.region,
        topic: sel.topic,
        ...period,
        limit: sel.region ? String(MAP_ROWS) : String(TOP_ROWS),
      }),
      getJson<{ rows: TopRow[] }>('/api/top', {
        by: 'topic',
        region: sel.region,
        municipality: sel.municipality,
        ...period,
        limit: String(TOP_ROWS),
      }),
      getJson<{ total: number; items: AnomalyItem[] }>('/api/anomalies', { ...sel, ...period, limit: '50' }),
      // One row per incident: a story filed under several topics is one row, its other topics as chips.
      getJson<{ total: number; items: IncidentItem[] }>('/api/alerts', {
        ...sel,
        ...period,
        view: 'incidents',
        limit: '50',
      }),
      // The place's words of every topic: a story's words are often filed under a sibling topic.
      getTerms({ region: sel.region, municipality: sel.municipality, ...period, limit: TERMS_LISTED }),
    ]);
    if (my !== generation) return;
    renderSeries(series, perCapita, alerts.items);
    renderTop('top-municipalities', topM.rows.slice(0, TOP_ROWS), (r) => selectMunicipality(r.key));
    map.render(sel.region ? topM.rows : null, sel.municipality ?? '');
    renderTop('top-topics', topT.rows, (r) => {
      topicSel.value = r.key;
      void refresh();
    });
    renderAnomalies(anomalies.items, anomalies.total, series.utcOffsetMin);
    alertsPanel.render(alerts.items, alerts.total, series.utcOffsetMin);
    termsPanel.render(terms.items, terms.total, series.utcOffsetMin);
    const total = series.count.reduce((a, b) => a + b, 0);
    setStatus(
      `${fmtInt(total)} обращений, ${fmtInt(series.anomalies.length)} аномалий · ` +
        `${fmtLocal(Date.parse(series.from), series.utcOffsetMin)} — ${fmtLocal(Date.parse(series.to), series.utcOffsetMin)}` +
        ` (UTC${series.utcOffsetMin >= 0 ? '+' : '−'}${Math.abs(series.utcOffsetMin / 60)})`,
    );
    state.error = null;
  } catch (e) {
    if (my !== generation) return;
    state.error = (e as Error).message;
    setStatus(`Ошибка: ${(e as Error).message}`, true);
  } finally {
    if (my === generation) state.loads++;
    chartBox.dataset.loads = String(state.loads);
  }
}

function renderSeries(s: Series, perCapita: boolean, alerts: AlertItem[]): void {
  state.series = s;
  const name =
    s.municipality === 'all'
      ? s.region === 'all'
        ? 'Все муниципалитеты'
        : (regionSel.selectedOptions[0]?.textContent ?? s.region)
      : (municipalities.find((m) => m.code === s.municipality)?.name ?? s.municipality);
  const topic = s.topic === 'all' ? 'все темы' : (topicNames.get(s.topic) ?? s.topic);
  byId('chart-title').textContent = `${name} — ${topic}${perCapita ? ', на 100 тыс. жителей' : ''}`;
  chart.render(s, perCapita, alertBands(alerts, s.bucket, s.utcOffsetMin, s.x));
  chartBox.dataset.municipality = s.municipality;
  chartBox.dataset.topic = s.topic;
  chartBox.dataset.points = String(s.x.length);
  chartBox.dataset.total = String(s.count.reduce((a, b) => a + b, 0));
}

function renderTop(tableId: string, rows: TopRow[], onPick: (r: TopRow) => void): void {
  const tbody = byId<HTMLTableElement>(tableId).tBodies[0] as HTMLTableSectionElement;
  if (rows.length === 0) {
    tbody.replaceChildren(el('tr', {}, el('td', { colspan: '4', class: 'empty' }, 'Нет данных за период')));
    return;
  }
  tbody.replaceChildren(
    ...rows.map((r) => {
      const tr = el(
        'tr',
        { class: 'clickable', 'data-key': r.key },
        el('td', {}, r.name),
        el('td', { class: 'num' }, fmtInt(r.count)),
        el('td', { class: 'num' }, fmtRate(r.perCapita)),
        el('td', { class: 'num' }, r.anomalies ? fmtInt(r.anomalies) : ''),
      );
      tr.addEventListener('click', () => onPick(r));
      return tr;
    }),
  );
}

const SEVERITY_RU: Record<string, string> = { critical: 'критическая', high: 'высокая', normal: 'обычная' };

function renderAnomalies(items: AnomalyItem[], total: number, utcOffsetMin: number): void {
  const tbody = byId<HTMLTableElement>('anomalies').tBodies[0] as HTMLTableSectionElement;
  byId('anomalies-total').textContent =
    total > items.length ? `(показано ${items.length} из ${total})` : `(${total})`;
  byId('anomaly-detail').replaceChildren();
  if (items.length === 0) {
    tbody.replaceChildren(el('tr', {}, el('td', { colspan: '6', class: 'empty' }, 'Аномалий нет')));
    return;
  }
  tbody.replaceChildren(
    ...items.map((a) => {
      const tr = el(
        'tr',
        { class: 'clickable', 'data-id': a.id },
        el('td', {}, fmtLocal(a.startMs, utcOffsetMin)),
        el('td', {}, a.municipalityName ?? a.municipality),
        el('td', {}, a.topicName ?? a.topic),
        el('td', { class: 'num' }, fmtInt(a.observed)),
        el('td', { class: 'num' }, fmtExpected(a.expected)),
        el('td', {}, el('span', { class: `badge sev-${a.severity}` }, SEVERITY_RU[a.severity] ?? a.severity)),
      );
      tr.addEventListener('click', () => void showAnomaly(a.id, utcOffsetMin));
      return tr;
    }),
  );
}

async function showAnomaly(id: string, utcOffsetMin: number): Promise<void> {
  const box = byId('anomaly-detail');
  try {
    const a = await getJson<AnomalyDetail>(`/api/anomalies/${encodeURIComponent(id)}`);
    box.replaceChildren(
      el(
        'h3',
        {},
        `${a.municipalityName ?? a.municipality} · ${a.topicName ?? a.topic} · ${fmtLocal(a.startMs, utcOffsetMin)}: ` +
          `${fmtInt(a.observed)} при ожидании ${fmtExpected(a.expected)}`,
      ),
      ...(a.samples.length === 0
        ? [el('div', { class: 'empty' }, 'Сообщений окна в хранилище нет')]
        : a.samples.map((m) => el('blockquote', {}, m.text))),
    );
  } catch (e) {
    box.replaceChildren(el('div', { class: 'empty' }, `Ошибка: ${(e as Error).message}`));
  }
}

function selectMunicipality(code: string): void {
  const m = municipalities.find((x) => x.code === code);
  if (!m) return;
  municipalitySel.value = code;
  void refresh();
}

async function init(): Promise<void> {
  setStatus('Загрузка…');
  byId('controls').addEventListener('submit', (e) => e.preventDefault());
  // Regions first: with auth on, a first visit is asked for a token here, before health is read (health gives
  // its data times only to a token).
  const regions = await getJson<Region[]>('/api/regions');
  const [topics, health] = await Promise.all([
    getJson<Topic[]>('/api/topics'),
    getJson<Health>('/api/health'),
  ]);
  dataTo = health.dataTo ?? health.lastEventTime ?? null;
  topicNames = new Map(topics.map((t) => [t.id, t.nameRu]));
  const url = new URLSearchParams(location.search);
  setOptions(
    regionSel,
    ['', 'Все регионы'],
    regions.map((r) => [r.code, r.name]),
    url.get('region') ?? '',
  );
  plannerPanel.setTopics(topics.map((t) => [t.id, t.nameRu]));
  setOptions(
    topicSel,
    ['', 'Все темы'],
    topics.map((t) => [t.id, t.nameRu]),
    url.get('topic') ?? '',
  );
  if (url.get('bucket') === 'hour' || url.get('bucket') === 'day')
    bucketSel.value = url.get('bucket') as string;
  municipalitySel.value = '';
  await loadMunicipalities();
  const wanted = url.get('municipality');
  if (wanted && municipalities.some((m) => m.code === wanted)) municipalitySel.value = wanted;

  regionSel.addEventListener('change', async () => {
    municipalitySel.value = '';
    await loadMunicipalities();
    await refresh();
  });
  for (const s of [municipalitySel, topicSel, bucketSel, perCapitaBox])
    s.addEventListener('change', () => void refresh());
  periodSel.addEventListener('change', () => {
    if (periodSel.value === 'custom' && state.series) {
      fromInput.value = state.series.from.slice(0, 10);
      toInput.value = isoDate(Date.parse(state.series.to) - 1);
    }
    void refresh();
  });
  for (const i of [fromInput, toInput]) {
    i.addEventListener('change', () => {
      periodSel.value = 'custom';
      void refresh();
    });
  }
  await refresh();
}

init().catch((e: unknown) => {
  state.error = (e as Error).message;
  setStatus(`Ошибка: ${(e as Error).message}`, true);
});
