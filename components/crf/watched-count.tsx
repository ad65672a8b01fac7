'use client';
/** CharacterCount for a react-hook-form field: re-renders only this span as the user types. */
import { useWatch, type Control, type FieldValues, type Path } from 'react-hook-form';
import { CharacterCount } from '../character-count';

export function WatchedCount<T extends FieldValues>({ control, name, max, threshold }: {
  control: Control<T>; name: Path<T>; max: number; threshold?: number;
}) {
  const value: unknown = useWatch({ control, name });
  const length = typeof value === 'string' ? value.length : 0;
  return <CharacterCount length={length} max={max} threshold={threshold} />;
}
