export { OpenDataHub } from './OpenDataHub.js';
export { BudgetScreen } from './BudgetScreen.js';
export { ContractsScreen } from './ContractsScreen.js';
export { ContractScreen } from './ContractScreen.js';
export { DeclarationsScreen } from './DeclarationsScreen.js';
