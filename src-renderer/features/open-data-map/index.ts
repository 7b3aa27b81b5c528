export { CrimeMapScreen } from './CrimeMapScreen.js';
export { LicenceMapScreen } from './LicenceMapScreen.js';
