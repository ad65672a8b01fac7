/** What the course gives, in figures, above the swimmer plot (the same derivation the analyses use). */
import { daysToMonths } from '@/lib/analysis/dates';
import type { DerivedCourse } from '@/lib/course/derive';
import { codeLabel } from '@/lib/dictionary';
import styles from './course.module.css';

export function CourseStats({ course: c }: { course: DerivedCourse }) {
  const items: [string, string][] = [
    ['Time on ibrutinib', c.timeOnDrugDays === null ? 'not known' : `${daysToMonths(c.timeOnDrugDays).toFixed(1)} months${c.onDrug ? ' (ongoing)' : ''}`],
    ['Interruptions', c.interruptions.count ? `${c.interruptions.count} (${c.interruptions.totalDays} days)` : 'none'],
    ['Relative dose intensity', c.relativeDoseIntensity === null ? 'not known' : `${Math.round(c.relativeDoseIntensity * 100)}%`],
    ['First dose reduction', c.firstDoseReduction ? `${c.firstDoseReduction.date} (${c.firstDoseReduction.fromMg} → ${c.firstDoseReduction.toMg} mg)` : 'none'],
    ['Best response (visits)', c.bestResponse ? codeLabel('visitResponse', c.bestResponse.response, 'short') : 'none assessed'],
    ['Progression', c.progression ? `${c.progression.date}${c.progression.type === 'RT' ? ' (Richter transformation)' : ''}` : 'none recorded'],
  ];
  return (
    <dl className={styles.stats} data-testid="course-stats">
      {items.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
    </dl>
  );
}
