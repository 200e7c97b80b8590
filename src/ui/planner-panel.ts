/**
 * The seasonal planner (issue 15, docs/seasonal.md): for the selected municipality and a topic, a calendar heat map
 * of its weeks by season (season-heatmap.ts), the past seasons' weekly curves with the forecast of the coming one
 * as shaded boxes (the 80% onset interval over the full height, peak week × peak weekly volume as a box), the
 * recommended campaign starts of its region (GET /api/campaigns/recommended: a row picks its town and topic), and
 * a campaign registered from the page (POST /api/campaigns) with its effect (GET /api/campaigns/:id/effect):
 * that season against the geometric mean of the town's past seasons, the campaign's window shaded.
 */
import {
  type Campaign,
  type CampaignEffect,
  type CampaignRecommendation,
  getJson,
  postJson,
  type SeasonalPlan,
} from './api-client.ts';
import { byId, el, fmtRate } from './dom.ts';
import { createSeasonChart, type DrawnBox, type SeasonLine } from './season-chart.ts';
import { renderSeasonHeatmap } from './season-heatmap.ts';

export interface PlannerState {
  municipality: string;
  topic: string;
  /** Heat map cells drawn, and the seasons (rows) they lie in. */
  cells: number;
  seasons: number;
  recurring: boolean;
  /** The forecast's boxes on the season chart as drawn now (CSS pixels; read-only, computed on each read). */
  readonly forecastBoxes: DrawnBox[];
  effect: CampaignEffect | null;
  /** The campaign's window on the effect chart as drawn now. */
  readonly effectBoxes: DrawnBox[];
}
export interface PlannerPanelState {
  planner: PlannerState | null;
  /** The region's recommendations as listed, and its region. */
  recommendations: { region: string; items: CampaignRecommendation[] } | null;
  plannerLoads: number;
}

export interface PlannerPanel {
  setTopics(topics: [string, string][]): void;
  /** The page's selection changed: the town (or none), its region, and the page's topic ('' = all). */
  select(sel: { municipality: string; region: string; topic: string; name: string }): void;
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Day 0 (1970-01-01) was a Thursday. */
const firstMondayOnOrAfter = (day: number) => day + ((7 - ((day + 3) % 7)) % 7);
const ruDate = (iso: string) => iso.split('-').reverse().join('.');
const GREYS = ['#cbd5e1', '#94a3b8', '#64748b', '#475569', '#334155'];
/** The weeks a season chart shows (a season holds 52 or 53 Mondays). */
const SEASON_WEEKS = 53;

/** Geometric mean of the past seasons' same week (what the effect's counterfactual is made of), null without one. */
export function geometricMeanByWeek(
  rows: readonly (readonly (number | null)[])[],
  weeks: number,
): (number | null)[] {
  return Array.from({ length: weeks }, (_, i) => {
    const vs = rows.map((r) => r[i]).filter((v): v is number => v !== null && v !== undefined);
    if (vs.length === 0) return null;
    return Math.exp(vs.reduce((a, v) => a + Math.log(v + 0.5), 0) / vs.length) - 0.5;
  });
}

export function createPlannerPanel(
  state: PlannerPanelState,
  onPick: (municipality: string, topic: string) => void,
): PlannerPanel {
  const topicSel = byId<HTMLSelectElement>('planner-topic');
  // Empty: from the end of the data (the server's default).
  const recsFrom = byId<HTMLInputElement>('planner-from');
  const status = byId<HTMLDivElement>('planner-status');
  const townBox = byId<HTMLDivElement>('planner-town');
  const heatBox = byId<HTMLDivElement>('planner-heatmap');
  const forecastText = byId<HTMLDivElement>('planner-forecast');
  const recsBody = byId<HTMLTableElement>('planner-recs').tBodies[0] as HTMLTableSectionElement;
  const form = byId<HTMLFormElement>('planner-campaign');
  const fromInput = byId<HTMLInputElement>('campaign-from');
  const toInput = byId<HTMLInputElement>('campaign-to');
  const descInput = byId<HTMLInputElement>('campaign-description');
  const effectText = byId<HTMLDivElement>('planner-effect');
  const effectBox = byId<HTMLDivElement>('planner-effect-chart');
  let plan: SeasonalPlan | null = null;
  let sel = { municipality: '', region: '', topic: '', name: '' };
  let generation = 0;
  // Week labels: the Monday of week i of the season shown (the forecast season; the campaign's season).
  let seasonMonday = 0;
  let effectMonday = 0;
  const seasonChart = createSeasonChart(byId('planner-chart'), (i) =>
    ruDate(isoOf(seasonMonday + 7 * i)).slice(0, 5),
  );
  const effectChart = createSeasonChart(effectBox, (i) => ruDate(isoOf(effectMonday + 7 * i)).slice(0, 5));

  const say = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };

