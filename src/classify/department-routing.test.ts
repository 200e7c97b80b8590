import { describe, expect, it } from 'vitest';
import { createNormaliser } from '../normalise/normaliser.ts';
import type { HeldOutPrediction } from './cross-validate.ts';
import {
  crossValidateRouter,
  heldOutDepartmentAccuracy,
  learnTopicDepartments,
} from './department-routing.ts';
import { topicExample } from './topic-features.ts';

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

describe('crossValidateRouter', () => {
  it('learns departments from the words of the appeal (a town name here)', () => {
    const normalise = createNormaliser();
    const rows: [string, string][] = [];
    for (const what of [
      'яма на дороге',
      'не горит фонарь',
      'мусор не вывезли',
      'нет воды',
      'сломана лавочка',
    ])
      for (const town of ['Льгов', 'Курчатов'])
        rows.push([`${town}: ${what} у дома`, `Администрация ${town}а`]);
    const examples = rows.map(([text]) =>
      topicExample(normalise({ id: 't', source: 'test', createdAt: '', eventTimeMs: 0, text }), 'other'),
    );
    const accuracy = crossValidateRouter(
      examples,
      rows.map((r) => r[1]),
      2,
      { minCount: 1, minClassExamples: 1 },
    );
    expect(accuracy).toBe(1);
  });
});
