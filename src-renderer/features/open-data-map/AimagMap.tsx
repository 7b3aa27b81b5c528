import { useRef, type ReactNode } from 'react';
import { pathOf, type Position, type Projection } from '../../../src-shared/open-data-map/map-geometry.js';
import type { Boundary } from '../../../src-shared/schemas/open-data.js';

/** One area drawn over the soums (a licence, a protected area, a notice), with its style by class name. */
export interface MapArea {
  id: string;
  className: string;
  d: string;
  /** Where a marker is drawn, so that areas a few pixels wide can still be seen and touched. */
  marker?: Position;
}

/**
 * The aimag drawn as SVG from the borders the kiosk carries — no tiles, no network. Soums are
 * filled by `soumClass`, the kiosk's soum has a thick edge, soum names are written at their
 * centres. A touch anywhere gives the place touched ([longitude, latitude]) to `onPick`: what
 * was picked is decided outside React (`pickAt`, `soumAt`). To a screen reader it is one
 * picture with a label; the screen's list or table says the same in words.
 */
export function AimagMap({
  projection,
  outline,
  soums,
  soumClass,
  soumName,
  homeSoum,
  chosenSoum,
  areas,
  selected,
  label,
  onPick,
  testId,
  children,
}: {
  projection: Projection;
  outline: Boundary | undefined;
  soums: readonly Boundary[];
  soumClass(soum: string): string;
  soumName(soum: string): string;
  homeSoum: string;
  chosenSoum?: string | null;
  areas: readonly MapArea[];
  selected: string | null;
  label: string;
  onPick(point: Position): void;
  testId: string;
  children?: ReactNode;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const pick = (event: React.MouseEvent<SVGSVGElement>) => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    onPick(projection.invert([at.x, at.y]));
  };
  const home = soums.find((s) => s.soum === homeSoum);
  const chosen = soums.find((s) => s.soum === chosenSoum);
  const chosenArea = areas.find((a) => a.id === selected);
  return (
    <svg
      ref={svg}
      className="odm-map"
      viewBox={`0 0 ${projection.width} ${projection.height}`}
      role="img"
      aria-label={label}
      onClick={pick}
      data-testid={testId}
      data-areas={areas.length}
    >
      {soums.map((s) => (
        <path
          key={s.id}
          className={`odm-soum ${soumClass(s.soum ?? '')}`}
          d={pathOf(s.geometry, projection)}
          data-soum={s.soum}
        />
      ))}
      {outline && <path className="odm-outline" d={pathOf(outline.geometry, projection)} />}
      {areas.map((a) => (
        <g key={a.id} className={a.className} data-id={a.id}>
          <path d={a.d} />
          {a.marker && <circle cx={a.marker[0]} cy={a.marker[1]} r={6} />}
        </g>
      ))}
      {home && <path className="odm-home" d={pathOf(home.geometry, projection)} />}
      {chosen && chosen !== home && <path className="odm-chosen-soum" d={pathOf(chosen.geometry, projection)} />}
      {chosenArea && (
        <g className="odm-selected">
          <path d={chosenArea.d} />
          {chosenArea.marker && <circle cx={chosenArea.marker[0]} cy={chosenArea.marker[1]} r={14} />}
        </g>
      )}
      {soums.map((s) => {
        const [x, y] = projection.project(s.centre);
        return (
          <text key={s.id} className="odm-soum-name" x={x} y={y} textAnchor="middle" data-soum={s.soum}>
            {soumName(s.soum ?? '')}
          </text>
        );
      })}
      {children}
    </svg>
  );
}