  function renderPlan(p: SeasonalPlan): void {
    const w = p.weeks;
    const rows = w.counts.map((counts, s) => ({
      firstMonday: w.first_monday[s] as string,
      label: `${(w.season_start[s] as string).slice(0, 4)}/${String(Number((w.season_start[s] as string).slice(0, 4)) + 1).slice(2)}`,
      counts,
    }));
    const cells = renderSeasonHeatmap(heatBox, rows);
    const f = p.forecast;
    // The chart's season: the forecast's (the coming or running one), else the last one.
    const fIdx = f === null ? w.season_start.length - 1 : w.season_start.indexOf(f.season_start);
    // Week 0 is the season's first Monday (the forecast season may not be in the history yet).
    const start = f?.season_start ?? w.season_start[w.season_start.length - 1];
    seasonMonday = start === undefined ? 0 : firstMondayOnOrAfter(dayOf(start));
    const past = rows.filter((_, s) => s !== fIdx);
    const lines: SeasonLine[] = past.map((r, k) => ({
      label: r.label,
      values: r.counts,
      stroke: GREYS[Math.max(0, GREYS.length - past.length + k)] ?? '#64748b',
    }));
    if (fIdx >= 0 && rows[fIdx] && rows[fIdx].counts.some((c) => c !== null))
      lines.push({
        label: `${rows[fIdx].label} (идёт)`,
        values: rows[fIdx].counts,
        stroke: '#2563eb',
        width: 2,
      });
    const weekOf = (iso: string) => Math.round((dayOf(iso) - seasonMonday) / 7);
    const boxes =
      f === null
        ? []
        : [
            {
              id: 'onset',
              label: 'начало волны, 80%',
              fromWeek: weekOf(f.onset_week.low),
              toWeek: weekOf(f.onset_week.high),
              fill: 'rgba(37, 99, 235, 0.12)',
            },
            {
              id: 'peak',
              label: 'пик, 80%',
              fromWeek: weekOf(f.peak_week.low),
              toWeek: weekOf(f.peak_week.high),
              yLow: f.peak_weekly.low,
              yHigh: f.peak_weekly.high,
              fill: 'rgba(234, 88, 12, 0.22)',
            },
          ];
    seasonChart.render({ weeks: SEASON_WEEKS, lines, boxes, yLabel: 'обращений в неделю' });
    forecastText.textContent =
      f === null
        ? `Прогноза нет: ${p.recurrence.reason}`
        : `Прогноз сезона с ${ruDate(f.season_start)}: начало волны — неделя с ${ruDate(f.onset_week.point)} ` +
          `(80%: ${ruDate(f.onset_week.low)} … ${ruDate(f.onset_week.high)}), пик — ${fmtRate(f.peak_weekly.point)} в неделю ` +
          `(80%: ${fmtRate(f.peak_weekly.low)} … ${fmtRate(f.peak_weekly.high)}), за сезон ${fmtRate(f.total.point)}. ` +
          (f.campaign_start
            ? `Начать информирование: ${ruDate(f.campaign_start)}. `
            : 'Кампания не рекомендуется: ') +
          `${p.recurrence.reason}. Погода заранее неизвестна: интервалы — разброс прошлых сезонов.`;
    fromInput.value = f?.campaign_start ?? p.historyTo ?? '';
    if (fromInput.value) toInput.value = isoOf(dayOf(fromInput.value) + 8 * 7);
    state.planner = {
      municipality: p.municipality,
      topic: p.topic,
      cells,
      seasons: rows.length,
      recurring: p.recurrence.recurring,
      get forecastBoxes() {
        return seasonChart.boxes();
      },
      effect: null,
      get effectBoxes() {
        return state.planner?.effect ? effectChart.boxes() : [];
      },
    };
  }

  function renderRecommendations(items: CampaignRecommendation[]): void {
    if (items.length === 0) {
      recsBody.replaceChildren(
        el('tr', {}, el('td', { colspan: '5', class: 'empty' }, 'Рекомендаций на ближайший год нет')),
      );
      return;
    }
    recsBody.replaceChildren(
      ...items.map((r) => {
        const tr = el(
          'tr',
          { class: 'clickable', 'data-key': `${r.municipality}:${r.topic}` },
          el('td', { class: 'time' }, ruDate(r.start)),
          el('td', {}, r.name),
          el('td', {}, topicSel.querySelector(`option[value="${r.topic}"]`)?.textContent ?? r.topic),
          el('td', { class: 'num' }, fmtRate(r.expected_per10k)),
          el('td', { class: 'reason' }, r.reason),
        );
        tr.addEventListener('click', () => onPick(r.municipality, r.topic));
        return tr;
      }),
    );
  }

