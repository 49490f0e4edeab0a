/**
 * A bar chart in a figure with its caption; the figure carries the plotted values (`data-values`), so
 * a test can hold the bars against the table beside them. Loaded with the tabs that draw charts.
 */
import { BarChart, type ChartSeries } from '../../charts/BarChart.tsx';
import { t } from '../../i18n.ts';

export function BarFigure(props: {
  caption: string;
  categories: string[];
  series: ChartSeries[];
  selected?: number | null;
  onSelect?: (i: number) => void;
  testId?: string;
}) {
  return (
    <figure
      class="analysis-chart"
      data-testid={props.testId}
      data-categories={JSON.stringify(props.categories)}
      data-values={JSON.stringify(props.series[0]?.values ?? [])}
    >
      <figcaption>{props.caption}</figcaption>
      <BarChart
        title={props.caption}
        categories={props.categories}
        series={props.series}
        selected={props.selected ?? null}
        {...(props.onSelect ? { onSelect: props.onSelect } : {})}
        emptyText={t('analysis.empty')}
      />
    </figure>
  );
}
