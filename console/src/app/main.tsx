/**
 * The console (served by the cloud at /): login, the halls overview, a hall's drill-down, alarms and
 * administration. Pages other than the overview load on first visit, so the charts' code is fetched only
 * where charts are.
 */
import { Route, Router } from '@solidjs/router';
import { createEffect, createRoot, lazy } from 'solid-js';
import { render } from 'solid-js/web';
import { lang, t } from './i18n.ts';
import { Shell } from './Shell.tsx';
import { LoginPage } from './pages/Login.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { NotFoundPage } from './components/States.tsx';
import './app.css';

const HallPage = lazy(() => import('./pages/Hall.tsx'));
const AlarmsPage = lazy(() => import('./pages/Alarms.tsx'));
const AnalysisPage = lazy(() => import('./pages/analysis/Analysis.tsx'));
const AdminPage = lazy(() => import('./pages/admin/Admin.tsx'));
const ReportsPage = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.ReportsPage })));
const ReportPage = lazy(() => import('./pages/Reports.tsx').then((m) => ({ default: m.ReportPage })));
const KpiReportsPage = lazy(() =>
  import('./pages/performance/report/KpiReports.tsx').then((m) => ({ default: m.KpiReportsPage })),
);
const KpiReportPage = lazy(() =>
  import('./pages/performance/report/KpiReports.tsx').then((m) => ({ default: m.KpiReportPage })),
);
const KpiRollupPage = lazy(() =>
  import('./pages/performance/report/KpiReports.tsx').then((m) => ({ default: m.KpiRollupPage })),
);
const NotificationsPage = lazy(() => import('./pages/notify/Notifications.tsx'));
const ForecastPage = lazy(() => import('./pages/Forecast.tsx'));
const PlanSettingsPage = lazy(() => import('./pages/PlanSettings.tsx'));
const StaffListPage = lazy(() => import('./pages/staff/StaffList.tsx'));
const EmployeePage = lazy(() => import('./pages/staff/Employee.tsx'));
const MePage = lazy(() => import('./pages/staff/Me.tsx'));
const AdherencePage = lazy(() => import('./pages/scheduling/Adherence.tsx'));
const RosterReviewPage = lazy(() => import('./pages/scheduling/RosterReview.tsx'));
const MyWishesPage = lazy(() => import('./pages/wishes/MyWishes.tsx'));
const MySwapsPage = lazy(() => import('./pages/wishes/MySwaps.tsx'));
const HallWishesPage = lazy(() => import('./pages/wishes/HallWishes.tsx'));
const FairnessPage = lazy(() => import('./pages/wishes/Fairness.tsx'));
const RostersPage = lazy(() => import('./pages/rosters/Rosters.tsx'));
const RosterWeekPage = lazy(() => import('./pages/rosters/RosterWeek.tsx'));
const OnsiteListPage = lazy(() => import('./pages/performance/onsite/OnsiteList.tsx'));
const OnsiteNewPage = lazy(() => import('./pages/performance/onsite/OnsiteNew.tsx'));
const OnsiteFormPage = lazy(() => import('./pages/performance/onsite/OnsiteForm.tsx'));
const OnsiteTemplatesPage = lazy(() => import('./pages/performance/onsite/OnsiteTemplates.tsx'));
const EmployeeOnsitePage = lazy(() => import('./pages/performance/onsite/EmployeeForms.tsx'));
const SkillProposalsPage = lazy(() => import('./pages/performance/skills/SkillProposals.tsx'));
const EmployeeRecordPage = lazy(() =>
  import('./pages/performance/skills/StaffRecord.tsx').then((m) => ({ default: m.EmployeeRecordPage })),
);
const MyRecordPage = lazy(() => import('./pages/performance/skills/StaffRecord.tsx'));
const KpiBoardPage = lazy(() => import('./pages/performance/views/HallBoard.tsx'));
const ClerkKpisPage = lazy(() => import('./pages/performance/views/ClerkPage.tsx'));
const KpiLeaguePage = lazy(() => import('./pages/performance/views/League.tsx'));
const MyKpisPage = lazy(() => import('./pages/performance/views/MyKpis.tsx'));
const CyclesPage = lazy(() => import('./pages/performance/cycles/Cycles.tsx'));
const CyclePage = lazy(() => import('./pages/performance/cycles/Cycle.tsx'));
const CycleSheetPage = lazy(() => import('./pages/performance/cycles/Sheet.tsx'));
const MyAssessmentsPage = lazy(() => import('./pages/performance/cycles/MyAssessments.tsx'));
const MyAssessmentPage = lazy(() => import('./pages/performance/cycles/MySheet.tsx'));
const KpiCataloguePage = lazy(() => import('./pages/performance/catalogue/Catalogue.tsx'));
const KpiEditorPage = lazy(() => import('./pages/performance/catalogue/KpiEditor.tsx'));
const StockPage = lazy(() => import('./pages/inventory/Stock.tsx'));
const TransfersPage = lazy(() => import('./pages/inventory/Transfers.tsx'));
const RequestPage = lazy(() => import('./pages/inventory/RequestForm.tsx'));
const TransferPage = lazy(() => import('./pages/inventory/Transfer.tsx'));
const ReceivePage = lazy(() => import('./pages/inventory/Receive.tsx'));
const InventoryCataloguePage = lazy(() => import('./pages/inventory/Catalogue.tsx'));
const InventoryCountsPage = lazy(() => import('./pages/inventory/Counts.tsx'));
const InventoryIssuePage = lazy(() => import('./pages/inventory/Issue.tsx'));
const InventoryStatsPage = lazy(() => import('./pages/inventory/Stats.tsx'));
const InventoryReorderPage = lazy(() => import('./pages/inventory/Reorder.tsx'));
const TrainingLibraryPage = lazy(() => import('./pages/training/Library.tsx'));
const TrainingMaterialPage = lazy(() => import('./pages/training/Material.tsx'));
const TrainingNewPage = lazy(() => import('./pages/training/NewMaterial.tsx'));
const TrainingSessionsPage = lazy(() => import('./pages/training/Sessions.tsx'));
const TrainingSessionNewPage = lazy(() => import('./pages/training/SessionNew.tsx'));
const TrainingSessionPage = lazy(() => import('./pages/training/Session.tsx'));
const TrainingSessionRoomPage = lazy(() => import('./pages/training/SessionRoom.tsx'));
const TrainingCheckinPage = lazy(() => import('./pages/training/Checkin.tsx'));
const TrainingQuestionsPage = lazy(() => import('./pages/training/Questions.tsx'));
const TrainingExamsPage = lazy(() => import('./pages/training/Exams.tsx'));
const TrainingExamNewPage = lazy(() => import('./pages/training/ExamNew.tsx'));
const TrainingExamPage = lazy(() => import('./pages/training/Exam.tsx'));
const TrainingMinePage = lazy(() => import('./pages/training/Mine.tsx'));
const TrainingAttemptPage = lazy(() => import('./pages/training/Attempt.tsx'));
const TrainingSuggestionsPage = lazy(() => import('./pages/training/Suggestions.tsx'));
const TrainingEffectsPage = lazy(() => import('./pages/training/Effects.tsx'));
const TrainingPlansPage = lazy(() => import('./pages/training/Plans.tsx'));