  function renderEffect(e: CampaignEffect): void {
    const x = e.effect;
    effectText.textContent =
      `Кампания ${ruDate(e.campaign.from)} — ${ruDate(e.campaign.to)} («${e.campaign.description}»): ` +
      // The reason holds the change, its interval and what it was compared with; unclaimed, it starts «эффект не …».
      (x.change === null
        ? `оценки нет. ${x.reason}`
        : `${x.reported ? 'эффект подтверждён: ' : ''}${x.reason}`);
    effectText.dataset.reported = String(x.reported);
    if (!plan || e.season_start === null || e.window === null) {
      effectBox.hidden = true;
      return;
    }
    const w = plan.weeks;
    const s = w.season_start.indexOf(e.season_start);
    if (s < 0) {
      effectBox.hidden = true;
      return;
    }
    effectMonday = dayOf(w.first_monday[s] as string);
    const before = w.counts.slice(0, s);
    effectBox.hidden = false;
    effectChart.render({
      weeks: SEASON_WEEKS,
      lines: [
        {
          label: 'Прошлые сезоны (геом. среднее)',
          values: geometricMeanByWeek(before, SEASON_WEEKS),
          stroke: '#64748b',
          dash: [5, 4],
        },
        { label: 'Сезон кампании', values: w.counts[s] ?? [], stroke: '#2563eb', width: 2 },
      ],
      boxes: [
        {
          id: 'window',
          label: 'окно оценки',
          fromWeek: Math.round((dayOf(e.window.from) - effectMonday) / 7),
          toWeek: Math.round((dayOf(e.window.to) - effectMonday) / 7),
          fill: 'rgba(22, 163, 74, 0.12)',
        },
      ],
      yLabel: 'обращений в неделю',
    });
  }

  async function load(): Promise<void> {
    const my = ++generation;
    const topic = topicSel.value;
    const region = sel.region;
    townBox.hidden = !sel.municipality;
    form.hidden = !sel.municipality;
    effectText.textContent = '';
    effectBox.hidden = true;
    say(sel.municipality ? 'Загрузка…' : region ? '' : 'Выберите регион или муниципалитет.');
    try {
      const [p, recs] = await Promise.all([
        sel.municipality
          ? getJson<SeasonalPlan>('/api/seasonal', { municipality: sel.municipality, topic })
          : Promise.resolve(null),
        region
          ? getJson<{ region: string; from: string; items: CampaignRecommendation[] }>(
              '/api/campaigns/recommended',
              {
                region,
                from: recsFrom.value || undefined,
                horizon_weeks: '52',
              },
            )
          : Promise.resolve(null),
      ]);
      if (my !== generation) return;
      plan = p;
      if (p) renderPlan(p);
      else state.planner = null;
      if (p && sel.municipality) await showLatestCampaign(sel.municipality, topic, my);
      if (recs) renderRecommendations(recs.items);
      else recsBody.replaceChildren();
      state.recommendations = recs ? { region: recs.region, items: recs.items } : null;
      if (recs && !recsFrom.value) recsFrom.value = recs.from;
      say(
        p
          ? `${sel.name}: ${p.recurrence.seasons} полных сезонов, история ${ruDate(p.historyFrom ?? '')} — ${ruDate(p.historyTo ?? '')}`
          : '',
      );
    } catch (e) {
      if (my !== generation) return;
      say(`Ошибка: ${(e as Error).message}`, true);
    } finally {
      if (my === generation) state.plannerLoads++;
    }
  }

  /** The town's latest campaign on this topic, registered earlier (this visit or another), with its effect. */
  async function showLatestCampaign(municipality: string, topic: string, my: number): Promise<void> {
    const list = await getJson<{ items: Campaign[] }>('/api/campaigns', { municipality, topic, limit: '1' });
    const c = list.items[0];
    if (c === undefined || my !== generation) return;
    const e = await getJson<CampaignEffect>(`/api/campaigns/${encodeURIComponent(c.id)}/effect`);
    if (my !== generation) return;
    renderEffect(e);
    if (state.planner) state.planner.effect = e;
  }

  async function register(): Promise<void> {
    if (!sel.municipality) return;
    say('Регистрация кампании…');
    try {
      const c = await postJson<Campaign>('/api/campaigns', {
        municipality: sel.municipality,
        topic: topicSel.value,
        from: fromInput.value,
        to: toInput.value,
        description: descInput.value || 'Информирование жителей',
      });
      const e = await getJson<CampaignEffect>(`/api/campaigns/${encodeURIComponent(c.id)}/effect`);
      renderEffect(e);
      if (state.planner) state.planner.effect = e;
      say(`Кампания зарегистрирована (${c.id})`);
    } catch (e) {
      say(`Ошибка: ${(e as Error).message}`, true);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void register();
  });
  topicSel.addEventListener('change', () => void load());
  recsFrom.addEventListener('change', () => void load());

  return {
    setTopics(topics) {
      const keep = topicSel.value || 'heating';
      topicSel.replaceChildren(...topics.map(([value, label]) => el('option', { value }, label)));
      topicSel.value = topics.some(([v]) => v === keep) ? keep : (topics[0]?.[0] ?? '');
    },
    select(next) {
      if (next.topic && next.topic !== topicSel.value) topicSel.value = next.topic;
      const changed =
        next.municipality !== sel.municipality ||
        next.region !== sel.region ||
        (next.topic !== '' && next.topic !== sel.topic);
      sel = next;
      if (changed) void load();
    },
  };
}
