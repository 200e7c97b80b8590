/**
 * The morning briefing of the selected municipality and day (GET /api/briefings/:code): the page as the head gets
 * it, shown in a sandboxed frame (its HTML is self-contained: inline style and SVG, no script — the sandbox allows
 * none anyway), and a PDF to download. An empty day is the server's default (yesterday in the town's zone, or the
 * last whole day of data), written back into the date field.
 */
import { getBriefing } from './api-client.ts';
import { byId } from './dom.ts';

export interface BriefingPanelState {
  /** What the frame shows: town, day, and the HTML's length (tests read it). */
  briefing: { municipality: string; date: string; chars: number } | null;
}

export interface BriefingPanel {
  /** The selected municipality changed: '' hides the controls (a briefing is about one town). */
  select(municipality: string, name: string): void;
}

export function createBriefingPanel(state: BriefingPanelState): BriefingPanel {
  const dateInput = byId<HTMLInputElement>('briefing-date');
  const showBtn = byId<HTMLButtonElement>('briefing-show');
  const pdfBtn = byId<HTMLButtonElement>('briefing-pdf');
  const frame = byId<HTMLIFrameElement>('briefing-frame');
  const status = byId<HTMLDivElement>('briefing-status');
  const controls = byId<HTMLDivElement>('briefing-controls');
  let municipality = '';
  let name = '';
  let generation = 0;

  const say = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };

  async function show(): Promise<void> {
    if (!municipality) return;
    const my = ++generation;
    say('Загрузка сводки…');
    try {
      const b = await getBriefing(municipality, dateInput.value, 'html');
      if (my !== generation) return;
      dateInput.value = b.date;
      frame.srcdoc = b.html ?? '';
      frame.hidden = false;
      state.briefing = { municipality, date: b.date, chars: (b.html ?? '').length };
      say(`${name}: сводка за ${b.date.split('-').reverse().join('.')}`);
    } catch (e) {
      if (my !== generation) return;
      say(`Ошибка: ${(e as Error).message}`, true);
    }
  }

  async function downloadPdf(): Promise<void> {
    if (!municipality) return;
    say('Печать PDF…');
    try {
      const b = await getBriefing(municipality, dateInput.value, 'pdf');
      const a = document.createElement('a');
      a.href = URL.createObjectURL(b.pdf as Blob);
      a.download = `svodka-${municipality}-${b.date}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      say(`${name}: PDF за ${b.date.split('-').reverse().join('.')}`);
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
    select(code, townName) {
      const changed = code !== municipality;
      municipality = code;
      name = townName;
      controls.hidden = code === '';
      if (code === '') {
        frame.hidden = true;
        state.briefing = null;
        say('Выберите муниципалитет: сводка — об одном городе.');
      } else if (changed && !frame.hidden) void show();
      else if (changed) say('');
    },
  };
}
