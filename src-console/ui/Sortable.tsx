import type { ReactNode } from 'react';

/**
 * A column header that sorts: a button inside the `<th>`, and `aria-sort` on the header saying
 * how the table is sorted now (screen readers announce it).
 */
export function SortHeader({
  children,
  active,
  dir,
  onSort,
  label,
}: {
  children: ReactNode;
  active: boolean;
  dir: 'asc' | 'desc';
  onSort: () => void;
  label: string;
}) {
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={onSort} aria-label={label}>
        {children}
        <span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}
