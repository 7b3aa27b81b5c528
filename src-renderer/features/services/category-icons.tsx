import { Icon } from '../../app/icons.js';

/** Simple line pictures for the published category icon names; an unknown name gets a plain folder. */
const PATHS: Record<string, string> = {
  'id-card':
    'M3 6h18v12H3zM7 10.5a2 2 0 1 0 4 0 2 2 0 1 0-4 0M5.5 16c.5-1.6 1.7-2.5 3.5-2.5s3 .9 3.5 2.5M14 10h4.5M14 13h4.5',
  home: 'M3 11.5 12 4l9 7.5M5.5 10v10h5v-6h3v6h5V10',
  shield: 'M12 3.5 19 6v5.5c0 4.5-3 7.8-7 9-4-1.2-7-4.5-7-9V6zM8.8 12l2.2 2.2 4.2-4.4',
  heart: 'M12 20s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7.6 4.2 4.2 0 0 1 19.5 10c0 5.4-7.5 10-7.5 10Z',
  receipt: 'M6 3.5h12v17l-2-1.5-2 1.5-2-1.5-2 1.5-2-1.5-2 1.5zM9 8h6M9 11.5h6M9 15h4',
  map: 'M3 6.5 8.5 4l7 2.5L21 4v13.5L15.5 20l-7-2.5L3 20zM8.5 4v13.5M15.5 6.5V20',
  car: 'M4 15.5V12l2-5h12l2 5v3.5H4ZM4 12h16M5.5 15.5v2.5M18.5 15.5v2.5M7.5 13.8h.01M16.5 13.8h.01',
  book: 'M12 6.5C10 5 7 4.5 3.5 5v13c3.5-.5 6.5 0 8.5 1.5 2-1.5 5-2 8.5-1.5V5C17 4.5 14 5 12 6.5Zm0 0v13',
  scale: 'M12 4v16M7 20h10M5 7h14M5 7l-2.5 6a2.5 2.5 0 0 0 5 0zM19 7l-2.5 6a2.5 2.5 0 0 0 5 0z',
  sheep:
    'M7 10.5a3 3 0 0 1 5-2.2 3 3 0 0 1 5 .7 2.7 2.7 0 0 1 .5 5.2 3 3 0 0 1-5 1.3 3 3 0 0 1-5-.7 2.6 2.6 0 0 1-.5-4.3ZM9 16.5V20M15 16.5V20M6.5 9.5 4 8.5',
  star: 'm12 3.8 2.5 5.2 5.7.8-4.1 4 1 5.7-5.1-2.7-5.1 2.7 1-5.7-4.1-4 5.7-.8z',
};
const FOLDER = 'M3 6.5h6.5l2 2H21V19H3z';

export function CategoryIcon({ name }: { name: string | undefined }) {
  return (
    <Icon className="tile-icon">
      <path d={(name && PATHS[name]) || FOLDER} />
    </Icon>
  );
}
