/**
 * 我的培训 — a clerk's own training on their phone: what their plan asks of them and by when, the
 * sessions they are invited to (check-in, feedback after) and the exams open to them (start, resume,
 * results).
 */
import { t } from '../../i18n.ts';
import { MyExams } from './MyExams.tsx';
import { MyPlans } from './MyPlans.tsx';
import { MySessions } from './MySessions.tsx';
import './training.css';

export default function MinePage() {
  return (
    <section class="training mine">
      <div class="page-head">
        <h1>{t('training.mine.title')}</h1>
      </div>
      <MyPlans />
      <MySessions />
      <MyExams />
    </section>
  );
}
