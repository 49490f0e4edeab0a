/** Wall screen entry: the display token comes in the address (`?token=`), remembered for reloads. */
import { render } from 'solid-js/web';
import { createEffect } from 'solid-js';
import { lang, format, t } from '../../lib/i18n.ts';
import { createHallLive } from '../lib/live.ts';
import type { Call } from './calls.ts';
import { WallScreen } from './WallScreen.tsx';
import './wall.css';

const params = new URLSearchParams(window.location.search);
const token = params.get('token') ?? window.localStorage.getItem('hall.displayToken') ?? '';
if (params.get('token')) window.localStorage.setItem('hall.displayToken', token);
document.documentElement.lang = lang();

let audio: AudioContext | null = null;
function announce(call: Call) {
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  } catch {
    // No audio device: the screen still shows the call.
  }
  if ('speechSynthesis' in window) {
    const u = new SpeechSynthesisUtterance(
      format(lang(), 'wall.announce', { ticket: call.ticketNo.split('').join(' '), counter: call.counterName }),
    );
    u.lang = lang();
    window.speechSynthesis.speak(u);
  }
}

const root = document.getElementById('root');
if (root) {
  render(() => {
    const live = createHallLive({ baseUrl: window.location.origin, token });
    createEffect(() => (document.title = t('wall.title')));
    return <WallScreen snapshot={live.snapshot()} link={live.state()} announce={announce} />;
  }, root);
}
