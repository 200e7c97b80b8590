import { describe, expect, it } from 'vitest';
import type { HeldOutPrediction } from './cross-validate.ts';
import { heldOutDepartmentAccuracy, learnTopicDepartments } from './department-routing.ts';

describe('learnTopicDepartments', () => {
  it('maps each topic to its most frequent department, ties to the alphabetically first', () => {
    const t = learnTopicDepartments([
      { topic: 'roads', department: 'Б' },
      { topic: 'roads', department: 'А' },
      { topic: 'roads', department: 'Б' },
      { topic: 'waste', department: 'В' },
      { topic: 'waste', department: 'Г' },
    ]);
    expect(t.get('roads')).toBe('Б');
    expect(t.get('waste')).toBe('В');
  });
});

describe('heldOutDepartmentAccuracy', () => {
  const rows = [
    { topic: 'roads', department: 'Дороги' },
    { topic: 'roads', department: 'Дороги' },
    { topic: 'waste', department: 'ЖКХ' },
    { topic: 'waste', department: 'ЖКХ' },
  ] as const;
  const pred = (index: number, fold: number, predicted: 'roads' | 'waste'): HeldOutPrediction => ({
    index,
    fold,
    label: rows[index]?.topic ?? 'other',
    predicted,
    confidence: 1,
  });

  it('routes by the predicted topic with a table learned from the other folds only', () => {
    // Hand count: folds {0,2} and {1,3}; every prediction right → all 4 routed right.
    const right = [pred(0, 0, 'roads'), pred(2, 0, 'waste'), pred(1, 1, 'roads'), pred(3, 1, 'waste')];
    expect(heldOutDepartmentAccuracy(right, rows)).toBe(1);
    // One wrong topic (row 2 predicted roads) → routed to Дороги, wrong: 3/4.
    const oneWrong = [pred(0, 0, 'roads'), pred(2, 0, 'roads'), pred(1, 1, 'roads'), pred(3, 1, 'waste')];
    expect(heldOutDepartmentAccuracy(oneWrong, rows)).toBe(0.75);
  });
});
