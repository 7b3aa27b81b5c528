/**
 * Icons as SVG, not font symbols: the bundled font has letters, and an offline kiosk has nothing
 * else. Each is decorative (`aria-hidden`); the text beside it says what it means.
 */
export function Icon({ children, className = 'icon' }: { children: React.ReactNode; className?: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.9"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

type IconProps = { className?: string };

export const HomeIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 11.5 12 4l9 7.5M5.5 10v10h5v-6h3v6h5V10" />
  </Icon>
);
export const BackIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M20 12H5m6-7-7 7 7 7" />
  </Icon>
);
/** The on-screen keyboard's erase key (a key-shaped arrow pointing left). */
export const EraseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M9 5h11v14H9l-6-7 6-7Zm3 4 5 6m0-6-5 6" />
  </Icon>
);
/** The on-screen keyboard's capitals key (an outlined arrow pointing up). */
export const CapitalsIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 4 4 12h4.5v7h7v-7H20L12 4Z" />
  </Icon>
);
/** A state building: public services. */
export const ServicesIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 9.5 12 4l9 5.5M4 20h16M6 10.5V18m4-7.5V18m4-7.5V18m4-7.5V18" />
  </Icon>
);
/** A letter: a petition to the 11-11 centre. */
export const PetitionIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3" y="5.5" width="18" height="13" rx="1.5" />
    <path d="m3.5 6.5 8.5 6.5 8.5-6.5" />
  </Icon>
);
/** An open book with a pen mark: draft laws. */
export const LawsIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 6.5C10 5 7 4.5 3.5 5v13c3.5-.5 6.5 0 8.5 1.5 2-1.5 5-2 8.5-1.5V5C17 4.5 14 5 12 6.5Zm0 0v13" />
  </Icon>
);
/** A receipt with a magnifying glass: check my receipt. */
export const TrackIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 3.5h9l3 3V12M6 3.5v17l2-1.5 2 1.5 1-.75M9 8h6M9 11.5h4" />
    <circle cx="16.5" cy="16.5" r="3" />
    <path d="m18.7 18.7 2.3 2.3" />
  </Icon>
);
/** A bar chart under a magnifying glass: public information (budget, contracts, declarations). */
export const OpenDataIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3.5 20.5h17M6 17v-4m4 4V9m4 8v-3" />
    <circle cx="16.5" cy="7.5" r="3.5" />
    <path d="m19 10 2.5 2.5" />
  </Icon>
);
export const HelpIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17.2v.3" />
  </Icon>
);
export const HandIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M9 11V5.5a1.5 1.5 0 0 1 3 0V11m0-1.5V4a1.5 1.5 0 0 1 3 0v7m0-4.5a1.5 1.5 0 0 1 3 0V14c0 4-2.5 7-6.5 7-3 0-4.5-1.5-6-4l-1.8-3a1.5 1.5 0 0 1 2.6-1.5L9 14" />
  </Icon>
);
export const TextSizeIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 19 8 6l5 13M4.8 14.5h6.4M14 19l3.5-9 3.5 9M15.2 16h4.6" />
  </Icon>
);
export const StaffIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="8" r="3.5" />
    <path d="M5 20c.8-3.5 3.5-5.5 7-5.5s6.2 2 7 5.5" />
  </Icon>
);
