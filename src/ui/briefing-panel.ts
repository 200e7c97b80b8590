/**
 * The morning briefing of the selected municipality and day (GET /api/briefings/:code), or, with a region and no
 * municipality selected, the region's digest (GET /api/briefings/regions/:region): the page as its reader gets it,
 * shown in a sandboxed frame (its HTML is self-contained: inline style and SVG, no script — the sandbox allows none
 * anyway), and a PDF to download. An empty day is the server's default (yesterday in the town's zone, or the last
 * whole day of data), written back into the date field.
 */
import { getBriefing } from './api-client.ts';
import { byId } from './dom.ts';

export interface BriefingPanelState {
  /** What the frame shows: a town's briefing or a region's digest, its day, and the HTML's length (tests read it). */
  briefing: { kind: 'municipality' | 'region'; code: string; date: string; chars: number } | null;
}

export interface BriefingPanel {
  /** The selection changed: a municipality gets its briefing, a region alone its digest, nothing neither. */
  select(sel: { municipality: string; region: string; name: string }): void;
}

export function createBriefingPanel(state: BriefingPanelState): BriefingPanel {
  const dateInput = byId<HTMLInputElement>('briefing-date');
  const showBtn = byId<HTMLButtonElement>('briefing-show');
  const pdfBtn = byId<HTMLButtonElement>('briefing-pdf');
  const frame = byId<HTMLIFrameElement>('briefing-frame');
  const status = byId<HTMLDivElement>('briefing-status');
  const controls = byId<HTMLDivElement>('briefing-controls');
  let target: { kind: 'municipality' | 'region'; code: string } | null = null;
  let name = '';
  let generation = 0;

  const say = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };
  const of = (t: { kind: 'municipality' | 'region'; code: string }) =>
    t.kind === 'municipality' ? { municipality: t.code } : { region: t.code };
  const what = () => (target?.kind === 'region' ? 'сводка по региону' : 'сводка');
  const ruDate = (d: string) => d.split('-').reverse().join('.');

  async function show(): Promise<void> {
    if (!target) return;
    const t = target;
    const my = ++generation;
    say('Загрузка…');
    try {
      const b = await getBriefing(of(t), dateInput.value, 'html');
      if (my !== generation) return;
      dateInput.value = b.date;
      frame.srcdoc = b.html ?? '';
      frame.hidden = false;
      state.briefing = { ...t, date: b.date, chars: (b.html ?? '').length };
      say(`${name}: ${what()} за ${ruDate(b.date)}`);
    } catch (e) {
      if (my !== generation) return;
      say(`Ошибка: ${(e as Error).message}`, true);
    }
  }

  async function downloadPdf(): Promise<void> {
    if (!target) return;
    const t = target;
    say('Печать PDF…');
    try {
      const b = await getBriefing(of(t), dateInput.value, 'pdf');
      const a = document.createElement('a');
      a.href = URL.createObjectURL(b.pdf as Blob);
      a.download = `${t.kind === 'region' ? 'svodka-region' : 'svodka'}-${t.code}-${b.date}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      say(`${name}: PDF за ${ruDate(b.date)}`);
    } catch (e) {
      say(`Ошибка: ${(e as Error).message}`, true);
    }
  }

  showBtn.addEventListener('click', () => void show());
  pdfBtn.addEventListener('click', () => void downloadPdf());
  dateInput.addEventListener('change', () => {
    if (!frame.hidden) void show();
  });

  return {
    select(sel) {
      const next: typeof target = sel.municipality
        ? { kind: 'municipality', code: sel.municipality }
        : sel.region
          ? { kind: 'region', code: sel.region }
          : null;
      const changed = next?.kind !== target?.kind || next?.code !== target?.code;
      target = next;
      name = sel.name;
      controls.hidden = next === null;
      showBtn.textContent = next?.kind === 'region' ? 'Показать сводку по региону' : 'Показать сводку';
      if (next === null) {
        frame.hidden = true;
        state.briefing = null;
        say('Выберите муниципалитет (сводка для главы) или регион (сводка для аналитика).');
      } else if (changed && !frame.hidden) void show();
      else if (changed) say('');
    },
  };
}
