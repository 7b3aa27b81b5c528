/**
 * Every screen that needs the database, sync or the host's services, in one chunk loaded just
 * after the first screen shows (see `load-kiosk.ts`).
 */
export { ServiceList } from './services/ServiceList.js';
export { ServiceDetail } from './services/ServiceDetail.js';
export { ServiceForm } from './form/ServiceForm.js';
export { PetitionForm } from './petition/PetitionForm.js';
export { ReceiptScreen } from './receipt/ReceiptScreen.js';
export { TrackScreen } from './track/TrackScreen.js';
export { PetitionReportScreen } from './report/PetitionReportScreen.js';
export { TechnicianPin } from './technician/TechnicianPin.js';
export { TechnicianScreen } from './technician/TechnicianScreen.js';
export { AssistedPin } from './home/AssistedPin.js';
export { LawChanges, LawComment, LawList, LawReader } from './laws/index.js';
export { BudgetScreen, ContractScreen, ContractsScreen, DeclarationsScreen, OpenDataHub } from './open-data/index.js';
export { HearingSignupForm } from './hearings/HearingSignupForm.js';
export { HearingsScreen } from './hearings/HearingsScreen.js';
export { CrimeMapScreen, LicenceMapScreen } from './open-data-map/index.js';
