// The live fishbowl page: follows the debate's stream of Server-Sent Events, adds new
// contributions to the transcript, announces them in the polite live region, and keeps the
// seats (labels and which controls show) up to date. Text is only ever set as text, never as
// HTML. Without this script the page works by refreshing.

interface LiveEntry {
  seq: number;
  kind: string;
  personId: string | null;
  name: string | null;
  byName: string | null;
  seatNo: number | null;
  body: string | null;
  at: string;
}
interface LiveSeat {
  seatNo: number;
  personId: string | null;
  name: string | null;
  muted: boolean;
}
interface LiveProps {
  eventsUrl: string;
  locale: string;
  personId: string | null;
  mySeatNo: number | null;
  messages: Record<string, string>;
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all));

function entryText(m: Record<string, string>, e: LiveEntry): string {
  const values = { name: e.name ?? '', seat: e.seatNo ?? 0, body: e.body ?? '', by: e.byName ?? '' };
  const key = e.kind === 'left' && e.byName && e.byName !== e.name ? 'removed' : e.kind;
  return fill(m[key] ?? '', values);
}

function seatText(m: Record<string, string>, s: LiveSeat): string {
  if (!s.name) return fill(m.seatEmpty ?? '', { seat: s.seatNo });
  return fill((s.muted ? m.seatMuted : m.seatSpeaker) ?? '', { seat: s.seatNo, name: s.name });
}

function start() {
  const propsEl = document.getElementById('fishbowl-live');
  const transcript = document.getElementById('transcript');
  const announcer = document.getElementById('live-announcer');
  const seatsEl = document.getElementById('seats');
  const state = document.getElementById('live-state');
  if (!propsEl?.textContent || !transcript || !announcer || !seatsEl || typeof EventSource === 'undefined') return;
  const props = JSON.parse(propsEl.textContent) as LiveProps;
  const m = props.messages;
  const timeFormat = new Intl.DateTimeFormat(props.locale === 'pl' ? 'pl-PL' : 'en-GB', { timeStyle: 'short', timeZone: 'UTC' });
  let mySeatNo = props.mySeatNo;

  const addEntry = (e: LiveEntry) => {
    if (transcript.querySelector(`[data-seq="${e.seq}"]`)) return;
    const li = document.createElement('li');
    li.className = `transcript__entry transcript__entry--${e.kind}`;
    li.dataset.seq = String(e.seq);
    const time = document.createElement('time');
    time.className = 'hint';
    time.dateTime = e.at;
    time.textContent = timeFormat.format(new Date(e.at));
    const text = document.createElement('span');
    text.className = 'transcript__text';
    text.textContent = entryText(m, e);
    li.append(time, ' ', text);
    transcript.append(li);
    const said = document.createElement('p');
    said.textContent = entryText(m, e);
    announcer.append(said);
    while (announcer.childElementCount > 5) announcer.firstElementChild?.remove();
  };

  const showSeats = (seats: LiveSeat[]) => {
    mySeatNo = seats.find((s) => s.personId && s.personId === props.personId)?.seatNo ?? null;
    for (const s of seats) {
      const li = seatsEl.querySelector<HTMLElement>(`[data-seat="${s.seatNo}"]`);
      if (!li) continue;
      li.classList.toggle('seat--empty', !s.name);
      const label = li.querySelector('.seat__label');
      if (label) label.textContent = seatText(m, s);
      const show: Record<string, boolean> = {
        take: !s.name && mySeatNo === null,
        leave: !!s.name && s.seatNo === mySeatNo,
        mute: !!s.name && !s.muted,
        unmute: !!s.name && s.muted,
        remove: !!s.name,
      };
      for (const form of li.querySelectorAll<HTMLFormElement>('form[data-control]')) form.hidden = !show[form.dataset.control ?? ''];
    }
  };

  const source = new EventSource(props.eventsUrl);
  source.addEventListener('open', () => {
    if (state) state.textContent = m.liveOn ?? '';
  });
  source.addEventListener('error', () => {
    if (state) state.textContent = m.liveOff ?? '';
  });
  source.addEventListener('entry', (ev) => addEntry(JSON.parse((ev as MessageEvent<string>).data) as LiveEntry));
  source.addEventListener('seats', (ev) => showSeats((JSON.parse((ev as MessageEvent<string>).data) as { seats: LiveSeat[] }).seats));
  source.addEventListener('closed', () => {
    source.close();
    if (state) state.textContent = m.debateClosed ?? '';
    for (const form of document.querySelectorAll<HTMLFormElement>('form[data-control]')) form.hidden = true;
  });
}

start();