// The page's language and title follow the language switch.
createRoot(() =>
  createEffect(() => {
    document.documentElement.lang = lang();
    document.title = t('app.name');
  }),
);

render(
  () => (
    <Router>
      <Route path="/login" component={LoginPage} />
      <Route path="/" component={Shell}>
        <Route path="/" component={OverviewPage} />
        <Route path="/halls/:hallId" component={HallPage} />
        <Route path="/halls/:hallId/reports" component={ReportsPage} />
        <Route path="/halls/:hallId/reports/:date" component={ReportPage} />
        <Route path="/halls/:hallId/kpi-reports" component={KpiReportsPage} />
        <Route path="/halls/:hallId/kpi-reports/:date" component={KpiReportPage} />
        <Route path="/kpi-reports/region/:orgUnitId/:date" component={KpiRollupPage} />
        <Route path="/halls/:hallId/forecast" component={ForecastPage} />
        <Route path="/halls/:hallId/scheduling/settings" component={PlanSettingsPage} />
        <Route path="/halls/:hallId/adherence" component={AdherencePage} />
        <Route path="/halls/:hallId/rosters/review" component={RosterReviewPage} />
        <Route path="/halls/:hallId/wishes" component={HallWishesPage} />
        <Route path="/halls/:hallId/fairness" component={FairnessPage} />
        <Route path="/me/wishes" component={MyWishesPage} />
        <Route path="/me/swaps" component={MySwapsPage} />
        <Route path="/halls/:hallId/rosters" component={RostersPage} />
        <Route path="/halls/:hallId/rosters/:rosterId" component={RosterWeekPage} />
        <Route path="/alarms" component={AlarmsPage} />
        <Route path="/analysis" component={AnalysisPage} />
        <Route path="/admin/:section?" component={AdminPage} />
        <Route path="/notifications/:section?" component={NotificationsPage} />
        <Route path="/halls/:hallId/staff" component={StaffListPage} />
        <Route path="/staff/:employeeId" component={EmployeePage} />
        <Route path="/me" component={MePage} />
        <Route path="/halls/:hallId/onsite" component={OnsiteListPage} />
        <Route path="/halls/:hallId/onsite/new" component={OnsiteNewPage} />
        <Route path="/halls/:hallId/onsite/templates" component={OnsiteTemplatesPage} />
        <Route path="/halls/:hallId/onsite/:formId" component={OnsiteFormPage} />
        <Route path="/staff/:employeeId/onsite" component={EmployeeOnsitePage} />
        <Route path="/staff/:employeeId/onsite/:formId" component={OnsiteFormPage} />
        <Route path="/halls/:hallId/skills" component={SkillProposalsPage} />
        <Route path="/staff/:employeeId/record" component={EmployeeRecordPage} />
        <Route path="/me/record" component={MyRecordPage} />
        <Route path="/halls/:hallId/kpis" component={KpiBoardPage} />
        <Route path="/staff/:employeeId/kpis" component={ClerkKpisPage} />
        <Route path="/kpis/league" component={KpiLeaguePage} />
        <Route path="/me/kpis" component={MyKpisPage} />
        <Route path="/performance/cycles" component={CyclesPage} />
        <Route path="/performance/cycles/:cycleId" component={CyclePage} />
        <Route path="/performance/cycles/:cycleId/halls/:hallId/sheets/:sheetId" component={CycleSheetPage} />
        <Route path="/me/assessments" component={MyAssessmentsPage} />
        <Route path="/me/assessments/:sheetId" component={MyAssessmentPage} />
        <Route path="/kpis" component={KpiCataloguePage} />
        <Route path="/kpis/new" component={KpiEditorPage} />
        <Route path="/kpis/:key" component={KpiEditorPage} />
        <Route path="/inventory" component={StockPage} />
        <Route path="/inventory/transfers" component={TransfersPage} />
        <Route path="/inventory/transfers/new" component={RequestPage} />
        <Route path="/inventory/transfers/:id" component={TransferPage} />
        <Route path="/inventory/transfers/:id/receive" component={ReceivePage} />
        <Route path="/inventory/catalogue" component={InventoryCataloguePage} />
        <Route path="/inventory/counts" component={InventoryCountsPage} />
        <Route path="/inventory/issue" component={InventoryIssuePage} />
        <Route path="/inventory/stats" component={InventoryStatsPage} />
        <Route path="/inventory/reorder" component={InventoryReorderPage} />
        <Route path="/training" component={TrainingLibraryPage} />
        <Route path="/training/new" component={TrainingNewPage} />
        <Route path="/training/materials/:id" component={TrainingMaterialPage} />
        <Route path="/training/sessions" component={TrainingSessionsPage} />
        <Route path="/training/sessions/new" component={TrainingSessionNewPage} />
        <Route path="/training/sessions/:id" component={TrainingSessionPage} />
        <Route path="/training/sessions/:id/room" component={TrainingSessionRoomPage} />
        <Route path="/training/checkin" component={TrainingCheckinPage} />
        <Route path="/training/questions" component={TrainingQuestionsPage} />
        <Route path="/training/exams" component={TrainingExamsPage} />
        <Route path="/training/exams/new" component={TrainingExamNewPage} />
        <Route path="/training/exams/:id" component={TrainingExamPage} />
        <Route path="/training/suggestions" component={TrainingSuggestionsPage} />
        <Route path="/training/effects" component={TrainingEffectsPage} />
        <Route path="/training/plans" component={TrainingPlansPage} />
        <Route path="/me/training" component={TrainingMinePage} />
        <Route path="/me/training/attempts/:id" component={TrainingAttemptPage} />
        <Route path="*404" component={NotFoundPage} />
      </Route>
    </Router>
  ),
  document.getElementById('root') as HTMLElement,
);
